import type * as okta from "@okta/okta-sdk-nodejs";
import { TenantReadError } from "./errors";

/**
 * The System Log events of a sign-in to the bookmark, read in one bounded query per poll, and the
 * accessors the verdict reads them with. Which events, as recorded Identity Engine events show them
 * (DESIGN.md, "What a sign-in to the bookmark writes"; tests/verify/fixtures/recordedEvents.ts):
 * - `policy.evaluate_sign_on` of the bookmark (target.id is the app's id): the decision;
 * - `user.authentication.sso` of the bookmark: the `device` block of an allowed sign-in;
 * - the users' `user.authentication.auth_via_mfa` (one per authenticator: the FastPass probe among
 *   them) and `user.session.start` (a `device` block), named by actor while they fit in one filter.
 * The API takes every SCIM operator but `[ ]`, parentheses included (SystemLogApi.listLogEvents,
 * `filter`; okta-sdk-nodejs src/types/generated/apis/SystemLogApi.d.ts).
 */

export const SIGN_ON_EVALUATION = "policy.evaluate_sign_on";
export const APP_SSO = "user.authentication.sso";
export const MFA_EVENT = "user.authentication.auth_via_mfa";
export const SESSION_START = "user.session.start";
/** The most users named in one System Log filter; beyond, their own events (MFA, session) are not read. */
export const MAX_USERS_IN_FILTER = 50;
/** How far from the evaluation another event still counts as the same sign-in. */
const EVIDENCE_WINDOW_MS = 10 * 60_000;

/**
 * A System Log event with the `device` block Okta sends for sign-on evaluations. The Management
 * API's `LogEvent` model in okta-sdk-nodejs 8.1.0 has no `device` property and is not extensible
 * (src/types/generated/models/LogEvent.d.ts; api-docs/LogEvent.md), so its deserializer drops the
 * block, which client.ts keeps; its shape is the SDK's own `LogDevice` (src/types/generated/models/LogDevice.d.ts).
 */
export type OktaLogEvent = okta.LogEvent & { device?: okta.LogDevice | null };

/** The one read of the System Log these events come from (Tenant.listLogEvents in tenant.ts). */
export interface SystemLogReader {
  listLogEvents(query: { since: Date; until: Date; filter: string }): Promise<OktaLogEvent[]>;
}

export interface TimeWindow {
  since: Date;
  until: Date;
}

function signInFilter(appId: string, userIds: readonly string[]): string {
  const ofTheApp = `(eventType eq "${SIGN_ON_EVALUATION}" or eventType eq "${APP_SSO}") and target.id eq "${appId}"`;
  if (userIds.length === 0 || userIds.length > MAX_USERS_IN_FILTER) return ofTheApp;
  const actors = userIds.map((id) => `actor.id eq "${id}"`).join(" or ");
  return `(${ofTheApp}) or ((eventType eq "${MFA_EVENT}" or eventType eq "${SESSION_START}") and (${actors}))`;
}

/** One bounded query (its paging ends; a polling query's never does), oldest first. */
export async function readSignIns(tenant: SystemLogReader, appId: string, userIds: readonly string[], window: TimeWindow): Promise<OktaLogEvent[]> {
  const events = await tenant.listLogEvents({ since: window.since, until: window.until, filter: signInFilter(appId, userIds) });
  const read = events.filter((event) => isOfTheApp(event, appId) || event.eventType === MFA_EVENT || event.eventType === SESSION_START);
  const times = new Map(read.map((event) => [event, eventTime(event)]));
  return read.sort((a, b) => (times.get(a) as number) - (times.get(b) as number));
}

function isOfTheApp(event: OktaLogEvent, appId: string): boolean {
  return (event.eventType === SIGN_ON_EVALUATION || event.eventType === APP_SSO) && targetsOf(event, "AppInstance").some((target) => target.id === appId);
}

/** When the event happened; an event without a valid `published` is a malformed answer (exit 4), never "no evaluation". */
function eventTime(event: OktaLogEvent): number {
  const published: unknown = event.published;
  const time = published instanceof Date ? published.getTime() : typeof published === "string" ? Date.parse(published) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new TenantReadError(`unexpected response from GET /api/v1/logs: the ${String(event.eventType ?? "")} event ${String(event.uuid ?? "")} has no valid published time`);
  }
  return time;
}

export function isoTime(event: OktaLogEvent): string {
  return new Date(eventTime(event)).toISOString();
}

export function latest<T extends OktaLogEvent>(events: readonly T[]): T | undefined {
  return events.reduce<T | undefined>((newest, event) => (!newest || eventTime(event) >= eventTime(newest) ? event : newest), undefined);
}

export function targetsOf(event: OktaLogEvent, type: string): okta.LogTarget[] {
  return (event.target ?? []).filter((target) => target?.type === type);
}

/** A text field of a target's `detailEntry` or of `debugContext.debugData`, where Okta put one. */
export function textOf(entry: { [key: string]: unknown } | null | undefined, key: string): string | undefined {
  const value = entry?.[key];
  return typeof value === "string" ? value : undefined;
}

/**
 * Whether two events of a user belong to the same sign-in: the same `externalSessionId` (all events
 * of one sign-in session share it: LogAuthenticationContext.d.ts), and within ten minutes of each
 * other. Without a session id on either side, the time alone.
 */
export function sameSignIn(a: OktaLogEvent, b: OktaLogEvent): boolean {
  if (a.actor?.id !== b.actor?.id || Math.abs(eventTime(a) - eventTime(b)) > EVIDENCE_WINDOW_MS) return false;
  const [first, second] = [sessionOf(a), sessionOf(b)];
  return !first || !second || first === second;
}

function sessionOf(event: OktaLogEvent): string | undefined {
  const id = event.authenticationContext?.externalSessionId;
  return id && id !== "unknown" ? id : undefined;
}

/** The event of `candidates` closest in time to `event`. */
export function closestTo<T extends OktaLogEvent>(event: OktaLogEvent, candidates: readonly T[]): T | undefined {
  const at = eventTime(event);
  return [...candidates].sort((a, b) => Math.abs(eventTime(a) - at) - Math.abs(eventTime(b) - at))[0];
}
