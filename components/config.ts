import { z } from "zod";
import { CATCH_ALL_RULE_NAME, FASTPASS_KEYS, FastPassKey, isCalendarDate, OKTA_SCOPE, OKTA_USER_ID } from "../policies/okta";
import { CHECK_DEFAULTS } from "./defaults";

/** The Pulumi project name: the namespace of this project's own stack config keys. */
export const PROJECT = "okta-managed-device-check";

/**
 * What an offline run hands the program in place of a value it cannot decrypt (`tools/plan/capture.ts`
 * sets it for every secret key). The program's reader reads it back as a secret without plaintext.
 */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * A config value that is encrypted in the stack file (`secure:`), on any key. The plaintext is only
 * known when Pulumi decrypted it; it never appears in `String()`, JSON or error messages.
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
    return SECRET_PLACEHOLDER;
  }
  toJSON(): string {
    return SECRET_PLACEHOLDER;
  }
}

/** Provider keys whose values are credentials: a stack file may hold them only as `secure:` values. */
export const SECRET_KEYS: readonly string[] = ["okta:apiToken", "okta:privateKey", "okta:accessToken"];

/**
 * Stack config by full key (`namespace:key`). Values are what Pulumi hands the program: text
 * (structured values as JSON text) or a {@link SecretConfigValue}. Other values (lists, numbers, as
 * tests write them) are turned into the text Pulumi would pass before they are checked.
 */
export type RawStackConfig = Record<string, unknown>;

/** A full key to the value a program receives for it. */
export type ProgramConfig = Record<string, string | SecretConfigValue>;

const key = (name: string) => `${PROJECT}:${name}`;

// Hostile text: C0 controls (tab and line breaks included), DEL, C1 controls, the Unicode line and
// paragraph separators, and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
// U+2066-U+2069). The one definition for config values and the credential variables alike.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HOSTILE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// A PEM private key is several lines: only line breaks are allowed in it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HOSTILE_IN_MULTILINE = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE_MESSAGE = "contains a control character or a bidirectional override (value not shown); remove it";

/** True when a text holds a control character (C0, DEL, C1) or a bidirectional override; `multiline` allows line breaks. */
export function hasHostileCharacters(text: string, { multiline = false } = {}): boolean {
  return (multiline ? HOSTILE_IN_MULTILINE : HOSTILE).test(text);
}

/** A key name safe to print: hostile characters are shown as \\u escapes. */
export function printableKey(name: string): string {
  return name.replace(new RegExp(HOSTILE.source, "g"), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// A value a text key receives as JSON of a list or map (a YAML list or map in the stack file).
function isJsonCollection(text: string): boolean {
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object";
  } catch {
    return false;
  }
}

/** Text as the program receives it: no hostile characters, and not a YAML list or map turned into JSON. */
const text = (expected: string) =>
  z
    .string({ error: expected })
    .refine((v) => !HOSTILE.test(v), { error: HOSTILE_MESSAGE, abort: true })
    .refine((v) => !isJsonCollection(v), { error: `${expected}, not a list or map`, abort: true });

/** A structured value: the JSON text Pulumi passes for a YAML list (sdk/go/common/resource/config/object.go, MarshalString). */
const jsonOf = (expected: string) =>
  z.string({ error: expected }).transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: expected });
      return z.NEVER;
    }
  });

const element = (expected: string) =>
  z.string({ error: expected }).refine((v) => !HOSTILE.test(v), { error: HOSTILE_MESSAGE, abort: true });

// A login is usually an email address, but Okta accepts any string of at most 100 characters
// that has no whitespace; an email is checked as one when it looks like one.
const LOGIN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const USER_EXPECTED = "expected a user's login (an email address such as alice@example.com) or an Okta user id (00u followed by 17 letters or digits)";
const USERS_EXPECTED = "expected a list of 1 or more test users (logins or Okta user ids)";

const testUser = element("expected a user's login (an email address) or Okta user id (00u...)")
  .transform((v) => v.trim())
  .refine((v) => OKTA_USER_ID.test(v) || LOGIN.test(v), { error: USER_EXPECTED });

