import type * as okta from "@okta/okta-sdk-nodejs";
import { CATCH_ALL_RULE_NAME } from "../../policies/okta";
import type { OktaLogEvent, Tenant } from "./client";

/**
 * Verdicts and guidance: what the System Log says of each user's last sign-in to the bookmark,
 * the device it names, the MFA event that went with it, the user's devices with their management
 * status, and what to do next. Event shapes: the SDK's LogEvent (actor, outcome.result, target[]
 * with the AppInstance and the matched Rule, published) and LogDevice for `device`
 * (okta-sdk-nodejs src/types/generated/models/LogEvent.d.ts, LogDevice.d.ts).
 */

export const SIGN_ON_EVALUATION = "policy.evaluate_sign_on";
/** The event the seed article names as the sign of a successful FastPass probe. */
export const MFA_EVENT = "user.authentication.auth_via_mfa";
/** The most users named in one System Log filter; beyond, the MFA evidence is not read. */
export const MAX_USERS_IN_FILTER = 50;
/** How far from the evaluation an MFA event still counts as the same sign-in. */
const EVIDENCE_WINDOW_MS = 10 * 60_000;

export type VerdictKind = "managed" | "not_managed" | "no_evaluation";

/** One `policy.evaluate_sign_on` event, as the report shows it. */
export interface Evaluation {
  at: string;
  /** `outcome.result`: ALLOW, DENY, CHALLENGE, ... */
  result: string;
  reason?: string;
  /** The matched rule (`target[]` entry of type Rule), when the event names one. */
  rule?: { id: string; name?: string };
  /** The device the event names (its `device` block), when it names one. */
  device?: { id?: string; name?: string; platform?: string; managed?: boolean; registered?: boolean };
}

/** The `user.authentication.auth_via_mfa` event of the same sign-in. */
export interface MfaEvidence {
  at: string;
  result: string;
  /** The authenticator or method the event names, e.g. "Okta Verify". */
  authenticator?: string;
}

export type Decision =
  | { verdict: "managed"; evaluation: Evaluation }
  | { verdict: "not_managed"; evaluation: Evaluation }
  | { verdict: "no_evaluation"; why: "none" }
  | { verdict: "no_evaluation"; why: "unfinished" | "other_rule"; evaluation: Evaluation };

export interface TimeWindow {
  since: Date;
  until: Date;
}

/**
 * The one System Log filter of a poll: the bookmark's sign-on evaluations, and the MFA events of
 * the users checked (named by id while they fit in one filter). The API takes every SCIM operator
 * but `[ ]`, parentheses included (SystemLogApi.listLogEvents, `filter`; okta-sdk-nodejs
 * src/types/generated/apis/SystemLogApi.d.ts).
 */
export function signInFilter(appId: string, userIds: readonly string[]): string {
  const evaluations = `eventType eq "${SIGN_ON_EVALUATION}" and target.id eq "${appId}"`;
  if (userIds.length === 0 || userIds.length > MAX_USERS_IN_FILTER) return evaluations;
  const actors = userIds.map((id) => `actor.id eq "${id}"`).join(" or ");
  return `(${evaluations}) or (eventType eq "${MFA_EVENT}" and (${actors}))`;
}

/** One bounded query (its paging ends; a polling query's never does), oldest first. */
export async function readSignIns(tenant: Tenant, appId: string, userIds: readonly string[], window: TimeWindow): Promise<OktaLogEvent[]> {
  const events = await tenant.listLogEvents({ since: window.since, until: window.until, filter: signInFilter(appId, userIds) });
  return events.filter((event) => isEvaluationOf(event, appId) || event.eventType === MFA_EVENT).sort((a, b) => time(a) - time(b));
}

function isEvaluationOf(event: OktaLogEvent, appId: string): boolean {
  return event.eventType === SIGN_ON_EVALUATION && (event.target ?? []).some((target) => target.type === "AppInstance" && target.id === appId);
}

const DECISIVE = new Set(["ALLOW", "DENY"]);

/**
 * The most recent ALLOW or DENY evaluation of the user decides. A DENY means the device did not pass
 * the managed-device rule and fell through to the catch-all. An ALLOW counts only when the managed-device
 * rule matched; the drift check has already proved it is the only rule of the policy that allows.
 */
