import { isCalendarDate } from "../components/config";

/** Command-line arguments of the offline plan. */
export interface PlanArgs {
  /** The stacks to plan, in order (`--stack`, or every stack file with `--all`). */
  stack?: string;
  all: boolean;
  json: boolean;
  /** The project directory holding `Pulumi.yaml` and the stack files. */
  dir?: string;
  /** A module that declares the resources; default the project's program. */
  program?: string;
  /** The date the expiry is checked against (YYYY-MM-DD); default today (UTC). */
  today?: string;
  help: boolean;
}

/** A command-line mistake: exit code 64 (EX_USAGE). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

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
  "2 invalid stack config, 64 usage error, 70 the program failed under Pulumi's mocks.",
].join("\n");

/** What a usage error prints after its message: the synopsis, and where the rest is. */
export const SHORT_USAGE = [...USAGE.split("\n").slice(0, 2), "Run with --help for the flags and exit codes."].join("\n");

const VALUE_FLAGS = new Set(["--stack", "--dir", "--program", "--today"]);
const BOOLEAN_FLAGS = new Set(["--all", "--json", "--help", "-h"]);

/** Parses the arguments after the command (`process.argv.slice(2)`); throws {@link UsageError}. */
export function parseArgs(argv: readonly string[]): PlanArgs {
  const args: PlanArgs = { all: false, json: false, help: false };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const eq = token.startsWith("--") ? token.indexOf("=") : -1;
    const flag = eq > 0 ? token.slice(0, eq) : token;
    if (BOOLEAN_FLAGS.has(flag)) {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      if (flag === "--all") args.all = true;
      else if (flag === "--json") args.json = true;
      else args.help = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) {
      throw new UsageError(flag.startsWith("-") ? `unknown flag ${flag}` : `unexpected argument ${JSON.stringify(token)} (give the stack with --stack ${token})`);
    }
    if (seen.has(flag)) throw new UsageError(`${flag} given more than once`);
    seen.add(flag);
    let value: string | undefined;
    if (eq > 0) value = token.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("-")) value = argv[++i];
    if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
    if (flag === "--stack") args.stack = value;
    else if (flag === "--dir") args.dir = value;
    else if (flag === "--program") args.program = value;
    else args.today = value;
  }
  if (args.help) return args;
  if (args.stack !== undefined && args.all) throw new UsageError("give either --stack <name> or --all, not both");
  if (args.stack !== undefined && !/^[A-Za-z0-9._-]+$/.test(args.stack)) {
    throw new UsageError(`--stack: ${JSON.stringify(args.stack)} is not a stack name (letters, digits, ".", "_" and "-")`);
  }
  if (args.today !== undefined && !isCalendarDate(args.today)) throw new UsageError(`--today: expected a date as YYYY-MM-DD, such as 2026-12-31`);
  return args;
}
