import { likelyCauses } from "./causes";
import { CheckRules, decide } from "./decision";
import { deviceContextOf } from "./deviceContext";
import { DeviceReader, DeviceStatus, readDevices } from "./devices";
import { fastPassProbe } from "./fastPassProbe";
import { guidanceFor } from "./guidance";
import type { UserVerdict } from "./report";
import { MAX_USERS_IN_FILTER, OktaLogEvent } from "./signInEvents";

/**
 * Each user's verdict with its evidence: the decision (decision.ts), the devices of the users with an
 * evaluation (one `/users/{id}/devices` each and one device search per 20 devices), the device Okta
 * saw, the FastPass probe, and for a denial its likely causes ranked from that evidence.
 */

export interface CheckedUser {
  requested: string;
  user: { id: string; login: string };
  /** A member of this pilot group (okta-managed-device-check:testGroups). */
  group?: string;
}

/**
 * The denied members of pilot groups whose devices are read (two requests or so each); the other
 * members' causes come from the sign-in's own evidence, so a group of thousands costs no more.
 */
const MEMBER_DEVICE_READS = 5;

export interface VerdictContext {
  stack: string;
  bookmarkLabel: string;
  orgUrl: string;
  since: Date;
}

/** `tenant` undefined: a signal stopped the run, and the verdicts go without the device look-ups. */
export async function userVerdicts(
  tenant: DeviceReader | undefined,
  events: readonly OktaLogEvent[],
  users: readonly CheckedUser[],
  rules: CheckRules,
  context: VerdictContext,
): Promise<UserVerdict[]> {
  const decisions = users.map((entry) => ({ ...entry, decision: decide(events, entry.user.id, rules) }));
  const ofTestUsers = decisions.filter(({ group, decision }) => group === undefined && decision.verdict !== "no_evaluation");
  const ofMembers = decisions.filter(({ group, decision }) => group !== undefined && decision.verdict === "not_managed").slice(0, MEMBER_DEVICE_READS);
  const evaluated = [...ofTestUsers, ...ofMembers].map(({ user }) => user.id);
  const devices = tenant ? await readDevices(tenant, evaluated) : new Map<string, DeviceStatus[]>();
  const mfaRead = users.length <= MAX_USERS_IN_FILTER;
  return decisions.map(({ requested, user, group, decision }): UserVerdict => {
    const owned = decision.verdict === "no_evaluation" ? undefined : devices.get(user.id);
    const { summary, nextSteps } = guidanceFor(decision, owned, { ...context, login: user.login, group });
    const verdict = { user: requested, userId: user.id, login: user.login, verdict: decision.verdict, summary, ...(group === undefined ? {} : { group }) };
    if (!("evaluation" in decision)) return { ...verdict, nextSteps };
    const evaluation = { ...decision.evaluation, device: deviceContextOf(decision.event, events, owned) };
    if (decision.verdict === "no_evaluation") return { ...verdict, evaluation, nextSteps };
    const probe = fastPassProbe(events, decision.event, mfaRead);
    const causes =
      decision.verdict === "not_managed" ? { likelyCauses: likelyCauses({ at: evaluation.at, device: evaluation.device, devices: owned, probe, ruleName: rules.managed.name, deniedBy: evaluation.rule?.name ?? "" }) } : {};
    return { ...verdict, evaluation, fastPassProbe: probe, devices: owned, ...causes, nextSteps };
  });
}
