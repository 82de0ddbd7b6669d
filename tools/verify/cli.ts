#!/usr/bin/env node
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
// The config modules alone: the components' index also loads @pulumi/pulumi, which verify does not need.
import { CheckSettings, ConfigError, parseStackConfig } from "../../components/config";
import { isCalendarDate } from "../../policies/okta";
import { listStacks, parseStackName, readProjectStack, StackFileError, stackFilePath, StackNameError } from "../stackConfig";
import { Command, CommandIO, CommandState, COMMON_OPTIONS, FLAG, parseOptions, runAsProcess, runCommand, TEXT, UsageError } from "../command";
import { Environment, Redactor } from "../redact";
import type { OrgLocation, ReadOptions } from "./client";
import type { RetryLimits } from "./executor";
import { fastPassFormAdvice, findDrift } from "./drift";
import { CheckIds, checkRequestedUser, findCheck } from "./findCheck";
import { preflightResultOf, renderJson, renderText, resultOf, UserVerdict, VerifyReport } from "./report";
import { checkRules } from "./decision";
import { userVerdicts } from "./verdicts";
import { Clock, collectSignIns, systemClock } from "./wait";

/** The verify command: its arguments, the stack it reads, and the run from the tenant to the report. */

export const USAGE = [
  "Usage: npm run verify -- --stack <name> [--user <login or id>] [--since <time or duration>] [--outputs <file>] [--json]",
  "                        [--preflight | --wait <duration>]",
  "  --stack <name>     the stack whose check to read (Pulumi.<name>.yaml)",
  "  --user <login>     check only this one of the stack's test users (default: every okta-managed-device-check:testUsers entry)",
  "  --since <when>     read sign-ins since an ISO-8601 time (2025-01-31T09:00:00Z), a date (2025-01-31) or a duration ago (30m, 2h, 7d); default 24h, at most 90 days",
  "  --outputs <file>   take the ids from `pulumi stack output --json --stack <name>` saved in <file>",
  "  --preflight        before the sign-in: check the org and each test user are ready for it (exit 5 when not)",
  "  --wait <duration>  keep reading until every test user has an evaluation, or for at most 30s, 10m, 1h, ...",
  "  --json             print one JSON document instead of text",
  "Credentials, as for pulumi up: OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY (optional OKTA_API_PRIVATE_KEY_ID, OKTA_API_SCOPES).",
  "The org: okta:orgName and okta:baseUrl of the stack, else OKTA_ORG_NAME and OKTA_BASE_URL; OKTA_ORG_URL overrides both.",
  "Exit codes: 0 managed (or ready), 1 denied, 2 no evaluation yet, 3 drift, 4 tenant not readable, 5 not ready (--preflight), 64 usage, 70 internal error.",
].join("\n");

// ---------------------------------------------------------------------------------------------
// Arguments

export interface VerifyArgs {
  stack: string;
  /** A login or Okta user id of one of the stack's test users; when set, only this user is checked. */
  user?: string;
  since: Date;
  /** A `pulumi stack output --json` file whose ids replace the look-ups by name. */
  outputsFile?: string;
  json: boolean;
  preflight: boolean;
  /** `--wait`: how long to keep reading, in milliseconds. */
  waitMs?: number;
}

export type ParsedCommand = { help: true } | ({ help: false } & VerifyArgs);

const OPTIONS = { ...COMMON_OPTIONS, user: TEXT, since: TEXT, outputs: TEXT, wait: TEXT, preflight: FLAG } as const;

const DEFAULT_SINCE = "24h";
/** The System Log keeps 90 days of events (Okta's System Log API reference: "Data retention"). */
const MAX_SINCE_DAYS = 90;
const MAX_WAIT_MS = 24 * 3_600_000;

/** No `--stack` was given: the caller, which knows the project directory, names the stacks that exist. */
export class MissingStackError extends UsageError {}

