import { z } from "zod";

/** The Pulumi project name: the namespace of this project's own stack config keys. */
export const PROJECT = "okta-managed-device-check";

export const DEFAULT_BOOKMARK_LABEL = "Managed Device Check";
export const DEFAULT_POLICY_NAME = "Require Managed Device";
export const DEFAULT_RULE_NAME = "Managed Device Allowed";
export const DEFAULT_FACTOR_MODE = "2FA";
/** The name Okta gives the system rule of every authentication policy. */
export const CATCH_ALL_RULE_NAME = "Catch-all Rule";

/**
 * A config value that is encrypted in the stack file (`secure:`). The plaintext is only known
 * when Pulumi decrypted it; it never appears in `String()`, JSON or error messages.
 */
export class SecretConfigValue {
  readonly #plaintext: string | undefined;
  constructor(plaintext?: string) {
    this.#plaintext = plaintext;
  }
  get plaintext(): string | undefined {
    return this.#plaintext;
  }
  toString(): string {
    return "[secret]";
  }
  toJSON(): string {
    return "[secret]";
  }
}

/** Provider keys whose values are credentials: a stack file may hold them only as `secure:` values. */
export const SECRET_KEYS: readonly string[] = ["okta:apiToken", "okta:privateKey", "okta:accessToken"];

/** Stack config as read from a stack file or from Pulumi: full keys (`namespace:key`) to values. */
export type RawStackConfig = Record<string, unknown>;

const key = (name: string) => `${PROJECT}:${name}`;

const OKTA_USER_ID = /^00u[0-9A-Za-z]{17}$/;
// A login is usually an email address, but Okta accepts any string of at most 100 characters
// that has no whitespace; an email is checked as one when it looks like one.
const LOGIN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const testUser = z
  .string({ error: "expected a user's login (an email address) or Okta user id (00u...)" })
  .trim()
  .refine((v) => OKTA_USER_ID.test(v) || LOGIN.test(v), {
    error: "expected a user's login (an email address such as alice@example.com) or an Okta user id (00u followed by 17 letters or digits)",
  });

const testUsers = z
  .array(testUser, { error: "expected a list of 1 or more test users (logins or Okta user ids)" })
  .min(1, { error: "expected at least 1 test user" })
  .superRefine((users, ctx) => {
    const seen = new Map<string, number>();
    users.forEach((user, index) => {
      const normalised = user.toLowerCase();
      const first = seen.get(normalised);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: `duplicate test user "${user}" (already listed at index ${first}); list each user once`,
        });
      } else {
        seen.set(normalised, index);
      }
    });
  });

const httpsUrl = z
  .string({ error: "expected an https URL such as https://example.com/" })
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === "https:" && isRealHost(url.hostname) && !url.username && !url.password;
      } catch {
        return false;
      }
    },
    { error: "expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused" },
  );

function isRealHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return false;
  if (/^[0-9.]+$/.test(hostname) || hostname.startsWith("[")) return false;
  const labels = hostname.split(".");
  return labels.length >= 2 && labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label)) && /[a-z]/i.test(labels[labels.length - 1]);
}

const displayName = (what: string, fallback: string) =>
  z
    .string({ error: `expected the ${what} as text` })
    .trim()
    .min(1, { error: `expected a non-empty ${what}` })
    .max(100, { error: `expected a ${what} of at most 100 characters` })
    .default(fallback);

const ruleName = displayName("rule name", DEFAULT_RULE_NAME).refine(
  (name) => name.toLowerCase() !== CATCH_ALL_RULE_NAME.toLowerCase(),
  { error: `must not be "${CATCH_ALL_RULE_NAME}": Okta reserves that name for the policy's system rule` },
);

