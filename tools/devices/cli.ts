#!/usr/bin/env node
import { Command, CommandIO, CommandState, COMMON_OPTIONS, FLAG, parseOptions, runAsProcess, runCommand, TEXT, UsageError } from "../command";
import { stopSignalOf } from "../errors";
import { Environment, OutputStream, Redactor } from "../redact";
import { safeValues } from "../safeText";
import { MissingStackError } from "../verify/args";
import { loadStack, parseNamingStacks } from "../verify/cli";
import { Clock, systemClock } from "../verify/clock";
import { resolveConnection } from "../verify/connection";
import type { RetryLimits } from "../verify/executor";
import { FleetTally, PLATFORMS } from "./fleet";
import { ReadProgress } from "./progress";
import { DevicesReport, csvRecords, renderJson, renderText, resultOf } from "./render";

/** The devices command: the org's devices by platform and management state, read-only, with the same credentials and org as verify. */

export const USAGE = [
  "Usage: npm run devices -- --stack <name> [--platform <platform>] [--json | --csv]",
  "  --stack <name>         the stack whose org to read (Pulumi.<name>.yaml: okta:orgName and okta:baseUrl)",
  `  --platform <platform>  only the devices of one platform: ${PLATFORMS.join(", ")}`,
  "  --json                 print one JSON document instead of text",
  "  --csv                  print the registered devices not managed as CSV, one row per user of each",
  "Credentials, as for verify: OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY (scopes okta.devices.read and okta.users.read suffice).",
  "The org: okta:orgName and okta:baseUrl of the stack, else OKTA_ORG_NAME and OKTA_BASE_URL; OKTA_ORG_URL overrides both.",
  "Exit codes: 0 every registered device managed, 1 some not, 4 tenant not readable, 64 usage, 70 internal error, 74 output not written, 130 Ctrl-C (143 SIGTERM, 129 SIGHUP): stopped, the report covers what was read.",
].join("\n");

export interface DevicesArgs {
  stack: string;
  platform?: (typeof PLATFORMS)[number];
  format: "text" | "json" | "csv";
}

const OPTIONS = { ...COMMON_OPTIONS, platform: TEXT, csv: FLAG } as const;

/** The scopes devices asks for (DeviceApi.listDevices with expand=user), besides any other read scope OKTA_API_SCOPES names. */
const DEVICES_SCOPES = ["okta.devices.read", "okta.users.read"];

/** A guard against a next-page link that never ends: 1,000,000 devices at 200 a page. */
const MAX_DEVICE_PAGES = 5_000;

export function parseArgs(argv: readonly string[]): { help: true } | ({ help: false } & DevicesArgs) {
  const values = parseOptions(argv, OPTIONS);
  if (values.help) return { help: true };
  if (values.stack === undefined) throw new MissingStackError("--stack <name> is required");
  if (values.json && values.csv) throw new UsageError("--json and --csv do not go together: choose one");
  let platform: DevicesArgs["platform"];
  if (values.platform !== undefined) {
    const wanted = values.platform.trim().toUpperCase();
    platform = PLATFORMS.find((candidate) => candidate === wanted);
    if (!platform) throw new UsageError(`--platform ${printable(values.platform)}: expected one of ${PLATFORMS.join(", ")}`);
  }
  return { help: false, stack: values.stack, platform, format: values.json ? "json" : values.csv ? "csv" : "text" };
}

function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

export interface DevicesOptions {
  /** Where the `Pulumi.<stack>.yaml` files are; default the working directory. */
  projectDir?: string;
  clock?: Clock;
  retryLimits?: Partial<RetryLimits>;
  /** Called with the tenant's request log when the run ends (the bench and the tests count requests). */
  onRequests?: (sent: readonly string[]) => void;
}

function devicesCommand(options: DevicesOptions = {}): Command {
  return { name: "devices", run: (argv, env, io, state) => runDevices(argv, env, io, state, options) };
}

async function runDevices(argv: readonly string[], env: Environment, io: CommandIO, state: CommandState, options: DevicesOptions): Promise<number> {
  const projectDir = options.projectDir ?? process.cwd();
  const command = parseNamingStacks(projectDir, () => parseArgs(argv));
  if (command.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  state.json = command.format === "json";
  const stack = loadStack(projectDir, command.stack);
  const connection = resolveConnection(stack.org, env, DEVICES_SCOPES);
  if (connection.credentials.kind === "privateKey") io.learnSecret?.(connection.credentials.privateKey);
  // Loaded only now: the Okta SDK takes a while to load, which usage errors need not wait for.
  const { connect } = await import("../verify/client");
  const quiet = command.format === "json";
  const tenant = connect(connection, {
    clock: options.clock ?? systemClock,
    limits: options.retryLimits,
    maxPages: MAX_DEVICE_PAGES,
    signal: io.signal,
    onWait: quiet ? undefined : (message) => io.stderr.write(`devices: ${message}\n`),
    onCredential: io.learnSecret,
  });
  const tally = new FleetTally();
  const progress = new ReadProgress(quiet ? undefined : io.stderr);
  let pages = 0;
  let complete = true;
  try {
    await tenant.listDevices(command.platform && `profile.platform eq "${command.platform}"`, (devices) => {
      tally.add(devices);
      progress.page(tally.size, ++pages);
      if (io.signal?.aborted) complete = false;
      return complete;
    });
  } catch (error) {
    // Ctrl-C during a wait for the rate limit: report what was read.
    if (!io.signal?.aborted) throw error;
    complete = false;
  } finally {
    progress.end();
    options.onRequests?.(tenant.sent);
  }
  const summary = tally.summary();
  const stoppedBy = complete ? undefined : stopSignalOf(io.signal);
  const report: DevicesReport = { stack: command.stack, orgUrl: tenant.orgUrl, platform: command.platform ?? null, complete, ...(stoppedBy ? { stoppedBy } : {}), pages, ...summary, ...resultOf(summary, stoppedBy) };
  if (command.format === "csv") writeCsv(io.stdout, csvRecords(report));
  else io.stdout.write(command.format === "json" ? renderJson(report) : renderText(safeValues(report)));
  return report.exitCode;
}

/** RFC 4180 records end in CRLF; a stream without the terminal filter (no writeRecords) takes them as they are. */
function writeCsv(stdout: OutputStream, records: string[]): void {
  if (stdout.writeRecords) stdout.writeRecords(records, "\r\n");
  else stdout.write(records.map((record) => `${record}\r\n`).join(""));
}

/** Runs `devices` and returns its exit code. Nothing it prints carries a credential or a stack trace. */
export function main(argv: readonly string[], env: Environment, io: CommandIO, options: DevicesOptions = {}): Promise<number> {
  return runCommand(devicesCommand(options), argv, env, io, (environment) => Redactor.fromEnvironment(environment));
}

if (require.main === module) {
  const masking = Redactor.masking(process.env);
  runAsProcess("devices", (argv, env, io) => main(argv, env, io), (text) => masking.redact(text));
}