export function decide(events: readonly OktaLogEvent[], userId: string, managedRule: { id?: string; name?: string }): Decision {
  const mine = events.filter((event) => event.eventType === SIGN_ON_EVALUATION && event.actor?.id === userId);
  const decisive = latest(mine.filter((event) => DECISIVE.has(String(event.outcome?.result ?? ""))));
  if (!decisive) {
    const unfinished = latest(mine.filter((event) => event.outcome?.result === "CHALLENGE"));
    return unfinished ? { verdict: "no_evaluation", why: "unfinished", evaluation: toEvaluation(unfinished) } : { verdict: "no_evaluation", why: "none" };
  }
  const evaluation = toEvaluation(decisive);
  if (evaluation.result === "DENY") return { verdict: "not_managed", evaluation };
  const rule = evaluation.rule;
  if (!rule || rule.id === managedRule.id || rule.name === managedRule.name) return { verdict: "managed", evaluation };
  return { verdict: "no_evaluation", why: "other_rule", evaluation };
}

/** The user's MFA event closest to the evaluation, within ten minutes of it. */
export function mfaEvidence(events: readonly OktaLogEvent[], userId: string, evaluation: Evaluation | undefined): MfaEvidence | undefined {
  if (!evaluation) return undefined;
  const at = Date.parse(evaluation.at);
  const candidates = events.filter((event) => event.eventType === MFA_EVENT && event.actor?.id === userId && Math.abs(time(event) - at) <= EVIDENCE_WINDOW_MS);
  const closest = candidates.sort((a, b) => Math.abs(time(a) - at) - Math.abs(time(b) - at))[0];
  if (!closest) return undefined;
  const authenticator = (closest.target ?? []).find((target) => target.type === "AuthenticatorEnrollment" || target.type === "Authenticator")?.displayName;
  return { at: iso(closest), result: String(closest.outcome?.result ?? "UNKNOWN"), authenticator: authenticator ?? undefined };
}

function latest(events: OktaLogEvent[]): OktaLogEvent | undefined {
  return events.reduce<OktaLogEvent | undefined>((newest, event) => (!newest || time(event) >= time(newest) ? event : newest), undefined);
}

function time(event: OktaLogEvent): number {
  return event.published instanceof Date ? event.published.getTime() : Date.parse(String(event.published));
}

function iso(event: OktaLogEvent): string {
  return new Date(time(event)).toISOString();
}