/** True for a date written YYYY-MM-DD that exists on the calendar (2027-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

const isoDate = z
  .string({ error: "expected a date as YYYY-MM-DD" })
  .refine(isCalendarDate, { error: "expected a calendar date as YYYY-MM-DD, such as 2026-12-31" });

const plainText = (what: string) => z.string({ error: `expected ${what}` }).trim().min(1, { error: `expected ${what}` });
const positiveInt = (what: string) => z.coerce.number({ error: `expected ${what}` }).int({ error: `expected ${what}` }).min(0, { error: `expected ${what}` });

const secret = (name: string) =>
  z.custom<SecretConfigValue>((v) => v instanceof SecretConfigValue, {
    error: `must be stored encrypted: a plaintext value was found (not shown). Remove it from the stack file and run \`pulumi config set --secret ${name}\``,
  });

const OKTA_BASE_URLS = ["okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "okta.mil", "okta-miltest.com", "trexcloud.com"] as const;

const scopes = z
  .union([z.array(z.string()), z.string().transform((s) => s.split(/[\s,]+/).filter(Boolean))], { error: "expected a list of OAuth scopes such as [okta.apps.manage, okta.policies.manage]" })
  .pipe(z.array(z.string().regex(/^okta\.[a-zA-Z]+\.[a-zA-Z]+$/, { error: "expected an Okta scope such as okta.apps.manage" })).min(1, { error: "expected at least 1 scope" }));

const booleanLike = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")], { error: "expected true or false" });

/**
 * The whole stack config: this project's keys and the Okta provider's keys (the engine's own
 * `pulumi:` keys are left to Pulumi). Keys are the stack file's own (`namespace:key`), so every error names the key
 * exactly as it is written in `Pulumi.<stack>.yaml`.
 */
export const stackConfigSchema = z
  .strictObject({
    [key("testUsers")]: testUsers,
    [key("bookmarkLabel")]: displayName("bookmark label", DEFAULT_BOOKMARK_LABEL),
    [key("bookmarkUrl")]: httpsUrl,
    [key("policyName")]: displayName("policy name", DEFAULT_POLICY_NAME),
    [key("ruleName")]: ruleName,
    [key("factorMode")]: z.enum(["1FA", "2FA"], { error: 'expected "1FA" or "2FA"' }).default(DEFAULT_FACTOR_MODE),
    [key("expiresOn")]: isoDate.optional(),
    "okta:orgName": plainText("the Okta org name, the first label of the org's host (acme for acme.okta.com)")
      .refine((v) => /^[a-z0-9][a-z0-9-]*$/i.test(v), { error: "expected the org name alone (acme for acme.okta.com), not a URL" }),
    "okta:baseUrl": z.enum(OKTA_BASE_URLS, { error: `expected one of ${OKTA_BASE_URLS.join(", ")}` }),
    "okta:clientId": plainText("the OAuth service app's client id").optional(),
    "okta:privateKeyId": plainText("the key id (kid) of the service app's private key").optional(),
    "okta:privateKey": secret("okta:privateKey").optional(),
    "okta:apiToken": secret("okta:apiToken").optional(),
    "okta:accessToken": secret("okta:accessToken").optional(),
    "okta:scopes": scopes.optional(),
    "okta:backoff": booleanLike.optional(),
    "okta:maxRetries": positiveInt("a whole number of retries").optional(),
    "okta:maxApiCapacity": positiveInt("a percentage of the rate limit from 1 to 100").pipe(z.number().min(1).max(100, { error: "expected a percentage from 1 to 100" })).optional(),
    "okta:minWaitSeconds": positiveInt("a whole number of seconds").optional(),
    "okta:maxWaitSeconds": positiveInt("a whole number of seconds").optional(),
    "okta:requestTimeout": positiveInt("a whole number of seconds").optional(),
    "okta:parallelism": positiveInt("a whole number of parallel requests").optional(),
    "okta:logLevel": positiveInt("a log level number").optional(),
    "okta:httpProxy": plainText("a proxy URL").optional(),
  })
  .superRefine((config, ctx) => {
    const usesKey = config["okta:clientId"] !== undefined || config["okta:privateKey"] !== undefined || config["okta:privateKeyId"] !== undefined;
    if (usesKey) {
      for (const required of ["okta:clientId", "okta:privateKey", "okta:scopes"] as const) {
        if (config[required] === undefined) {
          ctx.addIssue({ code: "custom", path: [required], message: "is required when the provider signs in as an OAuth service app (okta:clientId with okta:privateKey)" });
        }
      }
    }
  });

