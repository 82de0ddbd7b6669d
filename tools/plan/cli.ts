#!/usr/bin/env node
/**
 * okta-managed-device-plan: what `pulumi up` would create for a stack, the provider's create-time
 * checks and the policy pack's verdicts, without a tenant or the Pulumi CLI. `npm run plan -- --stack dev`.
 */
import * as fs from "fs";
import * as path from "path";
import { isCalendarDate } from "../../policies/okta";
import type { ProgramConfig } from "../../components/config";
import { Command, CommandError, CommandIO, COMMON_OPTIONS, ExitCode, FLAG, optionsUnlessHelp, runAsProcess, runCommand, TEXT, UsageError } from "../command";
import { StackFileError, StackNameError, UnknownStackError } from "../stack/errors";
import { isDirectory } from "../stack/files";
import { findStack, listStacks, stacksThatExist } from "../stack/locate";
import { readProject, type PulumiProject } from "../stack/project";
import { Environment, Redactor } from "../redact";
import { renderJson } from "./json";
import { renderText } from "./render";
import { PLAN_EXIT_CODES } from "./exitCodes";
import { programOf, ProgramNotFound } from "./program";
import { exitCodeOf, loadFresh, PLAN_EXIT, planStack, type StackPlan } from "./run";
import { plaintextSecrets } from "./secrets";

export const USAGE = [
  "usage: npm run plan -- --stack <name> [--json] [--dir <projectDir>] [--program <module>] [--today YYYY-MM-DD]",
  "       npm run plan -- --all [--json] [--dir <projectDir>] [--program <module>] [--today YYYY-MM-DD]",
  "",
  "Plans offline what `pulumi up` would create for a stack (Pulumi.<name>.yaml): validates the stack",
  "config, runs the program under Pulumi's mocks, and runs every resource through the policy pack.",
  "No tenant is contacted and no Pulumi CLI is needed.",
  "",
  "  --stack <name>      the stack to plan (Pulumi.<name>.yaml)",
  "  --all               plan every Pulumi.*.yaml in the project directory",
  "  --json              print one JSON document instead of text",
  "  --dir <path>        the project directory (default: the current directory)",
  "  --program <path>    a module that declares the resources (default: the project's program)",
  "  --today YYYY-MM-DD  the date the stack's expiresOn is checked against (default: today, UTC)",
  "  -h, --help          show this help",
  "",
  "Exit codes (as docs/plan.md's table):",
  ...PLAN_EXIT_CODES.map(({ codes, when }) => `  ${codes.padEnd(13)} ${when}`),
].join("\n");

const OPTIONS = { ...COMMON_OPTIONS, all: FLAG, dir: TEXT, program: TEXT, today: TEXT } as const;

export interface PlanOptions {
  /** The directory stack files are looked up in when `--dir` is not given; default `process.cwd()`. */
  cwd?: string;
  /** Loads the program module afresh; default: Node's require with the module's cache entry dropped. */
  loadProgram?: (file: string) => unknown;
  /** Today's date (YYYY-MM-DD) for the expiry check, unless `--today` is given; default: today in UTC. */
  today?: () => string;
}

