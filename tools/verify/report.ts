import type { StopSignal } from "../exitCodes";
import type { LikelyCause } from "./causes";
import type { Evaluation, VerdictKind } from "./decision";
import { describeEvaluationDevice } from "./deviceContext";
import type { DeviceStatus } from "./devices";
import type { DriftItem } from "./drift";
import { formatDuration } from "./duration";
import { VerifyExitCode } from "./exitCodes";
import type { FastPassProbe } from "./fastPassProbe";
import { PilotSummary, renderPendingMembers, renderPilotSummary, shownInFull } from "./pilotReport";

export interface UserVerdict {
  /** The user as configured or given with --user. */
  user: string;
  userId: string;
  login: string;
  verdict: VerdictKind;
  summary: string;
  evaluation?: Evaluation;
  /** The FastPass probe (`user.authentication.auth_via_mfa` with FastPass) of the same sign-in, or why there is none. */
  fastPassProbe?: FastPassProbe;
  devices?: DeviceStatus[];
  likelyCauses?: LikelyCause[];
  nextSteps: string[];
  /** For a member of a pilot group: the group's name. */
  group?: string;
}

/** One criterion of readiness the API can see, with what to do when it fails. */
export interface ReadinessCheck {
  criterion: string;
  /** null: cannot tell, as the read it needs failed (the detail says why). */
  ok: boolean | null;
  detail: string;
  fix?: string;
}

export interface UserReadiness {
  user: string;
  userId?: string;
  login?: string;
  ready: boolean;
  checks: ReadinessCheck[];
  devices?: DeviceStatus[];
}

export interface PreflightReport {
  org: ReadinessCheck[];
  users: UserReadiness[];
  /** What the API cannot see, for the admin to confirm by hand. */
  manualSteps: string[];
}

export type Result = "managed" | "not_managed" | "no_evaluation" | "drift" | "ready" | "not_ready";

export interface VerifyReport {
  stack: string;
  orgUrl: string;
  /** The System Log window read; absent on a Classic Engine org, where no sign-in can be evaluated by the check. */
  window?: { since: string; until: string };
  /** The check as found; absent on a Classic Engine org, which has no app authentication policies. */
  check?: {
    bookmark?: { id: string; label: string };
    policy?: { id: string; name: string };
    rule?: { id: string; name: string };
    catchAllRule?: { id: string; name: string };
  };
  drift: DriftItem[];
  /** Not drift: what the admin may want to change (e.g. the stack's FastPass form). */
  advice: string[];
  /** Ids of --outputs that no longer match the tenant; the check was found by its names instead. */
  staleOutputs: string[];
  users: UserVerdict[];
  /** The stack's pilot groups (okta-managed-device-check:testGroups) and their members' verdicts counted. */
  pilot?: PilotSummary;
  preflight?: PreflightReport;
  /** What the report leaves out, and why, on a Classic Engine org. */
  unread?: string[];
  /** With --wait: how long verify waited and whether it was stopped. */
  waited?: { seconds: number; polls: number; stopped: "all_evaluated" | "time_out" | "interrupted"; signal?: StopSignal };
  warnings: string[];
  result: Result;
  exitCode: number;
}

/** Drift first (the verdicts cannot be trusted), then any denial, then any missing evaluation. */
export function resultOf(drift: readonly DriftItem[], users: readonly UserVerdict[]): { result: Result; exitCode: number } {
  if (drift.length > 0) return { result: "drift", exitCode: VerifyExitCode.drift };
  if (users.some((user) => user.verdict === "not_managed")) return { result: "not_managed", exitCode: VerifyExitCode.notManaged };
  if (users.some((user) => user.verdict === "no_evaluation")) return { result: "no_evaluation", exitCode: VerifyExitCode.noEvaluation };
  return { result: "managed", exitCode: VerifyExitCode.managed };
}

/** Preflight: drift first, then anything not ready (org or user). */
export function preflightResultOf(drift: readonly DriftItem[], preflight: PreflightReport): { result: Result; exitCode: number } {
  if (drift.length > 0) return { result: "drift", exitCode: VerifyExitCode.drift };
  if (preflight.org.some((check) => check.ok !== true) || preflight.users.some((user) => !user.ready)) return { result: "not_ready", exitCode: VerifyExitCode.notReady };
  return { result: "ready", exitCode: VerifyExitCode.managed };
}

const VERDICT_LABEL: Record<VerdictKind, string> = {
  managed: "MANAGED",
  not_managed: "NOT MANAGED",
  no_evaluation: "NO EVALUATION YET",
};

const RESULT_LINE: Record<Result, string> = {
  managed: "MANAGED: every test user's device is managed",
  not_managed: "NOT MANAGED: at least one test user was denied",
  no_evaluation: "INCOMPLETE: at least one test user has no evaluation yet",
  drift: "DRIFT: the check in the tenant no longer matches the stack; fix the drift, then run verify again",
  ready: "READY: every test user can try the sign-in now",
  not_ready: "NOT READY: fix what is listed for each user, then run the preflight again",
};

