import { isCalendarDate } from "../../policies/okta";
import { COMMON_OPTIONS, FLAG, parseOptions, TEXT, UsageError } from "../command";
import { formatDuration } from "./duration";

/** verify's command line: its usage, options and the durations and times they take. */

export const USAGE = [
  "Usage: npm run verify -- --stack <name> [--user <login or id>] [--since <time or duration>] [--outputs <file>] [--json]",
  "                        [--preflight | --wait <duration>]",
  "  --stack <name>     the stack whose check to read (Pulumi.<name>.yaml)",
  "  --user <login>     check only this one of the stack's test users (default: every okta-managed-device-check:testUsers entry)",
  "  --since <when>     read sign-ins since an ISO-8601 time (2025-01-31T09:00:00Z), a date (2025-01-31) or a duration ago (30m, 2h, 7d); default 24h, at most 90 days",
  "  --outputs <file>   take the ids from `pulumi stack output --json --stack <name>` saved in <file>",
  "  --preflight        before the sign-in: check the org and each test user are ready for it (exit 5 when not)",
  "  --wait <duration>  keep reading until every test user has an evaluation, or for at most 30s, 10m, 1h, ...",
  "  --timeout <duration> the most the whole run may take, rate-limit waits included (default 5m; with --wait, the wait plus 5m)",
  "  --json             print one JSON document instead of text",
  "Credentials, as for pulumi up: OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY (optional OKTA_API_PRIVATE_KEY_ID, OKTA_API_SCOPES).",
  "The org: okta:orgName and okta:baseUrl of the stack, else OKTA_ORG_NAME and OKTA_BASE_URL; OKTA_ORG_URL overrides both.",
  "Exit codes: 0 managed (or ready), 1 denied, 2 no evaluation yet, 3 drift, 4 tenant not readable (or --timeout reached), 5 not ready (--preflight) or a Classic Engine org,",
  "  64 usage, 70 internal error, 74 output not writable, 129/130/143 stopped by SIGHUP/Ctrl-C/SIGTERM (during --wait: the report so far, with its code).",
].join("\n");

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
  /** `--timeout`: the most the whole run may take, in milliseconds, and the option as given. */
  timeout: { ms: number; option: string };
}

export type ParsedCommand = { help: true } | ({ help: false } & VerifyArgs);

const OPTIONS = { ...COMMON_OPTIONS, user: TEXT, since: TEXT, outputs: TEXT, wait: TEXT, timeout: TEXT, preflight: FLAG } as const;

const DEFAULT_SINCE = "24h";
/** The System Log keeps 90 days of events (Okta's System Log API reference: "Data retention"). */
const MAX_SINCE_DAYS = 90;
const MAX_WAIT_MS = 24 * 3_600_000;
/** Enough for a run of 100 test users that paces itself through a few rate-limit windows. */
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const MAX_TIMEOUT_MS = MAX_WAIT_MS + DEFAULT_TIMEOUT_MS;

/** No `--stack` was given: the caller, which knows the project directory, names the stacks that exist. */
export class MissingStackError extends UsageError {}

export function parseArgs(argv: readonly string[], now: Date): ParsedCommand {
  const values = parseOptions(argv, OPTIONS);
  if (values.help) return { help: true };
  if (values.stack === undefined) throw new MissingStackError("--stack <name> is required");
  if (values.preflight && values.wait !== undefined) throw new UsageError("--preflight and --wait do not go together: run the preflight first, then --wait after asking the user to sign in");
  const waitMs = values.wait === undefined ? undefined : parseWait(values.wait);
  return {
    help: false,
    stack: values.stack,
    user: values.user?.trim(),
    since: parseSince(values.since ?? DEFAULT_SINCE, now),
    outputsFile: values.outputs,
    json: values.json ?? false,
    preflight: values.preflight ?? false,
    waitMs,
    timeout: parseTimeout(values.timeout, waitMs),
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
    const ago = amount * UNIT_MS[duration[2].toLowerCase()];
    // Checked before any date is made of it: 9999999999999999d is no date at all.
    if (!(ago <= MAX_SINCE_DAYS * UNIT_MS.d)) throw beyondRetention(value);
    since = new Date(now.getTime() - ago);
  } else if (DATE_ONLY.test(value) || DATE_TIME_WITH_ZONE.test(value)) {
    since = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(since.getTime()) || (DATE_ONLY.test(value) && !isCalendarDate(value))) {
      throw new UsageError(`--since ${value}: not a real date; ${expected}`);
    }
  } else {
    throw new UsageError(`--since ${value}: ${expected}`);
  }
  if (since.getTime() > now.getTime()) throw new UsageError(`--since ${value}: is in the future`);
  if (now.getTime() - since.getTime() > MAX_SINCE_DAYS * UNIT_MS.d) throw beyondRetention(value);
  return since;
}

function beyondRetention(value: string): UsageError {
  return new UsageError(`--since ${value}: is more than ${MAX_SINCE_DAYS} days ago, beyond the ${MAX_SINCE_DAYS} days of events Okta's System Log keeps`);
}

/** `--wait`: a duration such as 30s, 10m or 1h, at most 24h. */
function parseWait(text: string): number {
  const duration = DURATION.exec(text.trim());
  if (!duration || Number(duration[1]) === 0) throw new UsageError(`--wait ${text}: expected a duration such as 30s, 10m or 1h`);
  const ms = Number(duration[1]) * UNIT_MS[duration[2].toLowerCase()];
  if (ms > MAX_WAIT_MS) throw new UsageError(`--wait ${text}: at most 24h; run verify again to wait longer`);
  return ms;
}

/** `--timeout`: a duration such as 90s or 10m, longer than --wait; default 5m, or the wait plus 5m. */
export function parseTimeout(text: string | undefined, waitMs: number | undefined): { ms: number; option: string } {
  if (text === undefined) {
    const ms = (waitMs ?? 0) + DEFAULT_TIMEOUT_MS;
    return { ms, option: `--timeout ${formatDuration(ms)} (the default)` };
  }
  const duration = DURATION.exec(text.trim());
  if (!duration || Number(duration[1]) === 0) throw new UsageError(`--timeout ${text}: expected a duration such as 90s, 10m or 1h`);
  const ms = Number(duration[1]) * UNIT_MS[duration[2].toLowerCase()];
  if (!(ms <= MAX_TIMEOUT_MS)) throw new UsageError(`--timeout ${text}: at most ${formatDuration(MAX_TIMEOUT_MS)}`);
  if (waitMs !== undefined && ms <= waitMs) throw new UsageError(`--timeout ${text}: must be longer than --wait, which it includes, with time to read the tenant`);
  return { ms, option: `--timeout ${text.trim()}` };
}
