#!/usr/bin/env node
/**
 * okta-managed-device-plan: what `pulumi up` would create for a stack, and the policy pack's
 * verdicts, without a tenant or the Pulumi CLI. `npm run plan -- --stack dev`.
 */
import * as fs from "fs";
import * as path from "path";
import type { RawStackConfig } from "../components/config";
import { listStacks, stackFileName } from "../components/stackConfigSource";
import { parseArgs, SHORT_USAGE, USAGE, UsageError } from "../plan/args";
import { renderJson } from "../plan/json";
import { renderText } from "../plan/render";
import { DEFAULT_PROGRAM, EXIT, exitCodeOf, loadFresh, planStack, type StackPlan } from "../plan/run";
import { plaintextSecrets, scrub } from "../plan/secrets";

export interface PlanIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The directory stack files are looked up in when `--dir` is not given; default `process.cwd()`. */
  cwd?: string;
  /** Loads the program module afresh; default: Node's require with the module's cache entry dropped. */
  loadProgram?: (file: string) => unknown;
  /** Today's date (YYYY-MM-DD) for the expiry check, unless `--today` is given; default: today in UTC. */
  today?: () => string;
}

/** Runs the plan command; returns the exit code. Never throws and never prints a stack trace. */
export async function main(argv: readonly string[], io: PlanIO): Promise<number> {
  let secrets: string[] = [];
  const out = (text: string) => io.stdout(scrub(text, secrets));
  const err = (text: string) => io.stderr(scrub(text, secrets));
  try {
    const args = parseArgs(argv);
    if (args.help) {
      out(USAGE + "\n");
      return 0;
    }
    const cwd = io.cwd ?? process.cwd();
    const dir = path.resolve(cwd, args.dir ?? ".");
    if (!isDirectory(dir)) throw new UsageError(`--dir: ${dir} is not a directory`);
    const existing = listStacks(dir);
    const stacksThatExist = existing.length > 0 ? `Stacks that exist: ${existing.join(", ")}` : "No stack files exist there; create one with: pulumi stack init <name>";
    if (args.stack === undefined && !args.all) throw new UsageError(`missing --stack <name> (or --all to plan every stack). ${stacksThatExist}`);
    const stacks = args.all ? existing : [args.stack as string];
    if (args.all && existing.length === 0) {
      throw new UsageError(`no stack files (Pulumi.<stack>.yaml) in ${dir}; create one with: pulumi stack init <name>`);
    }
    if (!args.all && !existing.includes(args.stack as string)) {
      throw new UsageError(
        `unknown stack ${JSON.stringify(args.stack)}: there is no ${stackFileName(args.stack as string)} in ${dir}. ${stacksThatExist}`,
      );
    }
    const program = args.program ? path.resolve(cwd, args.program) : DEFAULT_PROGRAM;
    if (args.program && !canResolve(program)) throw new UsageError(`--program: cannot find the module ${program}`);
    const today = args.today ?? io.today?.() ?? new Date().toISOString().slice(0, 10);

    const plans: StackPlan[] = [];
    for (const stack of stacks) {
      const onStackConfig = (raw: RawStackConfig) => (secrets = secrets.concat(plaintextSecrets(raw)));
      plans.push(await planStack({ dir, stack, program, loadProgram: io.loadProgram ?? loadFresh, today, onStackConfig }));
    }
    const exitCode = exitCodeOf(plans);
    if (args.json) {
      out(renderJson(plans));
    } else {
      out(renderText(plans, args.all));
    }
    return exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`okta-managed-device-plan: ${error.message}\n${SHORT_USAGE}\n`);
      return EXIT.usage;
    }
    err(`okta-managed-device-plan: internal error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
    return EXIT.programError;
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
  // Whatever goes wrong is reported by its message alone, never with a stack trace.
  process.on("unhandledRejection", (reason) => {
    process.stderr.write(`okta-managed-device-plan: internal error: ${reason instanceof Error ? reason.message.split("\n")[0] : String(reason)}\n`);
    process.exit(EXIT.programError);
  });
  main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      // Pulumi's runtime may keep handles open after a mocked run: exit once the output is flushed.
      process.exitCode = code;
      process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
    },
    () => process.exit(EXIT.programError),
  );
}