const testUsers = jsonOf(USERS_EXPECTED).pipe(
  z
    .array(testUser, { error: USERS_EXPECTED })
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
    }),
);

/** Longest bookmark URL accepted: browsers and Okta handle far longer, but no check page needs more. */
export const MAX_URL_LENGTH = 2000;
const URL_EXPECTED = "expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused";

const httpsUrl = text("expected an https URL such as https://example.com/")
  .refine((v) => v.length <= MAX_URL_LENGTH, { error: `expected a URL of at most ${MAX_URL_LENGTH} characters`, abort: true })
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: URL_EXPECTED });
      return;
    }
    // The bookmark is declared with the value as written: it must be the URL a browser opens.
    if (url.href !== value) {
      ctx.addIssue({
        code: "custom",
        message:
          'expected the URL in canonical form, exactly as a browser writes it (value not shown): no surrounding spaces, "https://" with both slashes, a lower-case host and a path ("https://example.com/", not "https://example.com")',
      });
      return;
    }
    if (!(url.protocol === "https:" && isRealHost(url.hostname) && !url.username && !url.password)) {
      ctx.addIssue({ code: "custom", message: URL_EXPECTED });
    }
  });

function isRealHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return false;
  if (/^[0-9.]+$/.test(hostname) || hostname.startsWith("[")) return false;
  const labels = hostname.split(".");
  return labels.length >= 2 && labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label)) && /[a-z]/i.test(labels[labels.length - 1]);
}

const displayName = (what: string) =>
  text(`expected the ${what} as text`)
    .transform((v) => v.trim())
    .pipe(z.string().min(1, { error: `expected a non-empty ${what}` }).max(100, { error: `expected a ${what} of at most 100 characters` }));

const ruleName = displayName("rule name").refine((name) => name.toLowerCase() !== CATCH_ALL_RULE_NAME.toLowerCase(), {
  error: `must not be "${CATCH_ALL_RULE_NAME}": Okta reserves that name for the policy's system rule`,
});

const isoDate = text("expected a date as YYYY-MM-DD").refine(isCalendarDate, { error: "expected a calendar date as YYYY-MM-DD, such as 2026-12-31" });

const oneOf = <T extends readonly [string, ...string[]]>(values: T, expected: string) =>
  text(expected).pipe(z.enum(values, { error: expected }));

// Provider keys: the engine coerces untyped text "true"/"false" to booleans and canonical decimal
// text to integers before it configures the provider (sdk/go/common/resource/config/object.go,
// `coerce`, used by value.go `coerceObject`). A text key must therefore not be true/false.
const providerText = (expected: string) =>
  text(expected)
    .refine((v) => v.trim().length > 0, { error: expected, abort: true })
    .refine((v) => v !== "true" && v !== "false", { error: `${expected}, not true or false` });

// Numbers: only canonical decimal text is coerced to an integer (object.go `coerce`: no sign, no
// leading zero, no spaces); a blank or null value reaches the provider as "" (loaders.go, checkForEmptyConfig).
const wholeNumber = (expected: string, max?: number) =>
  text(expected)
    .refine((v) => /^(0|[1-9][0-9]{0,8})$/.test(v), { error: expected, abort: true })
    .transform((v) => Number(v))
    .refine((n) => max === undefined || (n >= 1 && n <= max), { error: expected });

// Booleans: "true" and "false" only (object.go `coerce`).
const booleanText = oneOf(["true", "false"], "expected true or false").transform((v) => v === "true");

const secret = (name: string) =>
  z.custom<SecretConfigValue>((v) => v instanceof SecretConfigValue, {
    error: `must be stored encrypted: a plaintext value was found (not shown). Remove it from the stack file and run \`pulumi config set --secret ${name}\``,
  });

