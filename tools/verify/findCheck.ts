import type * as okta from "@okta/okta-sdk-nodejs";
import { CATCH_ALL_RULE_NAME, OKTA_USER_ID } from "../../policies/okta";
import { UsageError } from "../command";
import type { Tenant } from "./tenant";

/**
 * Finding the check in the tenant: the bookmark, its policy and rules, and the test users with
 * their assignments. Without pilot groups the cost does not grow with the users: every assignment
 * of the bookmark, with the user embedded, comes from one paged `GET /apps/{id}/users?expand=user`;
 * only a test user missing from it is looked up by itself. With pilot groups that listing carries
 * every member too (scope GROUP), so each test user is looked up and its own assignment read
 * (`GET /apps/{id}/users/{userId}`): two requests a test user, whatever the groups' size.
 */

/** The ids `pulumi stack output --json` reports for the check. */
export interface CheckIds {
  bookmarkAppId: string;
  policyId: string;
  ruleId: string;
  catchAllRuleId?: string;
}

/** What verify looks for: the stack's names, or the ids of `--outputs`. */
export interface ExpectedCheck {
  /** The stack reference as given (`--stack`), for the commands a fix names. */
  stack: string;
  /** The stack's file as messages name it (tools/stack/locate.ts). */
  stackFile: string;
  bookmarkLabel: string;
  policyName: string;
  ruleName: string;
  ids?: CheckIds;
  /** The stack's test users (logins or user ids). */
  testUsers: string[];
  /** The stack's pilot groups (okta-managed-device-check:testGroups), by name. */
  testGroups?: readonly string[];
  /** `--user`: only this one of them is checked. */
  only?: string;
}

/** The user of an assignment or a look-up, as the report needs it. */
export interface OktaUserRef {
  id: string;
  status: string;
  login: string;
}

export interface FoundUser {
  requested: string;
  user?: OktaUserRef;
  /** Whether the user is assigned to the bookmark; unknown when there is no bookmark to ask. */
  assigned?: boolean;
}

/** The check as the tenant has it; parts may be missing. */
export interface FoundCheck {
  /** Bookmark apps with the configured label (or the one with the outputs' id): 0, 1 or, ambiguously, more. */
  bookmarks: okta.BookmarkApplication[];
  policy?: okta.Policy;
  rules: okta.AccessPolicyRule[];
  catchAllRule?: okta.AccessPolicyRule;
  managedRule?: okta.AccessPolicyRule;
  /** The users to check: every test user, or the one of `--user`. */
  users: FoundUser[];
  /** Ids of `--outputs` the tenant no longer has, each with what was found by name instead. */
  staleOutputs: string[];
}

export async function findCheck(tenant: Tenant, expected: ExpectedCheck): Promise<FoundCheck> {
  const staleOutputs: string[] = [];
  const exportAgain = `export them again: pulumi stack output --json --stack ${expected.stack} > <file>`;
  const bookmarks = await findBookmarks(tenant, expected, staleOutputs, exportAgain);
  const policy = await findPolicy(tenant, expected, staleOutputs, exportAgain);
  const rules = policy?.id ? await tenant.listRules(policy.id) : [];
  const catchAllRule = rules.find((rule) => rule.system === true || rule.name === CATCH_ALL_RULE_NAME || rule.id === expected.ids?.catchAllRuleId);
  const byName = rules.find((rule) => rule.name === expected.ruleName && rule !== catchAllRule);
  let managedRule = byName;
  if (expected.ids) {
    managedRule = rules.find((rule) => rule.id === expected.ids?.ruleId);
    if (!managedRule && byName) {
      // A replaced rule: the outputs are stale, the check itself is not.
      staleOutputs.push(`the rule ${expected.ids.ruleId} named by --outputs is no longer in "${policy?.name}", whose rule "${byName.name}" is now ${byName.id}; ${exportAgain}`);
      managedRule = byName;
    }
  }
  const bookmark = bookmarks.length === 1 ? bookmarks[0] : undefined;
  const users = await findUsers(tenant, expected, bookmark);
  return { bookmarks, policy, rules, catchAllRule, managedRule, users, staleOutputs };
}

function isBookmark(app: okta.Application): app is okta.BookmarkApplication {
  return app.signOnMode === "BOOKMARK" && (app as okta.BookmarkApplication).name === "bookmark";
}

