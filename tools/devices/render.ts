import { stringify } from "yaml";
import { ExitCode, SIGNAL_EXIT_CODES, StopSignal } from "../exitCodes";
import { VerifyExitCode } from "../verify/exitCodes";
import { DeviceState, DEVICE_STATES, FleetSummary, NotManagedDevice } from "./fleet";

/** The devices command's report and its three forms: text, one JSON document, CSV of the devices not managed. */

export const DevicesExitCode = {
  /** Every registered device of an active user is managed. */
  allManaged: 0,
  /** Some registered device is not managed. */
  notManaged: 1,
  tenantUnreadable: VerifyExitCode.tenantUnreadable,
  usage: ExitCode.usage,
  internal: ExitCode.internal,
  /** Stopped by Ctrl-C (130), SIGTERM (143) or SIGHUP (129): the report covers the devices read until then. */
  stopped: SIGNAL_EXIT_CODES,
} as const;

export type DevicesResult = "all_managed" | "not_managed" | "interrupted";

export interface DevicesReport extends FleetSummary {
  stack: string;
  orgUrl: string;
  /** `--platform`, when given. */
  platform: string | null;
  /** False when a signal stopped the read. */
  complete: boolean;
  /** The signal that stopped it. */
  stoppedBy?: StopSignal;
  pages: number;
  result: DevicesResult;
  exitCode: number;
}

export function resultOf(summary: FleetSummary, stoppedBy: StopSignal | undefined): Pick<DevicesReport, "result" | "exitCode"> {
  if (stoppedBy) return { result: "interrupted", exitCode: DevicesExitCode.stopped[stoppedBy] };
  return summary.total.not_managed > 0 ? { result: "not_managed", exitCode: DevicesExitCode.notManaged } : { result: "all_managed", exitCode: DevicesExitCode.allManaged };
}

export function renderJson(report: DevicesReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const STATE_HEADING: Record<DeviceState, string> = {
  managed: "Managed",
  not_managed: "Registered, not managed",
  not_registered: "Not registered",
  inactive_users: "Users deactivated or suspended",
  without_user: "No user",
};

/** `report` with its tenant text made safe to show (tools/safeText.ts, safeValues). */
export function renderText(report: DevicesReport): string {
  const scope = report.platform ? ` on ${report.platform}` : "";
  const lines = [`Devices${scope} of ${report.orgUrl} (stack ${report.stack}): ${count(report.devices, "device")} read in ${count(report.pages, "page")}`];
  lines.push("", ...table(report));
  if (report.total.inactive_users + report.total.without_user > 0) {
    lines.push(`  Set apart, outside the result: ${STATE_HEADING.inactive_users.toLowerCase()} (every user of the device), and no user linked to the device.`);
  }
  if (report.notManaged.length > 0) {
    lines.push("", `Registered but not managed (${count(report.notManaged.length, "device")}):`);
    lines.push(...report.notManaged.map((device) => `  - ${device.users.map((user) => user.login).join(", ")}: ${describeDevice(device)}`));
    lines.push("", `Their users (${report.users.length}), as a stack's test users (Pulumi.${report.stack}.yaml):`);
    lines.push(...indent(stringify({ "okta-managed-device-check:testUsers": report.users.map((user) => user.login) }), "  "));
    lines.push("As the members of an Okta group (user ids, for okta.group.Memberships or PUT /api/v1/groups/{groupId}/users/{userId}):");
    lines.push(...report.users.map((user) => `  - ${user.id}`));
    lines.push("", "Next: each of these users signs in once with Okta FastPass on the device (the check's bookmark asks for it); then run devices again.");
  }
  lines.push("", `Result: ${resultLine(report)} (exit ${report.exitCode})`);
  return `${lines.join("\n")}\n`;
}

function resultLine(report: DevicesReport): string {
  if (report.result === "interrupted") return `INTERRUPTED: stopped by ${report.stoppedBy === "SIGINT" ? "Ctrl-C" : report.stoppedBy} after ${count(report.devices, "device")}; the counts cover only those`;
  if (report.result === "not_managed") return `NOT MANAGED: ${count(report.total.not_managed, "registered device")} not managed yet`;
  return "MANAGED: every registered device of an active user is managed";
}

function table(report: DevicesReport): string[] {
  const headings = ["Platform", ...DEVICE_STATES.map((state) => STATE_HEADING[state]), "Devices"];
  const rows = [...report.platforms.map((row) => [row.platform, ...DEVICE_STATES.map((state) => String(row[state])), String(row.devices)])];
  rows.push(["All", ...DEVICE_STATES.map((state) => String(report.total[state])), String(report.devices)]);
  const widths = headings.map((heading, column) => Math.max(heading.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ")}`.trimEnd();
  return [line(headings), ...rows.map(line)];
}

function describeDevice(device: NotManagedDevice): string {
  const details = [device.platform, device.model, device.id].filter((part): part is string => Boolean(part));
  const status = device.status && device.status !== "ACTIVE" ? `, device ${device.status}` : "";
  return `"${device.name}" (${details.join(", ")})${status}, last updated ${device.lastUpdated ?? "unknown"}`;
}

function indent(text: string, prefix: string): string[] {
  return text.trimEnd().split("\n").map((line) => `${prefix}${line}`);
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

// ---------------------------------------------------------------------------------------------
// CSV

const CSV_COLUMNS = ["login", "userId", "userStatus", "platform", "model", "device", "deviceId", "deviceStatus", "lastUpdated"] as const;

/**
 * One record per user of each device not managed, quoted as RFC 4180 says, safe to open in a
 * spreadsheet; without their CRLF terminators, which the output stream adds after its terminal
 * filter (tools/output.ts, writeRecords), so a carriage return inside a value is still shown as \u000d.
 */
export function csvRecords(report: DevicesReport): string[] {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const device of report.notManaged) {
    for (const user of device.users) {
      rows.push([user.login, user.id, user.status, device.platform, device.model ?? "", device.name, device.id, device.status, device.lastUpdated ?? ""]);
    }
  }
  return rows.map((row) => row.map(csvField).join(","));
}

/**
 * A field a spreadsheet shows as text: one starting with = + - @, a tab or a carriage return would be
 * read as a formula, so it gets a leading apostrophe (OWASP, "CSV Injection"); then quoted when it
 * holds a comma, a quote or a line break, with its quotes doubled (RFC 4180, section 2).
 */
function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