function toEvaluation(event: OktaLogEvent): Evaluation {
  const rule = (event.target ?? []).find((target) => target.type === "Rule");
  const device = event.device;
  return {
    at: iso(event),
    result: String(event.outcome?.result ?? "UNKNOWN"),
    reason: event.outcome?.reason ?? undefined,
    rule: rule?.id ? { id: rule.id, name: rule.displayName ?? undefined } : undefined,
    device: device
      ? { id: device.id ?? undefined, name: device.name ?? undefined, platform: device.os_platform ?? undefined, managed: device.managed ?? undefined, registered: device.registered ?? undefined }
      : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Devices

export interface DeviceStatus {
  id: string;
  name: string;
  platform: string;
  status: string;
  registered?: boolean;
  /** From the Devices API's `_embedded.users[]` entry for this user; UNKNOWN when Okta did not say. */
  managementStatus: string;
}

// Okta recommends small search pages; a long `or` chain would also make an over-long URL.
const DEVICES_PER_SEARCH = 20;

/**
 * The devices of each user with their management status. `/users/{id}/devices` lists them without
 * it (UserDevice), so `/devices?search=id eq ... or ...&expand=user` (DeviceList with
 * `_embedded.users[]` of DeviceUser {managementStatus, user}) is asked for many devices at a time,
 * across all the users.
 */
export async function readDevices(tenant: Tenant, userIds: readonly string[]): Promise<Map<string, DeviceStatus[]>> {
  const owned = new Map<string, okta.UserDevice[]>();
  for (const userId of userIds) owned.set(userId, await tenant.listUserDevices(userId));
  const ids = [...new Set([...owned.values()].flat().map((entry) => entry.device?.id ?? "").filter((id) => /^[A-Za-z0-9]+$/.test(id)))];
  const detailed: okta.DeviceList[] = [];
  for (let start = 0; start < ids.length; start += DEVICES_PER_SEARCH) {
    const search = ids
      .slice(start, start + DEVICES_PER_SEARCH)
      .map((id) => `id eq "${id}"`)
      .join(" or ");
    detailed.push(...(await tenant.searchDevices(search)));
  }
  const result = new Map<string, DeviceStatus[]>();
  for (const [userId, entries] of owned) {
    result.set(
      userId,
      entries.map(({ device }) => {
        const id = device?.id ?? "unknown";
        const details = detailed.find((candidate) => candidate.id === id);
        const profile = details?.profile ?? device?.profile;
        const link = details?._embedded?.users?.find((entry) => entry.user?.id === userId);
        return {
          id,
          name: profile?.displayName ?? id,
          platform: profile?.platform ?? "unknown platform",
          status: details?.status ?? device?.status ?? "UNKNOWN",
          registered: profile?.registered ?? undefined,
          managementStatus: link?.managementStatus ?? "UNKNOWN",
        };
      }),
    );
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Guidance

export interface LikelyCause {
  cause: string;
  fix: string;
}

export interface GuidanceContext {
  stack: string;
  login: string;
  bookmarkLabel: string;
  orgUrl: string;
  since: Date;
}

export interface Guidance {
  summary: string;
  likelyCauses?: LikelyCause[];
  nextSteps: string[];
}

/** The causes of a denial, most likely first, each with its fix. */
const NOT_MANAGED_CAUSES: readonly LikelyCause[] = [
  {
    cause: "the MDM integration was not finished before this sign-in",
    fix: "finish it under Security > Device Integrations (the MDM must deploy Okta Verify with the integration's managed app configuration)",
  },
  {
    cause: "the device is not enrolled in the MDM",
    fix: "enroll the device in the MDM and let it install the managed Okta Verify",
  },
  {
    cause: "the user did not sign in with Okta FastPass from that device",
    fix: 'open the bookmark on the device itself and choose "Sign in with Okta FastPass", not a push to another device or another browser',
  },
];

export function guidanceFor(decision: Decision, devices: readonly DeviceStatus[] | undefined, context: GuidanceContext): Guidance {
  const { login, stack } = context;
  const tile = `"${context.bookmarkLabel}"`;
  const verifyAgain = `then run: npm run verify -- --stack ${stack} --user ${login}`;
  const askToSignIn = `ask ${login} to open the Okta End-User Dashboard (${context.orgUrl}) on the device under test, open the ${tile} tile and sign in with Okta Verify ("Sign in with Okta FastPass")`;
  switch (decision.verdict) {
    case "managed": {
      const steps = [`nothing to fix for ${login}; once every test device is confirmed, remove the check with: pulumi destroy --stack ${stack}`];
      if (devices && !devices.some((device) => device.managementStatus === "MANAGED")) {
        steps.unshift(`the Devices API lists no MANAGED device for ${login} yet; it is eventually consistent, so run verify again in a few minutes`);
      }
      return { summary: `allowed by ${ruleOf(decision.evaluation)} at ${timeAndDevice(decision.evaluation)}: the device is registered and managed`, nextSteps: steps };
    }
    case "not_managed":
      return {
        summary: `denied by ${ruleOf(decision.evaluation)} at ${timeAndDevice(decision.evaluation)}: Okta did not see a registered, managed device signing in with FastPass`,
        likelyCauses: [...NOT_MANAGED_CAUSES],
        nextSteps: [
          `after fixing the cause, ${login} must sign in to the ${tile} tile with FastPass again: Okta marks a device managed only at a FastPass sign-in`,
          verifyAgain,
        ],
      };
    case "no_evaluation":
      if (decision.why === "unfinished") {
        return {
          summary: `no evaluation yet: ${login} started a sign-in at ${timeAndDevice(decision.evaluation)} but did not finish it (${decision.evaluation.result})`,
          nextSteps: [`ask ${login} to open the ${tile} tile again on the device under test and complete the Okta Verify (FastPass) prompt`, verifyAgain],
        };
      }
      if (decision.why === "other_rule") {
        return {
          summary: `no evaluation yet: the last sign-in at ${timeAndDevice(decision.evaluation)} was allowed by ${ruleOf(decision.evaluation)}, which is not part of the check`,
          nextSteps: [askToSignIn, verifyAgain],
        };
      }
      return {
        summary: `no evaluation yet: ${login} has not opened the ${tile} tile since ${context.since.toISOString()}`,
        nextSteps: [askToSignIn, `${verifyAgain} (or widen the window, e.g. --since 7d, if they already did)`],
      };
  }
}

function ruleOf(evaluation: Evaluation): string {
  const name = evaluation.rule?.name;
  if (name) return `"${name}"`;
  return evaluation.result === "DENY" ? `the policy (presumably the ${CATCH_ALL_RULE_NAME})` : "the policy";
}

function timeAndDevice(evaluation: Evaluation): string {
  const device = evaluation.device?.name ? ` on "${evaluation.device.name}"` : "";
  return `${evaluation.at}${device}`;
}