export function parseArgs(argv: readonly string[], now: Date): ParsedCommand {
  const values = parseOptions(argv, OPTIONS);
  if (values.help) return { help: true };
  if (values.stack === undefined) throw new MissingStackError("--stack <name> is required");
  if (values.preflight && values.wait !== undefined) throw new UsageError("--preflight and --wait do not go together: run the preflight first, then --wait after asking the user to sign in");
  return {
    help: false,
    stack: values.stack,
    user: values.user?.trim(),
    since: parseSince(values.since ?? DEFAULT_SINCE, now),
    outputsFile: values.outputs,
    json: values.json ?? false,
    preflight: values.preflight ?? false,
    waitMs: values.wait === undefined ? undefined : parseWait(values.wait),
  };
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+)\s*([smhd])$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** `--since`: an ISO-8601 time with a zone, a calendar date (UTC midnight), or a duration before `now`; within the System Log's 90 days. */
export function parseSince(text: string, now: Date): Date {
  const value = text.trim();
  const expected = "expected an ISO-8601 time with a zone (2025-01-31T09:00:00Z), a date (2025-01-31) or a duration such as 30m, 2h or 7d";
  let since: Date;
  const duration = DURATION.exec(value);
  if (duration) {
    const amount = Number(duration[1]);
    if (amount === 0) throw new UsageError(`--since ${value}: the duration must be more than 0`);
    since = new Date(now.getTime() - amount * UNIT_MS[duration[2].toLowerCase()]);
  } else if (DATE_ONLY.test(value) || DATE_TIME_WITH_ZONE.test(value)) {
    since = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(since.getTime()) || (DATE_ONLY.test(value) && !isCalendarDate(value))) {
      throw new UsageError(`--since ${value}: not a real date; ${expected}`);
    }
  } else {
    throw new UsageError(`--since ${value}: ${expected}`);
  }
  if (since.getTime() > now.getTime()) throw new UsageError(`--since ${value}: is in the future`);
  if (now.getTime() - since.getTime() > MAX_SINCE_DAYS * UNIT_MS.d) {
    throw new UsageError(`--since ${value}: is more than ${MAX_SINCE_DAYS} days ago, beyond the ${MAX_SINCE_DAYS} days of events Okta's System Log keeps`);
  }
  return since;
}

/** `--wait`: a duration such as 30s, 10m or 1h, at most 24h. */
export function parseWait(text: string): number {
  const duration = DURATION.exec(text.trim());
  if (!duration || Number(duration[1]) === 0) throw new UsageError(`--wait ${text}: expected a duration such as 30s, 10m or 1h`);
  const ms = Number(duration[1]) * UNIT_MS[duration[2].toLowerCase()];
  if (ms > MAX_WAIT_MS) throw new UsageError(`--wait ${text}: at most 24h; run verify again to wait longer`);
  return ms;
}

// ---------------------------------------------------------------------------------------------
// The stack: the one place that finds and reads a stack file

export interface LoadedStack {
  stackFile: string;
  settings: CheckSettings;
  org: OrgLocation;
}

/** Reads and validates the stack's config as the Pulumi CLI would hand it to the program; every problem is a usage error (exit 64). */
export function loadStack(projectDir: string, reference: string): LoadedStack {
  const stacks = stacksIn(projectDir);
  try {
    const stack = parseStackName(reference);
    if (!stacks.includes(stack)) {
      throw new UsageError(`unknown stack "${reference}": ${path.relative(projectDir, stackFilePath(projectDir, stack))} not found in ${projectDir}; ${describeStacks(stacks)}`);
    }
    const read = readProjectStack(projectDir, stack);
    const { settings, config } = parseStackConfig(read.config, read.stackFile, { environments: read.environments });
    // An encrypted org name cannot be read here: the provider's OKTA_ORG_NAME then applies, as for pulumi up.
    const text = (key: string) => (typeof config[key] === "string" ? (config[key] as string) : undefined);
    return { stackFile: read.stackFile, settings, org: { orgName: text("okta:orgName"), baseUrl: text("okta:baseUrl") } };
  } catch (error) {
    if (error instanceof StackNameError) throw new UsageError(`--stack: ${error.message}`);
    if (error instanceof ConfigError || error instanceof StackFileError) throw new UsageError(error.message);
    throw error;
  }
}

function stacksIn(projectDir: string): string[] {
  try {
    return listStacks(projectDir);
  } catch {
    throw new UsageError(`cannot list the stack files in ${projectDir}`);
  }
}

/** "existing stacks: dev, prod", for messages that must say which stacks there are. */
function existingStacks(projectDir: string): string {
  try {
    return describeStacks(listStacks(projectDir));
  } catch {
    return `cannot list the stack files in ${projectDir}`;
  }
}

function describeStacks(stacks: string[]): string {
  return stacks.length > 0 ? `existing stacks: ${stacks.join(", ")}` : "no Pulumi.<stack>.yaml exists there";
}

