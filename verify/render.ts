import type { DeviceStatus } from "./devices";
import type { Result, UserVerdict, VerifyReport } from "./report";
import type { VerdictKind } from "./verdicts";

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
};

export function renderJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderText(report: VerifyReport): string {
  const lines: string[] = [`Managed-device check of stack ${report.stack} at ${report.orgUrl}`];
  lines.push(...report.warnings.map((warning) => `Warning: ${warning}`));
  const { bookmark, policy, rule } = report.check;
  if (bookmark && policy && rule) {
    lines.push(`Bookmark "${bookmark.label}" (${bookmark.id}), policy "${policy.name}" (${policy.id}), rule "${rule.name}" (${rule.id})`);
  }
  if (report.drift.length > 0) {
    lines.push(`Drift found (${report.drift.length}):`);
    for (const item of report.drift) lines.push(`  - ${item.message}`, `    fix: ${item.fix}`);
  } else {
    lines.push("Drift: none (the catch-all denies; the rule requires a registered, managed device, FastPass and a prompt at every sign-in)");
    lines.push(`Sign-in evaluations from ${report.window.since} to ${report.window.until}:`);
    for (const user of report.users) lines.push("", ...renderUser(user));
  }
  lines.push("", `Result: ${RESULT_LINE[report.result]} (exit ${report.exitCode})`);
  return `${lines.join("\n")}\n`;
}

function renderUser(user: UserVerdict): string[] {
  const lines = [`${user.login}: ${VERDICT_LABEL[user.verdict]}`, `  ${user.summary}`];
  if (user.devices) {
    lines.push(user.devices.length > 0 ? `  Devices of ${user.login}:` : `  Devices of ${user.login}: none registered`);
    lines.push(...user.devices.map((device) => `    - ${describeDevice(device)}`));
  }
  if (user.likelyCauses) {
    lines.push("  Likely causes, most likely first:");
    user.likelyCauses.forEach((cause, index) => lines.push(`    ${index + 1}. ${cause.cause}: ${cause.fix}`));
  }
  lines.push(...user.nextSteps.map((step) => `  Next: ${step}`));
  return lines;
}

function describeDevice(device: DeviceStatus): string {
  const registered = device.registered === undefined ? "" : device.registered ? ", registered" : ", not registered";
  return `${device.name} (${device.platform}, ${device.id}): ${device.managementStatus}${registered}, ${device.status}`;
}