function planCommand(options: PlanOptions): Command {
  return {
    name: "okta-managed-device-plan",
    async run(argv, _env, io, state) {
      const args = optionsUnlessHelp(argv, OPTIONS, USAGE, io, state);
      if (args === undefined) return ExitCode.ok;
      if (args.stack !== undefined && args.all) throw new UsageError("give either --stack <name> or --all, not both");
      if (args.today !== undefined && !isCalendarDate(args.today)) throw new UsageError("--today: expected a date as YYYY-MM-DD, such as 2026-12-31");
      const cwd = options.cwd ?? process.cwd();
      const dir = path.resolve(cwd, args.dir ?? ".");
      if (!isDirectory(dir)) throw new UsageError(`--dir: ${dir} is not a directory`);
      const project = projectIn(dir);
      const stacks = listStacks(dir, project);
      if (args.stack === undefined && !args.all) throw new UsageError(`missing --stack <name> (or --all to plan every stack). ${stacksThatExist(dir, project, stacks)}`);
      if (args.all && stacks.length === 0) throw new UsageError(stacksThatExist(dir, project, stacks));
      const location = args.stack === undefined ? undefined : stackIn(dir, args.stack, project);
      if (args.program && !canResolve(path.resolve(cwd, args.program))) throw new UsageError(`--program: cannot find the module ${path.resolve(cwd, args.program)}`);
      const program = args.program ? path.resolve(cwd, args.program) : projectProgram(project);
      const today = args.today ?? options.today?.() ?? new Date().toISOString().slice(0, 10);

      // Credentials written in plain text in a stack file are refused by the schema without being
      // echoed; they are also masked in everything printed, as the environment's are.
      let stackSecrets: string[] = [];
      const plans: StackPlan[] = [];
      for (const { name, label } of location === undefined ? stacks : [location]) {
        const onStackConfig = (raw: ProgramConfig) => (stackSecrets = stackSecrets.concat(plaintextSecrets(raw)));
        // The reference as given: on Pulumi Cloud, `--stack dev` alone names the dev stack of the user's default org.
        const stack = args.stack ?? name;
        const rerun = ["npm run plan --", "--stack", stack, ...(args.dir !== undefined ? ["--dir", shellWord(args.dir)] : []), ...(args.program !== undefined ? ["--program", shellWord(args.program)] : [])].join(" ");
        plans.push(await planStack({ dir, stack, rerun, stackFile: label, program, loadProgram: options.loadProgram ?? loadFresh, today, onStackConfig }));
      }
      const output = args.json ? renderJson(plans) : renderText(plans, args.all === true);
      io.stdout.write(new Redactor(stackSecrets).redact(output));
      return exitCodeOf(plans);
    },
  };
}

/** Runs the plan command and returns its exit code. Never throws, never prints a stack trace or a credential. */
export function main(argv: readonly string[], env: Environment, io: CommandIO, options: PlanOptions = {}): Promise<number> {
  return runCommand(planCommand(options), argv, env, io, (environment) => Redactor.fromEnvironment(environment));
}

/**
 * The project in `--dir`: none there is a usage error (64); one Pulumi would refuse is a config
 * error (2) naming the file and the key, as an invalid stack file is.
 */
function projectIn(dir: string): PulumiProject {
  try {
    return readProject(dir);
  } catch (error) {
    if (!(error instanceof StackFileError)) throw error;
    if (/^no Pulumi\.yaml project file/.test(error.message)) throw new UsageError(`${error.message}: run the plan in the project directory or give it with --dir`);
    throw new CommandError(error.message, PLAN_EXIT.invalidConfig);
  }
}

/** The program Pulumi would run for the project (./program.ts); one it cannot find is invalid config (2), naming the file. */
function projectProgram(project: PulumiProject): string {
  try {
    return programOf(project);
  } catch (error) {
    if (error instanceof ProgramNotFound) throw new CommandError(error.message, PLAN_EXIT.invalidConfig);
    throw error;
  }
}

/** The stack a `--stack` reference names (`dev`, `acme/dev`, `acme/<this project>/dev`), as Pulumi reads it; its file must exist. */
function stackIn(dir: string, reference: string, project: PulumiProject) {
  try {
    return findStack(dir, reference, project);
  } catch (error) {
    if (error instanceof StackNameError) throw new UsageError(`--stack: ${error.message}`);
    if (error instanceof UnknownStackError) throw new UsageError(error.message);
    throw error;
  }
}

/** A word as a POSIX shell reads it back: as written when it holds nothing the shell interprets, else single-quoted. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

function canResolve(file: string): boolean {
  try {
    require.resolve(file);
    return true;
  } catch {
    return fs.existsSync(file);
  }
}

if (require.main === module) {
  // Pulumi's runtime may keep handles open after a mocked run, so the process ends once the output is flushed.
  runAsProcess("okta-managed-device-plan", (argv, env, io) => main(argv, env, io), (text) => Redactor.masking(process.env).redact(text), { exit: true, stopAtFirstSignal: true });
}
