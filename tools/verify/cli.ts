#!/usr/bin/env node
import * as path from "path";
// The config modules alone: the components' index also loads @pulumi/pulumi, which verify does not need.
import { CheckSettings, ConfigError, parseStackConfig } from "../../components/config";
import { listStacks, parseStackName, readProjectStack, StackFileError, stackFilePath, StackNameError } from "../stackConfig";
import { Command, CommandIO, CommandState, runAsProcess, runCommand, UsageError } from "../command";
import { Environment, Redactor } from "../redact";
import { safeValues } from "../safeText";
import { MissingStackError, parseArgs, ParsedCommand, USAGE, VerifyArgs } from "./args";
import { Clock, systemClock } from "./clock";
import { OrgLocation, resolveConnection } from "./connection";
import type { RetryLimits } from "./executor";
import { fastPassFormAdvice, findDrift } from "./drift";
import { CheckIds, checkRequestedUser, findCheck } from "./findCheck";
import { readOutputsFile } from "./outputsFile";
import { preflightResultOf, renderJson, renderText, resultOf, UserVerdict, VerifyReport } from "./report";
import { checkRules } from "./decision";
import type { ReadOptions, Tenant } from "./tenant";
import { userVerdicts } from "./verdicts";
import { collectSignIns } from "./wait";

/** The verify command: its arguments, the stack it reads, and the run from the tenant to the report. */

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
  const connection = resolveConnection(stack.org, env);
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
    const report = await buildReport(tenant, command, settings, ids, state.warnings, clock, io, options);
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
    // Stopped by a signal: the report so far, without reading the devices.
    const devices = waited?.stopped === "interrupted" ? undefined : tenant;
    users.push(...(await userVerdicts(devices, signIns.events, present, rules, { stack: command.stack, bookmarkLabel: bookmark.label, orgUrl: tenant.orgUrl, since: command.since })));
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
  runAsProcess("verify", (argv, env, io) => main(argv, env, io), (text) => masking.redact(text));
}
