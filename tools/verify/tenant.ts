import type * as okta from "@okta/okta-sdk-nodejs";
import type { Clock } from "./clock";
import type { RetryLimits, RunDeadline } from "./executor";
import type { OktaLogEvent } from "./signInEvents";

export interface ReadOptions {
  clock?: Clock;
  limits?: Partial<RetryLimits>;
  /** Stops a collection that never ends (a System Log polling query, a server bug). */
  maxPages?: number;
  /** Aborted by Ctrl-C, SIGTERM or SIGHUP (reason: the signal's name) or at --timeout (reason: "timeout"): the request in flight is abandoned. */
  signal?: AbortSignal;
  /** The run's bound on the clock (--timeout): no rate-limit wait goes past it. */
  deadline?: RunDeadline;
  /** One line for stderr whenever verify waits for a rate limit. */
  onWait?: (message: string) => void;
  /** Each credential the client sends or receives (the access token, the client assertion), for the redactor. */
  onCredential?: (secret: string) => void;
}

/** The reads verify makes, each one request or one paged Collection of the SDK. */
export interface Tenant {
  orgUrl: string;
  /** Every request sent so far, as "METHOD /path". */
  readonly sent: readonly string[];
  /** Bookmark candidates: `GET /api/v1/apps?q=<label>` (ApplicationApi.listApplications). */
  findApps(label: string): Promise<okta.Application[]>;
  /** `GET /api/v1/apps/{id}`; undefined on 404. */
  getApp(appId: string): Promise<okta.Application | undefined>;
  /** `GET /api/v1/policies?type=ACCESS_POLICY&q=<name>` (PolicyApi.listPolicies). */
  findAccessPolicies(name: string): Promise<okta.Policy[]>;
  /** `GET /api/v1/policies/{id}`; undefined on 404. */
  getPolicy(policyId: string): Promise<okta.Policy | undefined>;
  /** `GET /api/v1/policies/{id}/rules` (PolicyApi.listPolicyRules). */
  listRules(policyId: string): Promise<okta.AccessPolicyRule[]>;
  /** Every assignment of the app with the user embedded: `GET /api/v1/apps/{id}/users?expand=user`, paged. */
  listAppUsers(appId: string): Promise<okta.AppUser[]>;
  /**
   * One user's assignment of the app, direct (scope USER) or through a group (scope GROUP):
   * `GET /api/v1/apps/{appId}/users/{userId}` (ApplicationApi.getApplicationUser); undefined on 404 (not assigned).
   */
  getAppUser(appId: string, userId: string): Promise<okta.AppUser | undefined>;
  /** `GET /api/v1/users/{id or login}`; undefined on 404. */
  getUser(idOrLogin: string): Promise<okta.User | undefined>;
  /** One bounded System Log query (`since` and `until`), every page of it. */
  listLogEvents(query: { since: Date; until: Date; filter: string }): Promise<OktaLogEvent[]>;
  /** `GET /api/v1/users/{id}/devices` (UserApi.listUserDevices): without management status. */
  listUserDevices(userId: string): Promise<okta.UserDevice[]>;
  /** `GET /api/v1/devices?search=...&expand=user` (DeviceApi.listDevices): with `_embedded.users[].managementStatus`. */
  searchDevices(search: string): Promise<okta.DeviceList[]>;
  /**
   * The org's devices (or those `search` selects) with their users, at the largest page Okta allows
   * (`GET /api/v1/devices?expand=user&limit=200`, paged by `after`); `onPage` gets each page and returns false to stop.
   */
  listDevices(search: string | undefined, onPage: (devices: okta.DeviceList[]) => boolean): Promise<void>;
  /** Groups named exactly `name`: `GET /api/v1/groups?search=profile.name eq "<name>"` (GroupApi.listGroups; scope okta.groups.read). */
  findGroups(name: string): Promise<okta.Group[]>;
  /** A group's members, page by page: `GET /api/v1/groups/{id}/users?limit=1000` (GroupApi.listGroupUsers); `onPage` returns false to stop. */
  listGroupMembers(groupId: string, onPage: (users: okta.User[]) => boolean): Promise<void>;
  /** `GET /api/v1/apps/{appId}/groups/{groupId}` (ApplicationApi.getApplicationGroupAssignment); undefined on 404 (not assigned). */
  getAppGroupAssignment(appId: string, groupId: string): Promise<okta.ApplicationGroupAssignment | undefined>;
  /** `GET /api/v1/users/{id}/factors` (UserFactorApi.listFactors). */
  listFactors(userId: string): Promise<okta.UserFactor[]>;
  /** `GET /api/v1/authenticators` (AuthenticatorApi.listAuthenticators). */
  listAuthenticators(): Promise<okta.AuthenticatorBase[]>;
  /** `GET /.well-known/okta-organization` (OrgSettingApi.getWellknownOrgMetadata): `pipeline` idx or v1. */
  getOrgMetadata(): Promise<okta.WellKnownOrgMetadata>;
}