const OKTA_BASE_URLS = ["okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "okta.mil", "okta-miltest.com", "trexcloud.com"] as const;

const SCOPES_EXPECTED = "expected a list of OAuth scopes such as [okta.apps.manage, okta.policies.manage]";
const scopes = z
  .string({ error: SCOPES_EXPECTED })
  .transform((value, ctx) => {
    if (!/^\s*\[/.test(value)) return value.split(/[\s,]+/).filter(Boolean);
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: SCOPES_EXPECTED });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(element("expected an Okta scope such as okta.apps.manage").pipe(z.string().regex(OKTA_SCOPE, { error: "expected an Okta scope such as okta.apps.manage" })), {
        error: SCOPES_EXPECTED,
      })
      .min(1, { error: "expected at least 1 scope" }),
  );

/** How a key is checked: its schema, and the value the settings take when it is left out. */
interface KeySpec {
  schema: z.ZodType;
  default?: unknown;
  required?: boolean;
  /** A credential: a plaintext value is refused, whatever it holds. */
  credential?: boolean;
  /** Line breaks are allowed (a PEM key). */
  multiline?: boolean;
}

/**
 * Every key the program reads, with its check. The program and the offline tools both check the
 * values Pulumi hands the program (text; structured values as JSON), so they accept and refuse
 * exactly the same stacks. Keys are full (`namespace:key`), so every error names the key exactly
 * as `pulumi config` shows it.
 */
export const CONFIG_KEYS: Readonly<Record<string, KeySpec>> = {
  [key("testUsers")]: { schema: testUsers, required: true },
  [key("bookmarkLabel")]: { schema: displayName("bookmark label"), default: CHECK_DEFAULTS.bookmarkLabel },
  [key("bookmarkUrl")]: { schema: httpsUrl, required: true },
  [key("policyName")]: { schema: displayName("policy name"), default: CHECK_DEFAULTS.policyName },
  [key("ruleName")]: { schema: ruleName, default: CHECK_DEFAULTS.ruleName },
  [key("factorMode")]: { schema: oneOf(["1FA", "2FA"], 'expected "1FA" or "2FA"'), default: CHECK_DEFAULTS.factorMode },
  [key("fastPassKey")]: {
    schema: oneOf(FASTPASS_KEYS, `expected ${FASTPASS_KEYS.map((k) => `"${k}"`).join(" or ")} (okta_verify_fastpass in orgs with Flexible Okta Verify authenticator configuration)`),
    default: CHECK_DEFAULTS.fastPassKey,
  },
  [key("expiresOn")]: { schema: isoDate },
  "okta:orgName": {
    schema: providerText("expected the Okta org name, the first label of the org's host (acme for acme.okta.com)").refine((v) => /^[a-z0-9][a-z0-9-]*$/i.test(v), {
      error: "expected the org name alone (acme for acme.okta.com), not a URL",
    }),
  },
  "okta:baseUrl": { schema: oneOf(OKTA_BASE_URLS, `expected one of ${OKTA_BASE_URLS.join(", ")}`) },
  "okta:clientId": { schema: providerText("expected the OAuth service app's client id") },
  "okta:privateKeyId": { schema: providerText("expected the key id (kid) of the service app's private key") },
  "okta:privateKey": { schema: secret("okta:privateKey"), credential: true, multiline: true },
  "okta:apiToken": { schema: secret("okta:apiToken"), credential: true },
  "okta:accessToken": { schema: secret("okta:accessToken"), credential: true },
  "okta:scopes": { schema: scopes },
  "okta:backoff": { schema: booleanText },
  "okta:maxRetries": { schema: wholeNumber("expected a whole number of retries") },
  "okta:maxApiCapacity": { schema: wholeNumber("expected a percentage of the rate limit from 1 to 100", 100) },
  "okta:minWaitSeconds": { schema: wholeNumber("expected a whole number of seconds") },
  "okta:maxWaitSeconds": { schema: wholeNumber("expected a whole number of seconds") },
  "okta:requestTimeout": { schema: wholeNumber("expected a whole number of seconds") },
  "okta:parallelism": { schema: wholeNumber("expected a whole number of parallel requests") },
  "okta:logLevel": { schema: wholeNumber("expected a log level number") },
  "okta:httpProxy": { schema: providerText("expected a proxy URL") },
};

/** The checked config, by full key. Secrets the tools cannot decrypt stay {@link SecretConfigValue}s. */
export type StackConfig = Record<string, unknown>;

/** The settings of the check itself, with defaults applied: what the component needs. */
export interface CheckSettings {
  testUsers: string[];
  bookmarkLabel: string;
  bookmarkUrl: string;
  policyName: string;
  ruleName: string;
  factorMode: "1FA" | "2FA";
  fastPassKey: FastPassKey;
  expiresOn?: string;
}

export interface ConfigProblem {
  /** The key path as `pulumi config` names it, e.g. `okta-managed-device-check:testUsers[1]`. */
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

/** Where keys that are not in the stack file may still come from when Pulumi runs the program. */
export interface ConfigSources {
  /**
   * The ESC environments the stack file imports (`environment:`). Any key may come from them,
   * credentials included (pkg/workspace/config.go, `mergeConfig`), so a missing key is not an error.
   */
  environments?: readonly string[];
}

export interface ParsedConfig {
  /** The check's settings. A value that cannot be seen offline is shown as `[secret]` (or left to its default). */
  settings: CheckSettings;
  config: StackConfig;
  /** Checks that cannot be made without the tenant (encrypted values, keys an ESC environment may supply): advisory. */
  unchecked: ConfigProblem[];
  /** Keys whose values are secret (`secure:`), whatever they hold. */
  secretKeys: string[];
}

const UNCHECKED_SECRET = "is encrypted (secure:): its value cannot be checked without the tenant; the program checks the decrypted value when Pulumi runs it";
const uncheckedFromEnvironment = (environments: readonly string[]) =>
  `is not in the stack file and may come from its ESC environment${environments.length === 1 ? "" : "s"} (${environments.join(", ")}): it cannot be checked without the tenant; the program checks it when Pulumi runs it`;

/**
 * The text Pulumi hands the program for a config value, the one definition the program, the plan and
 * the tests share: text as is; a null or blank value as "" (sdk/go/common/workspace/loaders.go,
 * `checkForEmptyConfig`); numbers, booleans, lists and maps as Go's encoding/json writes them
 * (sdk/go/common/resource/config/object.go, `MarshalString`): map keys sorted, `<`, `>`, `&`,
 * U+2028 and U+2029 escaped, integers exact. A secret nested in a list or map is its placeholder.
 * NaN and infinities throw, as Go's encoder refuses them ("json: unsupported value").
 */
export function toProgramText(value: unknown): string | SecretConfigValue {
  if (value instanceof SecretConfigValue || typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  return goJson(value);
}

function goJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof SecretConfigValue) return goJson(SECRET_PLACEHOLDER);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("json: unsupported value");
    return Object.is(value, -0) ? "-0" : JSON.stringify(value);
  }
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  const map = value as Record<string, unknown>;
  return `{${Object.keys(map)
    .sort()
    .map((k) => `${goJson(k)}:${goJson(map[k])}`)
    .join(",")}}`;
}