export type StackConfig = z.output<typeof stackConfigSchema>;

/** The settings of the check itself, with defaults applied: what the component needs. */
export interface CheckSettings {
  testUsers: string[];
  bookmarkLabel: string;
  bookmarkUrl: string;
  policyName: string;
  ruleName: string;
  factorMode: "1FA" | "2FA";
  expiresOn?: string;
}

export interface ConfigProblem {
  /** The key path as written in the stack file, e.g. `okta-managed-device-check:testUsers[1]`. */
  key: string;
  message: string;
}

/** Raised for an invalid stack config; its message lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(
    readonly stackFile: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      [`${stackFile}: invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):`, ...problems.map((p) => `  ${stackFile}: ${p.key}: ${p.message}`)].join("\n"),
    );
    this.name = "ConfigError";
  }
}

export interface ParsedConfig {
  settings: CheckSettings;
  config: StackConfig;
}

/**
 * Validates a whole stack config at once. Every problem is reported together, each naming the
 * stack file and the key; values are never echoed, so a misplaced secret cannot leak.
 */
export function parseStackConfig(raw: RawStackConfig, stackFile: string): ParsedConfig {
  const result = stackConfigSchema.safeParse(withoutPulumiKeys(raw));
  if (!result.success) {
    throw new ConfigError(stackFile, result.error.issues.flatMap((issue) => toProblems(issue, raw)));
  }
  const config = result.data;
  return {
    config,
    settings: {
      testUsers: config[key("testUsers")] as string[],
      bookmarkLabel: config[key("bookmarkLabel")] as string,
      bookmarkUrl: config[key("bookmarkUrl")] as string,
      policyName: config[key("policyName")] as string,
      ruleName: config[key("ruleName")] as string,
      factorMode: config[key("factorMode")] as "1FA" | "2FA",
      expiresOn: config[key("expiresOn")] as string | undefined,
    },
  };
}

// `pulumi:tags`, `pulumi:disable-default-providers`, ... belong to the engine, which checks them itself.
function withoutPulumiKeys(raw: RawStackConfig): RawStackConfig {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith("pulumi:")));
}

function toProblems(issue: z.core.$ZodIssue, raw: RawStackConfig): ConfigProblem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((unknown) => ({ key: formatPath([...issue.path, unknown]), message: unknownKeyMessage(unknown) }));
  }
  if (issue.path.length > 0 && issue.code === "invalid_type" && valueAt(raw, issue.path) === undefined) {
    return [{ key: formatPath(issue.path), message: `is required: ${issue.message}` }];
  }
  return [{ key: formatPath(issue.path), message: issue.message }];
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((value, part) => (value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[part] : undefined), raw);
}

function unknownKeyMessage(unknown: string): string {
  const known = Object.keys(stackConfigSchema.shape);
  const [namespace, name] = unknown.includes(":") ? [unknown.slice(0, unknown.indexOf(":")), unknown.slice(unknown.indexOf(":") + 1)] : ["", unknown];
  const nameOf = (k: string) => k.slice(k.indexOf(":") + 1).toLowerCase();
  const suggestion =
    known.find((k) => k.toLowerCase() === unknown.toLowerCase()) ??
    known.find((k) => nameOf(k) === name.toLowerCase()) ??
    known.find((k) => k.startsWith(`${namespace}:`) && editDistance(nameOf(k), name.toLowerCase()) <= 2);
  const sameNamespace = known.filter((k) => k.startsWith(`${namespace}:`));
  const listed = sameNamespace.length > 0 ? sameNamespace : known;
  return `unknown key${suggestion ? ` (did you mean ${suggestion}?)` : ""}; known keys: ${listed.join(", ")}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), "");
}