/** A warning when the stack's `expiresOn` date (YYYY-MM-DD) is before today (UTC); the check should be gone by then. */
export function expiryWarning(expiresOn: string | undefined, today: Date, stack: string): string | undefined {
  if (!expiresOn || today.toISOString().slice(0, 10) <= expiresOn) return undefined;
  return `this check expired on ${expiresOn} (okta-managed-device-check:expiresOn in Pulumi.${stack}.yaml); remove it with: pulumi destroy --stack ${stack}`;
}

const oktaId = (what: string) => z.string({ error: `expected ${what} as text` }).regex(/^[A-Za-z0-9]+$/, { error: `expected ${what} (letters and digits)` });

const outputsSchema = z.object({
  bookmarkAppId: oktaId("the bookmark app id"),
  policyId: oktaId("the policy id"),
  ruleId: oktaId("the rule id"),
  catchAllRuleId: oktaId("the catch-all rule id").optional(),
});

/** Reads a saved `pulumi stack output --json` (UTF-8 with or without a BOM, or UTF-16 as PowerShell's `>` writes it). */
export function readOutputsFile(file: string): CheckIds {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new UsageError(`--outputs ${file}: cannot read the file`);
  }
  let document: unknown;
  try {
    document = JSON.parse(decodeText(bytes));
  } catch {
    throw new UsageError(`--outputs ${file}: not JSON; save it with: pulumi stack output --json --stack <name> > ${file}`);
  }
  const result = outputsSchema.safeParse(document);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(document)"}: ${issue.message}`);
    throw new UsageError(`--outputs ${file}: not the outputs of this project's stack (${problems.join("; ")})`);
  }
  return result.data;
}

/** Text by its byte-order mark; UTF-16 without one is recognised by the zero bytes of ASCII. */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString("utf8");
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString("utf16le");
  if (bytes.length >= 4 && bytes.length % 2 === 0) {
    if (bytes[0] !== 0 && bytes[1] === 0 && bytes[3] === 0) return bytes.toString("utf16le");
    if (bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0) return Buffer.from(bytes).swap16().toString("utf16le");
  }
  return bytes.toString("utf8");
}

// ---------------------------------------------------------------------------------------------
// The run

export interface VerifyOptions {
  /** Where the `Pulumi.<stack>.yaml` files are; default the working directory. */
  projectDir?: string;
  /** Today's date, the System Log window, the polls and the waits all come from this clock. */
  clock?: Clock;
  retryLimits?: Partial<RetryLimits>;
  maxPages?: number;
  /** The time between two polls of --wait (default 5 s). */
  pollIntervalMs?: number;
  /** Called with the tenant's request log when the run ends (the bench and the tests count requests). */
  onRequests?: (sent: readonly string[]) => void;
}

export function verifyCommand(options: VerifyOptions = {}): Command {
  return { name: "verify", run: (argv, env, io, state) => runVerify(argv, env, io, state, options) };
}