export function renderJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderText(report: VerifyReport): string {
  const lines: string[] = [`Managed-device check of stack ${report.stack} at ${report.orgUrl}`];
  lines.push(...report.warnings.map((warning) => `Warning: ${warning}`));
  lines.push(...report.staleOutputs.map((stale) => `Stale --outputs: ${stale}`));
  const { bookmark, policy, rule } = report.check ?? {};
  if (bookmark && policy && rule) {
    lines.push(`Bookmark "${bookmark.label}" (${bookmark.id}), policy "${policy.name}" (${policy.id}), rule "${rule.name}" (${rule.id})`);
  }
  if (report.drift.length > 0) {
    lines.push(`Drift found (${report.drift.length}):`);
    for (const item of report.drift) lines.push(`  - ${item.message}`, `    fix: ${item.fix}`);
  } else if (bookmark && policy && rule) {
    lines.push("Drift: none (the catch-all denies; the rule requires a registered, managed device, FastPass and a prompt at every sign-in)");
  }
  lines.push(...report.advice.map((advice) => `Advice: ${advice}`));
  if (report.preflight) lines.push(...renderPreflight(report.preflight));
  else if (report.drift.length === 0 && report.window) {
    lines.push(`Sign-in evaluations from ${report.window.since} to ${report.window.until}:`);
    if (report.pilot) lines.push(...renderPilotSummary(report.pilot));
    for (const user of report.users) if (shownInFull(user)) lines.push("", ...renderUser(user));
    lines.push(...renderPendingMembers(report.users));
  }
  if (report.waited) {
    const signal = report.waited.signal ?? "SIGINT";
    const how = { all_evaluated: "every test user has an evaluation", time_out: "the wait ran out", interrupted: `stopped by ${signal === "SIGINT" ? "Ctrl-C" : signal}` }[report.waited.stopped];
    lines.push("", `Waited ${formatDuration(report.waited.seconds * 1000)} (${report.waited.polls} System Log ${report.waited.polls === 1 ? "query" : "queries"}): ${how}`);
  }
  lines.push("", `Result: ${RESULT_LINE[report.result]} (exit ${report.exitCode})`);
  return `${lines.join("\n")}\n`;
}

function renderUser(user: UserVerdict): string[] {
  const lines = [`${user.login}${user.group === undefined ? "" : ` (group "${user.group}")`}: ${VERDICT_LABEL[user.verdict]}`, `  ${user.summary}`];
  const device = user.evaluation?.device;
  if (device) lines.push(`  Device in the evaluation: ${describeEvaluationDevice(device)}`);
  else if (user.evaluation && user.verdict !== "no_evaluation") lines.push("  Device in the evaluation: none named");
  const probe = user.fastPassProbe;
  if (probe?.found) {
    lines.push(`  FastPass probe: user.authentication.auth_via_mfa at ${probe.at} (${[probe.result, probe.authenticator, probe.method].filter(Boolean).join(", ")})`);
  } else if (probe) {
    lines.push(`  FastPass probe: none: ${probe.reason}`);
  }
  if (user.devices) {
    lines.push(user.devices.length > 0 ? `  Devices of ${user.login}:` : `  Devices of ${user.login}: none registered`);
    lines.push(...user.devices.map((d) => `    - ${describeDevice(d)}`));
  }
  if (user.likelyCauses) {
    lines.push("  Likely causes, most likely first:");
    user.likelyCauses.forEach((cause, index) => lines.push(`    ${index + 1}. ${cause.cause}: ${cause.fix}`, `       evidence: ${cause.evidence}`));
  }
  lines.push(...user.nextSteps.map((step) => `  Next: ${step}`));
  return lines;
}

function renderPreflight(preflight: PreflightReport): string[] {
  const mark = (ok: boolean | null) => (ok === null ? "??  " : ok ? "ok  " : "FIX ");
  const lines = ["Preflight of the org:"];
  for (const check of preflight.org) lines.push(`  ${mark(check.ok)} ${check.criterion}: ${check.detail}`, ...(check.fix && check.ok !== true ? [`       fix: ${check.fix}`] : []));
  for (const user of preflight.users) {
    lines.push("", `${user.login ?? user.user}: ${user.ready ? "READY" : "NOT READY"}`);
    for (const check of user.checks) lines.push(`  ${mark(check.ok)} ${check.criterion}: ${check.detail}`, ...(check.fix && check.ok !== true ? [`       fix: ${check.fix}`] : []));
    for (const device of user.devices ?? []) lines.push(`    - ${describeDevice(device)}`);
  }
  if (preflight.manualSteps.length > 0) lines.push("", "Manual steps the API cannot confirm:", ...preflight.manualSteps.map((step) => `  - ${step}`));
  return lines;
}

export function describeDevice(device: DeviceStatus): string {
  const registered = device.registered === undefined ? "" : device.registered ? ", registered" : ", not registered";
  return `${device.name} (${device.platform}, ${device.id}): ${device.managementStatus}${registered}, ${device.status}`;
}
