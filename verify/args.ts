import { UsageError } from "./errors";

export interface VerifyArgs {
  stack: string;
  /** A login or Okta user id; when set, only this user is checked. */
  user?: string;
  since: Date;
  /** A `pulumi stack output --json` file whose ids replace the look-ups by name. */
  outputsFile?: string;
  json: boolean;
}

export type ParsedCommand = { help: true } | ({ help: false } & VerifyArgs);

export const USAGE = [
  "Usage: npm run verify -- --stack <name> [--user <login or id>] [--since <time or duration>] [--outputs <file>] [--json]",
  "  --stack <name>     the stack whose check to read (Pulumi.<name>.yaml)",
  "  --user <login>     check only this user (default: every okta-managed-device-check:testUsers entry)",
  "  --since <when>     read sign-ins since an ISO-8601 time (2025-01-31T09:00:00Z), a date (2025-01-31) or a duration ago (30m, 2h, 7d); default 24h",
  "  --outputs <file>   take the ids from `pulumi stack output --json --stack <name>` saved in <file>",
  "  --json             print one JSON document instead of text",
  "Credentials, as for pulumi up: OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY (optional OKTA_API_PRIVATE_KEY_ID, OKTA_API_SCOPES).",
  "The org: okta:orgName and okta:baseUrl of the stack, else OKTA_ORG_NAME and OKTA_BASE_URL; OKTA_ORG_URL overrides both.",
  "Exit codes: 0 managed, 1 denied, 2 no evaluation yet, 3 drift, 4 tenant not readable, 64 usage.",
].join("\n");

const DEFAULT_SINCE = "24h";
/** Okta refuses a System Log `since` more than 180 days back (and keeps 90 days of events). */
const MAX_SINCE_DAYS = 180;

const VALUE_FLAGS = ["--stack", "--user", "--since", "--outputs"] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

export function parseArgs(argv: readonly string[], now: Date): ParsedCommand {
  const values: Partial<Record<ValueFlag, string>> = {};
  let json = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === "--help" || arg === "-h") return { help: true };
    if (arg === "--json") {
      json = true;
      continue;
    }
    const [flag, inlineValue] = splitInline(arg);
    if (!isValueFlag(flag)) {
      throw new UsageError(arg.startsWith("-") ? `unknown option ${flag}` : `unexpected argument "${arg}"`);
    }
    const value = inlineValue ?? argv[++index];
    if (value === undefined || value.trim() === "" || (inlineValue === undefined && value.startsWith("--"))) {
      throw new UsageError(`${flag} needs a value`);
    }
    if (values[flag] !== undefined) throw new UsageError(`${flag} is given twice`);
    values[flag] = value;
  }
  if (values["--stack"] === undefined) throw new MissingStackError("--stack <name> is required");
  if (!/^[A-Za-z0-9._-]+$/.test(values["--stack"])) {
    throw new UsageError(`--stack: "${values["--stack"]}" is not a stack name (letters, digits, ".", "_" and "-")`);
  }
  return {
    help: false,
    stack: values["--stack"],
    user: values["--user"]?.trim(),
    since: parseSince(values["--since"] ?? DEFAULT_SINCE, now),
    outputsFile: values["--outputs"],
    json,
  };
}

function splitInline(arg: string): [string, string | undefined] {
  const equals = arg.indexOf("=");
  return arg.startsWith("--") && equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
}

function isValueFlag(flag: string): flag is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(flag);
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+)\s*([smhd])$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** `--since`: an ISO-8601 time with a zone, a calendar date (UTC midnight), or a duration before `now`. */
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
    if (Number.isNaN(since.getTime()) || (DATE_ONLY.test(value) && !since.toISOString().startsWith(value))) {
      throw new UsageError(`--since ${value}: not a real date; ${expected}`);
    }
  } else {
    throw new UsageError(`--since ${value}: ${expected}`);
  }
  if (since.getTime() > now.getTime()) throw new UsageError(`--since ${value}: is in the future`);
  if (now.getTime() - since.getTime() > MAX_SINCE_DAYS * UNIT_MS.d) {
    throw new UsageError(`--since ${value}: is more than ${MAX_SINCE_DAYS} days ago, which Okta's System Log refuses`);
  }
  return since;
}

/** No `--stack` was given: the caller, which knows the project directory, names the stacks that exist. */
export class MissingStackError extends UsageError {}