async function runVerify(argv: readonly string[], env: Environment, io: CommandIO, state: CommandState, options: VerifyOptions): Promise<number> {
  const clock = options.clock ?? systemClock;
  const projectDir = options.projectDir ?? process.cwd();
  let command: ParsedCommand;
  try {
    command = parseArgs(argv, new Date(clock.now()));
  } catch (error) {
    if (error instanceof MissingStackError) throw new UsageError(`${error.message}; ${existingStacks(projectDir)}`);
    throw error;
  }
  if (command.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  state.json = command.json;
  const stack = loadStack(projectDir, command.stack);
  const { settings } = stack;
  checkRequestedUser({ only: command.user, testUsers: settings.testUsers, stack: command.stack });
  const ids = command.outputsFile ? readOutputsFile(command.outputsFile) : undefined;
  const warning = expiryWarning(settings.expiresOn, new Date(clock.now()), command.stack);
  if (warning) state.warnings.push(warning);
  // Loaded only now: the Okta SDK takes a while to load, which usage errors need not wait for.
  const { connect, resolveConnection } = await import("./client");
  const connection = resolveConnection(stack.org, env);
  const readOptions: ReadOptions = { clock, limits: options.retryLimits, maxPages: options.maxPages, signal: io.signal };
  const tenant = connect(connection, readOptions);
  try {
    const report = await buildReport(tenant, command, settings, ids, state.warnings, clock, io, options);
    io.stdout.write(command.json ? renderJson(report) : renderText(report));
    return report.exitCode;
  } finally {
    options.onRequests?.(tenant.sent);
  }
}

async function buildReport(
  tenant: import("./client").Tenant,
  command: VerifyArgs,
  settings: CheckSettings,
  ids: CheckIds | undefined,
  warnings: string[],
  clock: Clock,
  io: CommandIO,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const expected = {
    stack: command.stack,
    bookmarkLabel: settings.bookmarkLabel,
    policyName: settings.policyName,
    ruleName: settings.ruleName,
    ids,
    testUsers: settings.testUsers,
    only: command.user,
  };
  const preflight = command.preflight ? await import("./preflight") : undefined;
  // The org's engine first: on the Classic Engine nothing of the check can exist, whatever fails after.
  const engine = preflight && (await preflight.engineCheck(tenant));
  if (preflight && engine?.classic) {
    const now = new Date(clock.now()).toISOString();
    const report = preflight.classicOrgPreflight(engine.check);
    const empty = { drift: [], advice: [], staleOutputs: [], users: [], check: {} };
    return { stack: command.stack, orgUrl: tenant.orgUrl, ...empty, warnings, window: { since: now, until: now }, preflight: report, ...preflightResultOf([], report) };
  }
  const found = await findCheck(tenant, expected);
  const drift = findDrift(found, expected);
  const advice = fastPassFormAdvice(found, command.stack, settings.fastPassKey);
  const bookmark = found.bookmarks.length === 1 ? found.bookmarks[0] : undefined;
  const { managedRule, catchAllRule } = found;
  const base = {
    stack: command.stack,
    orgUrl: tenant.orgUrl,
    check: {
      bookmark: bookmark && { id: bookmark.id as string, label: bookmark.label },
      policy: found.policy && { id: found.policy.id as string, name: found.policy.name },
      rule: managedRule && { id: managedRule.id as string, name: managedRule.name as string },
      catchAllRule: catchAllRule && { id: catchAllRule.id as string, name: catchAllRule.name as string },
    },
    drift,
    advice,
    staleOutputs: found.staleOutputs,
    warnings,
  };

  if (preflight && engine) {
    const outcome = await preflight.runPreflight(tenant, found, { stack: command.stack, fastPassKey: settings.fastPassKey }, engine);
    const now = new Date(clock.now()).toISOString();
    return {
      ...base,
      advice: [...advice, ...outcome.advice],
      window: { since: now, until: now },
      users: [],
      preflight: outcome.preflight,
      ...preflightResultOf(drift, outcome.preflight),
    };
  }

  const users: UserVerdict[] = [];
  let window = { since: command.since, until: new Date(clock.now()) };
  let waited: VerifyReport["waited"];
  if (drift.length === 0 && bookmark?.id && managedRule) {
    const present = found.users.flatMap((entry) => (entry.user ? [{ requested: entry.requested, user: entry.user }] : []));
    const rules = checkRules(managedRule, catchAllRule);
    const signIns = await collectSignIns(
      tenant,
      bookmark.id,
      present.map(({ user }) => ({ id: user.id, login: user.login })),
      rules,
      command.since,
      clock,
      command.waitMs === undefined ? undefined : { durationMs: command.waitMs, intervalMs: options.pollIntervalMs, signal: io.signal, progress: command.json ? undefined : io.stderr },
    );
    window = signIns.window;
    waited = signIns.waited;
    users.push(...(await userVerdicts(tenant, signIns.events, present, rules, { stack: command.stack, bookmarkLabel: bookmark.label, orgUrl: tenant.orgUrl, since: command.since })));
  }
  return {
    ...base,
    window: { since: window.since.toISOString(), until: window.until.toISOString() },
    users,
    ...(waited ? { waited } : {}),
    ...resultOf(drift, users),
  };
}

/** Runs `verify` and returns its exit code. Nothing it prints carries a credential or a stack trace. */
export function main(argv: readonly string[], env: Environment, io: CommandIO, options: VerifyOptions = {}): Promise<number> {
  return runCommand(verifyCommand(options), argv, env, io, (environment) => Redactor.fromEnvironment(environment));
}

if (require.main === module) {
  const masking = Redactor.masking(process.env);
  runAsProcess((argv, env, io) => main(argv, env, io), (text) => masking.redact(text));
}
