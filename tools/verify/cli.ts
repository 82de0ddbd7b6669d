#!/usr/bin/env node
// The config modules alone: the components' index also loads @pulumi/pulumi, which verify does not need.
import { CheckSettings, ConfigError, parseStackConfig } from "../../components/config";
import { Command, CommandIO, CommandState, runAsProcess, runCommand, UsageError } from "../command";
import { expiryWarning } from "../expiry";
import { Environment, Redactor } from "../redact";
import { safeValues } from "../safeText";
import { StackFileError, StackNameError } from "../stack/errors";
import { findStack, stacksThatExist } from "../stack/locate";
import { readProject } from "../stack/project";
import { readProjectStack } from "../stack/projectStack";
import { MissingStackError, parseArgs, USAGE, VerifyArgs } from "./args";
import { Clock, systemClock } from "./clock";
import { OrgLocation, resolveConnection, VERIFY_SCOPES } from "./connection";
import type { RetryLimits } from "./executor";
import { fastPassFormAdvice, findDrift } from "./drift";
import { CheckIds, checkRequestedUser, findCheck } from "./findCheck";
import { readOutputsFile } from "./outputsFile";
import { PreflightReport, preflightResultOf, renderJson, renderText, resultOf, UserVerdict, VerifyReport } from "./report";
import { checkRules } from "./decision";
import type { ReadOptions, Tenant } from "./tenant";
import { userVerdicts } from "./verdicts";
import { collectSignIns } from "./wait";
import { readPilotGroups } from "./pilotGroups";
import { pilotSummary } from "./pilotReport";

/** The verify command: its arguments, the stack it reads, and the run from the tenant to the report. */

// ---------------------------------------------------------------------------------------------
// The stack: the one place that finds and reads a stack file

export interface LoadedStack {
  stackFile: string;
  settings: CheckSettings;
  org: OrgLocation;
}

const TEST_USERS = "okta-managed-device-check:testUsers";
const TEST_GROUPS = "okta-managed-device-check:testGroups";

/** Reads and validates the stack's config as the Pulumi CLI would hand it to the program; every problem is a usage error (exit 64) naming the file and the key. */
export function loadStack(projectDir: string, reference: string): LoadedStack {
  try {
    findStack(projectDir, reference);
    const read = readProjectStack(projectDir, reference);
    const { settings, config, unchecked } = parseStackConfig(read.config, read.stackFile, { environments: read.environments });
    // The names verify looks up by are its own to read: a value it cannot see would be looked up as its placeholder.
    for (const [setting, what] of [[TEST_USERS, "test users"], [TEST_GROUPS, "pilot groups"]]) {
      const unseen = unchecked.find((problem) => problem.key === setting);
      if (unseen) throw new UsageError(`${read.stackFile}: ${setting}: ${unseen.message}; verify reads the ${what} from the stack file, so list them there as plain text`);
    }
    // An encrypted org name cannot be read here: the provider's OKTA_ORG_NAME then applies, as for pulumi up.
    const text = (key: string) => (typeof config[key] === "string" ? (config[key] as string) : undefined);
    return { stackFile: read.stackFile, settings, org: { orgName: text("okta:orgName"), baseUrl: text("okta:baseUrl") } };
  } catch (error) {
    if (error instanceof StackNameError) throw new UsageError(`--stack: ${error.message}`);
    if (error instanceof ConfigError || error instanceof StackFileError) throw new UsageError(error.message);
    throw error;
  }
}

/** Runs a command's argument parser; a missing `--stack` becomes a usage error naming the stacks that exist. */
export function parseNamingStacks<T>(projectDir: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MissingStackError) throw new UsageError(`${error.message}. ${existingStacks(projectDir)}`);
    throw error;
  }
}

/** Which stacks there are (the stack resolver's wording), for messages that must say so; or why there are none. */
function existingStacks(projectDir: string): string {
  try {
    return stacksThatExist(projectDir, readProject(projectDir));
  } catch (error) {
    return error instanceof StackFileError ? error.message : `cannot list the stack files in ${projectDir}`;
  }
}