async function findBookmarks(tenant: Tenant, expected: ExpectedCheck, stale: string[], exportAgain: string): Promise<okta.BookmarkApplication[]> {
  if (expected.ids) {
    const app = await tenant.getApp(expected.ids.bookmarkAppId);
    if (app) return isBookmark(app) ? [app] : [];
  }
  // `q` matches the start of a name or label; the exact label and the bookmark type are checked here.
  const apps = (await tenant.findApps(expected.bookmarkLabel)).filter((app) => isBookmark(app) && app.label === expected.bookmarkLabel && app.status !== "DELETED");
  if (expected.ids && apps.length === 1) {
    stale.push(`the bookmark app ${expected.ids.bookmarkAppId} named by --outputs no longer exists; the bookmark labelled "${expected.bookmarkLabel}" is ${apps[0].id}; ${exportAgain}`);
  }
  return expected.ids && apps.length !== 1 ? [] : (apps as okta.BookmarkApplication[]);
}

async function findPolicy(tenant: Tenant, expected: ExpectedCheck, stale: string[], exportAgain: string): Promise<okta.Policy | undefined> {
  if (expected.ids) {
    const policy = await tenant.getPolicy(expected.ids.policyId);
    if (policy) return policy;
  }
  const policy = (await tenant.findAccessPolicies(expected.policyName)).find((candidate) => candidate.name === expected.policyName);
  if (expected.ids && policy) {
    stale.push(`the authentication policy ${expected.ids.policyId} named by --outputs no longer exists; the policy named "${expected.policyName}" is ${policy.id}; ${exportAgain}`);
  }
  return policy;
}

async function findUsers(tenant: Tenant, expected: ExpectedCheck, bookmark: okta.BookmarkApplication | undefined): Promise<FoundUser[]> {
  const assigned = new Map<string, OktaUserRef>();
  // `--user` names a test user by the same text, or (an id) the user a test user's login resolves to.
  const requested = expected.only ? [expected.only] : expected.testUsers;
  const withGroups = (expected.testGroups?.length ?? 0) > 0;
  if (bookmark?.id && requested.length > 0 && !withGroups) {
    for (const assignment of await tenant.listAppUsers(bookmark.id)) {
      const user = userRef((assignment._embedded as { user?: unknown } | undefined)?.user) ?? (assignment.id ? { id: assignment.id, status: "UNKNOWN", login: assignment.credentials?.userName ?? assignment.id } : undefined);
      if (user) {
        assigned.set(user.id.toLowerCase(), user);
        assigned.set(user.login.toLowerCase(), user);
      }
    }
  }
  const found: FoundUser[] = [];
  for (const entry of requested) {
    const fromAssignments = assigned.get(entry.toLowerCase());
    if (fromAssignments) {
      found.push({ requested: entry, user: fromAssignments, assigned: true });
      continue;
    }
    const looked = await tenant.getUser(entry);
    const user = userRef(looked);
    if (!user) {
      found.push({ requested: entry });
      continue;
    }
    const assignedNow = withGroups && bookmark?.id ? (await tenant.getAppUser(bookmark.id, user.id)) !== undefined : assigned.has(user.id.toLowerCase());
    found.push({ requested: entry, user, assigned: bookmark ? assignedNow : undefined });
  }
  if (expected.only && !matchesTestUser(expected.only, expected.testUsers)) {
    const user = found[0]?.user;
    if (!user || (!matchesTestUser(user.login, expected.testUsers) && !matchesTestUser(user.id, expected.testUsers))) throw notATestUser(expected);
  }
  return found;
}

/**
 * `--user` before any request: a login must be listed as it is; an Okta user id may be the user of a
 * listed login, which only the tenant can tell (checked again once the users are found).
 */
export function checkRequestedUser(expected: Pick<ExpectedCheck, "only" | "testUsers" | "stackFile">): void {
  if (expected.only && !matchesTestUser(expected.only, expected.testUsers) && !OKTA_USER_ID.test(expected.only)) throw notATestUser(expected);
}

function matchesTestUser(value: string, testUsers: readonly string[]): boolean {
  return testUsers.some((entry) => entry.toLowerCase() === value.toLowerCase());
}

function notATestUser(expected: Pick<ExpectedCheck, "only" | "testUsers" | "stackFile">): UsageError {
  return new UsageError(
    `--user ${expected.only}: not one of the stack's test users (okta-managed-device-check:testUsers in ${expected.stackFile}: ${expected.testUsers.join(", ")})`,
  );
}

function userRef(value: unknown): OktaUserRef | undefined {
  const user = value as { id?: unknown; status?: unknown; profile?: { login?: unknown } } | undefined;
  if (!user || typeof user.id !== "string" || typeof user.profile?.login !== "string") return undefined;
  return { id: user.id, status: typeof user.status === "string" ? user.status : "UNKNOWN", login: user.profile.login };
}

/** The id at the end of the bookmark's `_links.accessPolicy.href`, as the Okta provider reads it. */
export function accessPolicyIdOf(app: okta.Application): string | undefined {
  const href = app._links?.accessPolicy?.href;
  return href ? href.replace(/\/+$/, "").split("/").pop() : undefined;
}
