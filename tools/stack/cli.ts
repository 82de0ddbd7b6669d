#!/usr/bin/env node
/**
 * The project's stacks, as the plan and verify find them: `npm run stacks -- [--json] [--dir <path>]`.
 * For scripts and workflows, which must not guess stack files from a glob.
 */
import * as path from "path";
import { Command, CommandError, ExitCode, FLAG, optionsUnlessHelp, runAsProcess, runCommand, TEXT, UsageError } from "../command";
import { Environment, Redactor } from "../redact";
import { StackFileError } from "./errors";
import { isDirectory } from "./files";
import { listStacks } from "./locate";
import { readProject } from "./project";

const USAGE = [
  "usage: npm run stacks -- [--json] [--dir <projectDir>]",
  "",
  "Lists the project's stacks: each Pulumi.<stack>.yaml file Pulumi would read (in the project's",
  "stackConfigDir, with the project file's extension), one per line as `<stack> <file>`.",
  "",
  "  --json         print one JSON document: { project, projectFile, stackConfigDir, stackFileExtension, stacks: [{ name, file }] }",
  "  --dir <path>   the project directory (default: the current directory)",
  "  -h, --help     show this help",
  "",
  "Exit codes: 0 listed (none is not an error), 2 the project file is invalid, 64 usage error (no project file there).",
].join("\n");

/** Exit code for a project file Pulumi would refuse: the plan's code for invalid config. */
const INVALID_CONFIG = 2;

const OPTIONS = { json: FLAG, dir: TEXT, help: { ...FLAG, short: "h" } } as const;

/** The listing as `--json` prints it; file paths are relative to the project directory. */
interface StackListing {
  project: string;
  projectFile: string;
  /** The folder stack files are in (`.` beside the project file): a stack file is `<stackConfigDir>/Pulumi.<stack><stackFileExtension>`. */
  stackConfigDir: string;
  stackFileExtension: string;
  stacks: { name: string; file: string }[];
}

function stacksCommand(cwd: string): Command {
  return {
    name: "okta-managed-device-stacks",
    async run(argv, _env, io, state) {
      const args = optionsUnlessHelp(argv, OPTIONS, USAGE, io, state);
      if (args === undefined) return ExitCode.ok;
      const dir = path.resolve(cwd, args.dir ?? ".");
      if (!isDirectory(dir)) throw new UsageError(`--dir: ${dir} is not a directory`);
      const listing = listingOf(dir);
      io.stdout.write(args.json ? `${JSON.stringify(listing, null, 2)}\n` : listing.stacks.map((s) => `${s.name} ${s.file}\n`).join(""));
      return ExitCode.ok;
    },
  };
}

function listingOf(dir: string): StackListing {
  try {
    const project = readProject(dir);
    return {
      project: project.name,
      projectFile: path.relative(dir, project.file),
      stackConfigDir: path.relative(dir, project.stackConfigDir) || ".",
      stackFileExtension: project.extension,
      stacks: listStacks(dir, project).map((stack) => ({ name: stack.name, file: stack.label })),
    };
  } catch (error) {
    if (!(error instanceof StackFileError)) throw error;
    if (/^no Pulumi\.yaml project file/.test(error.message)) throw new UsageError(`${error.message}: run it in the project directory or give it with --dir`);
    throw new CommandError(error.message, INVALID_CONFIG);
  }
}

/** Runs the listing and returns its exit code. */
export function main(argv: readonly string[], env: Environment, io: Parameters<typeof runCommand>[3], cwd = process.cwd()): Promise<number> {
  return runCommand(stacksCommand(cwd), argv, env, io, (environment) => Redactor.fromEnvironment(environment));
}

if (require.main === module) {
  runAsProcess("okta-managed-device-stacks", (argv, env, io) => main(argv, env, io), (text) => Redactor.masking(process.env).redact(text), { exit: true, stopAtFirstSignal: true });
}