/**
 * Validates a whole stack config at once, as the program receives it. Every problem is reported
 * together, each naming the key; values are never echoed, so a misplaced secret cannot leak.
 * Encrypted values whose plaintext is unknown (offline) are listed in `unchecked`, not refused.
 */
export function parseStackConfig(raw: RawStackConfig, stackFile: string, sources: ConfigSources = {}): ParsedConfig {
  const problems: ConfigProblem[] = [];
  const unchecked: ConfigProblem[] = [];
  const secretKeys: string[] = [];
  const config: StackConfig = {};
  const environments = sources.environments ?? [];
  const unknownToUs = new Set<string>();

  for (const [name, value] of Object.entries(raw)) {
    if (value instanceof SecretConfigValue) secretKeys.push(name);
    if (HOSTILE.test(name)) {
      problems.push({ key: printableKey(name), message: "the key name contains a control character or a bidirectional override; remove it" });
      unknownToUs.add(name);
      continue;
    }
    // `pulumi:tags`, `pulumi:disable-default-providers`, ... belong to the engine, which checks them;
    // their text must still be printable.
    if (name.startsWith("pulumi:")) {
      const programText = toProgramText(value);
      if (typeof programText === "string" && HOSTILE.test(programText)) problems.push({ key: name, message: HOSTILE_MESSAGE });
      unknownToUs.add(name);
      continue;
    }
    if (!(name in CONFIG_KEYS)) {
      problems.push({ key: name, message: unknownKeyMessage(name) });
      unknownToUs.add(name);
    }
  }

  for (const [name, spec] of Object.entries(CONFIG_KEYS)) {
    const value = raw[name];
    if (value === undefined) {
      if (environments.length > 0 && (spec.required || spec.credential)) {
        unchecked.push({ key: name, message: uncheckedFromEnvironment(environments) });
      } else if (spec.required) {
        const missing = spec.schema.safeParse(undefined);
        const message = missing.success ? "is required" : `is required: ${missing.error.issues[0].message}`;
        problems.push({ key: name, message });
      }
      continue;
    }
    const programValue = toProgramText(value);
    if (programValue instanceof SecretConfigValue) {
      const plaintext = programValue.plaintext;
      if (plaintext === undefined || plaintext === SECRET_PLACEHOLDER) {
        if (!spec.credential) unchecked.push({ key: name, message: UNCHECKED_SECRET });
        config[name] = programValue;
        continue;
      }
      if (hasHostileCharacters(plaintext, { multiline: spec.multiline })) {
        problems.push({ key: name, message: HOSTILE_MESSAGE });
        continue;
      }
      if (spec.credential) {
        config[name] = programValue;
        continue;
      }
      check(name, spec, plaintext);
      continue;
    }
    check(name, spec, programValue);
  }

  function check(name: string, spec: KeySpec, value: string | SecretConfigValue) {
    const result = spec.schema.safeParse(value);
    if (result.success) {
      config[name] = result.data;
    } else {
      const seen = new Set<string>();
      for (const issue of result.error.issues) {
        const problem = { key: formatPath([name, ...issue.path]), message: issue.message };
        const id = `${problem.key}\u0000${problem.message}`;
        if (!seen.has(id)) problems.push(problem);
        seen.add(id);
      }
    }
  }

  if (problems.length > 0) throw new ConfigError(stackFile, order(problems));

  const settingsValue = <T>(name: string, fallback: T): T => {
    const value = config[name];
    if (value === undefined) return (CONFIG_KEYS[name].default as T | undefined) ?? fallback;
    return value as T;
  };
  const unseen = (name: string) => config[name] instanceof SecretConfigValue || (config[name] === undefined && unchecked.some((u) => u.key === name));
  const shown = (name: string): string => (unseen(name) ? SECRET_PLACEHOLDER : settingsValue<string>(name, ""));
  const enumValue = <T>(name: string): T => (unseen(name) ? (CONFIG_KEYS[name].default as T) : settingsValue<T>(name, CONFIG_KEYS[name].default as T));

  return {
    config,
    unchecked,
    secretKeys,
    settings: {
      testUsers: unseen(key("testUsers")) ? [SECRET_PLACEHOLDER] : settingsValue<string[]>(key("testUsers"), []),
      bookmarkLabel: shown(key("bookmarkLabel")),
      bookmarkUrl: shown(key("bookmarkUrl")),
      policyName: shown(key("policyName")),
      ruleName: shown(key("ruleName")),
      factorMode: enumValue<"1FA" | "2FA">(key("factorMode")),
      fastPassKey: enumValue<FastPassKey>(key("fastPassKey")),
      expiresOn: unseen(key("expiresOn")) ? undefined : (config[key("expiresOn")] as string | undefined),
    },
  };
}

// Problems in the order of the known keys, then unknown keys as they were written.
function order(problems: ConfigProblem[]): ConfigProblem[] {
  const known = Object.keys(CONFIG_KEYS);
  const rank = (p: ConfigProblem) => {
    const index = known.findIndex((k) => p.key === k || p.key.startsWith(`${k}[`) || p.key.startsWith(`${k}.`));
    return index === -1 ? known.length : index;
  };
  return problems.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map(({ p }) => p);
}

function unknownKeyMessage(unknown: string): string {
  const known = Object.keys(CONFIG_KEYS);
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