// ---------------------------------------------------------------------------------------------
// The run

export interface VerifyOptions {
  /** The project directory (its Pulumi.yaml names where the stack files are); default the working directory. */
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

function verifyCommand(options: VerifyOptions = {}): Command {
  return { name: "verify", run: (argv, env, io, state) => runVerify(argv, env, io, state, options) };
}

async function runVerify(argv: readonly string[], env: Environment, io: CommandIO, state: CommandState, options: VerifyOptions): Promise<number> {
  const clock = options.clock ?? systemClock;
  const projectDir = options.projectDir ?? process.cwd();
  const command = parseNamingStacks(projectDir, () => parseArgs(argv, new Date(clock.now())));
  if (command.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  state.json = command.json;
  const stack = loadStack(projectDir, command.stack);
  const { settings } = stack;
  checkRequestedUser({ only: command.user, testUsers: settings.testUsers, stackFile: stack.stackFile });
  const ids = command.outputsFile ? readOutputsFile(command.outputsFile) : undefined;
  const warning = expiryWarning(settings.expiresOn, new Date(clock.now()), command.stack, stack.stackFile);
  if (warning) state.warnings.push(warning);
  // A pilot group's members are read with okta.groups.read (GroupApi.listGroupUsers); asked for only when the stack has one.
  const connection = resolveConnection(stack.org, env, settings.testGroups.length > 0 ? [...VERIFY_SCOPES, "okta.groups.read"] : VERIFY_SCOPES);
  if (connection.credentials.kind === "privateKey") io.learnSecret?.(connection.credentials.privateKey);
  // Loaded only now: the Okta SDK takes a while to load, which usage errors need not wait for.
  const { connect } = await import("./client");
  const run = runBound(command.timeout.ms, io.signal);
  const readOptions: ReadOptions = {
    clock,
    limits: options.retryLimits,
    maxPages: options.maxPages,
    signal: run.signal,
    deadline: { atMs: clock.now() + command.timeout.ms, option: command.timeout.option },
    onWait: (message) => io.stderr.write(`verify: ${message}\n`),
    onCredential: io.learnSecret,
  };
  const tenant = connect(connection, readOptions);
  try {
    const report = await buildReport(tenant, command, stack, ids, state.warnings, clock, io, options);
    io.stdout.write(command.json ? renderJson(report) : renderText(safeValues(report)));
    return report.exitCode;
  } finally {
    run.end();
    options.onRequests?.(tenant.sent);
  }
}

/** The run's signal: aborted by the user's signal (its reason passed on) or, in real time, at --timeout (reason "timeout"). */
function runBound(timeoutMs: number, interrupt: AbortSignal | undefined): { signal: AbortSignal; end(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort("timeout"), timeoutMs);
  timer.unref();
  const onInterrupt = () => controller.abort(interrupt?.reason);
  if (interrupt?.aborted) onInterrupt();
  interrupt?.addEventListener("abort", onInterrupt, { once: true });
  return {
    signal: controller.signal,
    end: () => {
      clearTimeout(timer);
      interrupt?.removeEventListener("abort", onInterrupt);
    },
  };
}

async function buildReport(
  tenant: Tenant,
  command: VerifyArgs,
  { settings, stackFile }: LoadedStack,
  ids: CheckIds | undefined,
  warnings: string[],
  clock: Clock,
  io: CommandIO,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const expected = {
    stack: command.stack,
    stackFile,
    bookmarkLabel: settings.bookmarkLabel,
    policyName: settings.policyName,
    ruleName: settings.ruleName,
    ids,
    testUsers: settings.testUsers,
    testGroups: settings.testGroups,
    only: command.user,
  };
  const preflight = command.preflight ? await import("./preflight") : undefined;
  // The preflight reads the org's engine first: on the Classic Engine nothing of the check can exist, whatever fails after.
  const engine = preflight && (await preflight.engineCheck(tenant));
  if (preflight && engine?.classic) return classicOrgReport(command.stack, tenant.orgUrl, warnings, preflight.classicOrgPreflight(engine.check));
  const found = await findCheck(tenant, expected);
  const bookmark = found.bookmarks.length === 1 ? found.bookmarks[0] : undefined;
  // The pilot groups' members are checked as test users, except when --user picks one test user or the preflight runs.
  const groupNames = command.user || preflight ? [] : settings.testGroups;
  const pilot = bookmark?.id && groupNames.length > 0 ? await readPilotGroups(tenant, groupNames, bookmark.id, command.stack) : undefined;
  const drift = [...findDrift(found, expected), ...(pilot?.drift ?? [])];
  const advice = fastPassFormAdvice(found, { stack: command.stack, stackFile }, settings.fastPassKey);
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
    const outcome = await preflight.runPreflight(tenant, found, { stack: command.stack, stackFile, fastPassKey: settings.fastPassKey }, engine);
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
    const listed = found.users.flatMap((entry) => (entry.user ? [{ requested: entry.requested, user: entry.user }] : []));
    const members = (pilot?.members ?? []).filter((member) => !listed.some((entry) => entry.user.id === member.user.id));
    const present = [...listed, ...members.map((member) => ({ requested: member.user.login, user: member.user, group: member.group }))];
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
    // Stopped by a signal: the report so far, without reading the devices.
    const devices = waited?.stopped === "interrupted" ? undefined : tenant;
    users.push(...(await userVerdicts(devices, signIns.events, present, rules, { stack: command.stack, bookmarkLabel: bookmark.label, orgUrl: tenant.orgUrl, since: command.since })));
  }
  // The org's engine only when the run reaches no verdict for someone: a check not found in full, or a
  // user without a decisive evaluation (a Classic org's sign-ins would read "no evaluation yet" forever).
  // A decisive evaluation by a rule of the check proves Identity Engine, so then nothing is read.
  const checkFound = Boolean(bookmark && found.policy && managedRule);
  if ((!checkFound || users.some((user) => user.verdict === "no_evaluation")) && waited?.stopped !== "interrupted") {
    const readiness = await import("./preflight");
    // Advisory here: a failed read (engineCheck's "cannot tell") leaves the run's result as it was.
    const lateEngine = await readiness.engineCheck(tenant);
    if (lateEngine.classic) return classicOrgReport(command.stack, tenant.orgUrl, warnings, readiness.classicOrgPreflight(lateEngine.check));
  }
  return {
    ...base,
    window: { since: window.since.toISOString(), until: window.until.toISOString() },
    users,
    ...(pilot ? { pilot: pilotSummary(pilot.groups, users) } : {}),
    ...(waited ? { waited } : {}),
    ...resultOf(drift, users),
  };
}

/** A Classic Engine org's report: the engine's criterion and its fix (exit 5), without the check, the window or verdicts. */
function classicOrgReport(stack: string, orgUrl: string, warnings: string[], preflight: PreflightReport): VerifyReport {
  return { stack, orgUrl, drift: [], advice: [], staleOutputs: [], users: [], unread: CLASSIC_UNREAD, warnings, preflight, ...preflightResultOf([], preflight) };
}

/** What a Classic Engine org's report leaves out (`unread`) instead of an empty check and a window of no time. */
const CLASSIC_UNREAD = [
  "the check (bookmark, authentication policy, rules): a Classic Engine org has no app authentication policies",
  "the System Log (no sign-in can be evaluated by the check's policy)",
  "the test users and their devices",
];

/** Runs `verify` and returns its exit code. Nothing it prints carries a credential or a stack trace. */
export function main(argv: readonly string[], env: Environment, io: CommandIO, options: VerifyOptions = {}): Promise<number> {
  return runCommand(verifyCommand(options), argv, env, io, (environment) => Redactor.fromEnvironment(environment));
}

if (require.main === module) {
  const masking = Redactor.masking(process.env);
  runAsProcess("verify", (argv, env, io) => main(argv, env, io), (text) => masking.redact(text));
}
