#!/usr/bin/env node
/**
 * okta-managed-device-plan: what `pulumi up` would create for a stack, the provider's create-time
 * checks and the policy pack's verdicts, without a tenant or the Pulumi CLI. `npm run plan -- --stack dev`.
 */
import * as fs from "fs";
import * as path from "path";
import { isCalendarDate } from "../../policies/okta";
import type { ProgramConfig } from "../../components/config";
import { listStacks, parseStackName, stackFilePath, StackNameError } from "../stackConfig";
import { Command, CommandIO, COMMON_OPTIONS, ExitCode, FLAG, parseOptions, runAsProcess, runCommand, TEXT, UsageError } from "../command";
import { Environment, Redactor } from "../redact";
import { renderJson } from "./json";
import { renderText } from "./render";
import { DEFAULT_PROGRAM, exitCodeOf, loadFresh, planStack, type StackPlan } from "./run";
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
  "Exit codes: 0 clean (advisory findings allowed), 1 a mandatory policy violation,",
  "2 invalid stack config, 64 usage error, 70 the program failed under Pulumi's mocks,",
  "74 the output could not be written, 130/143/129 stopped by Ctrl-C/SIGTERM/SIGHUP.",
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
      const args = parseOptions(argv, OPTIONS);
      if (args.help) {
        io.stdout.write(`${USAGE}\n`);
        return ExitCode.ok;
      }
      state.json = args.json === true;
      if (args.stack !== undefined && args.all) throw new UsageError("give either --stack <name> or --all, not both");
      if (args.today !== undefined && !isCalendarDate(args.today)) throw new UsageError("--today: expected a date as YYYY-MM-DD, such as 2026-12-31");
      const cwd = options.cwd ?? process.cwd();
      const dir = path.resolve(cwd, args.dir ?? ".");
      if (!isDirectory(dir)) throw new UsageError(`--dir: ${dir} is not a directory`);
      const existing = listStacks(dir);
      const stacksThatExist = existing.length > 0 ? `Stacks that exist: ${existing.join(", ")}` : "No stack files exist there; create one with: pulumi stack init <name>";
      if (args.stack === undefined && !args.all) throw new UsageError(`missing --stack <name> (or --all to plan every stack). ${stacksThatExist}`);
      if (args.all && existing.length === 0) throw new UsageError(`no stack files (Pulumi.<stack>.yaml) in ${dir}; create one with: pulumi stack init <name>`);
      const stack = args.stack === undefined ? undefined : stackNameOf(args.stack);
      if (stack !== undefined && !existing.includes(stack)) {
        throw new UsageError(`unknown stack ${JSON.stringify(args.stack)}: there is no ${path.relative(dir, stackFilePath(dir, stack))} in ${dir}. ${stacksThatExist}`);
      }
      const program = args.program ? path.resolve(cwd, args.program) : DEFAULT_PROGRAM;
      if (args.program && !canResolve(program)) throw new UsageError(`--program: cannot find the module ${program}`);
      const today = args.today ?? options.today?.() ?? new Date().toISOString().slice(0, 10);

      // Credentials written in plain text in a stack file are refused by the schema without being
      // echoed; they are also masked in everything printed, as the environment's are.
      let stackSecrets: string[] = [];
      const plans: StackPlan[] = [];
      for (const name of stack === undefined ? existing : [stack]) {
        const onStackConfig = (raw: ProgramConfig) => (stackSecrets = stackSecrets.concat(plaintextSecrets(raw)));
        plans.push(await planStack({ dir, stack: name, program, loadProgram: options.loadProgram ?? loadFresh, today, onStackConfig }));
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

/** The stack a `--stack` reference names (`dev`, `acme/dev`), as Pulumi reads it. */
function stackNameOf(reference: string): string {
  try {
    return parseStackName(reference);
  } catch (error) {
    if (error instanceof StackNameError) throw new UsageError(`--stack: ${error.message}`);
    throw error;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
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
