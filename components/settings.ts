/**
 * The check's settings: the one definition from which the component's argument check, its
 * defaults, the stack keys (`okta-managed-device-check:<name>`), the secret handling of `index.ts`
 * and the settings the plan and verify read all derive. A new setting is one entry here (and its
 * line in `ManagedDeviceCheckArgs`, which the compiler holds to this table).
 */
import { z } from "zod";
import { CATCH_ALL_RULE_NAME, isCalendarDate, OKTA_USER_ID } from "../policies/okta";
import { FactorMode, FastPassKey } from "./enums";
import { SECRET_PLACEHOLDER } from "./secretValue";
import { displayName, element, jsonOf, nameAsRead, oneOf, text } from "./text";

/** One setting: how its value is checked, and what the check takes when it is left out. */
export interface SettingSpec {
  /** Checks a value as a JavaScript caller passes it (the stack's text for text settings). */
  schema: z.ZodType;
  required?: boolean;
  default?: unknown;
  /**
   * A list, with what a list must be: the stack hands it to the program as JSON text. It must be
   * known when the component is declared (one resource per element).
   */
  list?: string;
  /** One of a fixed set (an enum): an offline run that cannot see it takes the default. */
  choice?: boolean;
  /** Required unless this other setting is given: testUsers, when the stack names pilot groups (testGroups). */
  requiredUnless?: string;
}

/** Whether a setting left out is a problem, given which other settings are there. */
export function requiredHere(spec: SettingSpec, isGiven: (setting: string) => boolean): boolean {
  return spec.required === true || (spec.requiredUnless !== undefined && !isGiven(spec.requiredUnless));
}

// A login is usually an email address, but Okta accepts any string of at most 100 characters
// (Okta's user profile schema, `login`: maxLength 100); an email is checked as one when it looks like one.
const LOGIN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_LOGIN_LENGTH = 100;
const USER_EXPECTED = "expected a user's login (an email address such as alice@example.com) or an Okta user id (00u followed by 17 letters or digits)";
const USERS_EXPECTED = "expected a list of 1 or more test users (logins or Okta user ids)";

const testUser = element("expected a user's login (an email address) or Okta user id (00u...)")
  .transform((v) => v.trim())
  .refine((v) => v.length <= MAX_LOGIN_LENGTH, { error: `expected a login of at most ${MAX_LOGIN_LENGTH} characters (Okta's limit)`, abort: true })
  .refine((v) => OKTA_USER_ID.test(v) || LOGIN.test(v), { error: USER_EXPECTED });

const testUsers = z
  .array(testUser, { error: USERS_EXPECTED })
  .min(1, { error: "expected at least 1 test user" })
  .superRefine((users, ctx) => {
    const seen = new Map<string, number>();
    users.forEach((user, index) => {
      const normalised = user.toLowerCase();
      const first = seen.get(normalised);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: [index], message: `duplicate test user "${user}" (already listed at index ${first}); list each user once` });
      } else {
        seen.set(normalised, index);
      }
    });
  });

const GROUPS_EXPECTED = "expected a list of 1 or more pilot groups (Okta group names)";

// An Okta group's name: at most 255 characters (okta-management-openapi-spec, OktaUserGroupProfile.name).
const testGroups = z
  .array(
    element("expected an Okta group's name")
      .transform((v) => v.trim())
      .pipe(z.string().min(1, { error: "expected a non-empty group name" }).max(255, { error: "expected a group name of at most 255 characters" })),
    { error: GROUPS_EXPECTED },
  )
  .min(1, { error: "expected at least 1 pilot group" })
  .superRefine((groups, ctx) => {
    groups.forEach((group, index) => {
      const first = groups.findIndex((other) => other.toLowerCase() === group.toLowerCase());
      if (first < index) ctx.addIssue({ code: "custom", path: [index], message: `duplicate pilot group "${group}" (already listed at index ${first}); list each group once` });
    });
  });

/** Longest bookmark URL accepted: browsers and Okta handle far longer, but no check page needs more. */
const MAX_URL_LENGTH = 2000;
const URL_EXPECTED = "expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused";
const URL_CREDENTIALS_REFUSED =
  "credentials in a URL are refused (value not shown): remove the user name and password (user:password@) before the host; every user assigned the bookmark could read them in its link";

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
    // Checked before the form, so that the message says why; the value is never echoed (it holds a secret).
    if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: URL_CREDENTIALS_REFUSED });
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
    if (!(url.protocol === "https:" && isRealHost(url.hostname))) {
      ctx.addIssue({ code: "custom", message: URL_EXPECTED });
    }
  });

function isRealHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return false;
  if (/^[0-9.]+$/.test(hostname) || hostname.startsWith("[")) return false;
  const labels = hostname.split(".");
  return labels.length >= 2 && labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label)) && /[a-z]/i.test(labels[labels.length - 1]);
}

// Compared as a person reads it, so that "Catch‐all Rule" with a U+2010 hyphen or a zero-width space is refused too.
const ruleName = displayName("rule name").refine((name) => nameAsRead(name) !== nameAsRead(CATCH_ALL_RULE_NAME), {
  error: `must not be "${CATCH_ALL_RULE_NAME}": Okta reserves that name for the policy's system rule`,
});

const isoDate = text("expected a date as YYYY-MM-DD").refine(isCalendarDate, { error: "expected a calendar date as YYYY-MM-DD, such as 2026-12-31" });

const choices = <T extends Record<string, string>>(values: T) => Object.values(values) as [T[keyof T], ...T[keyof T][]];
const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(" or ");

/** Every setting of the check, in the order errors are reported. */
export const SETTINGS = {
  testUsers: { schema: testUsers, requiredUnless: "testGroups", default: [], list: USERS_EXPECTED },
  testGroups: { schema: testGroups, default: [], list: GROUPS_EXPECTED },
  bookmarkLabel: { schema: displayName("bookmark label"), default: "Managed Device Check" },
  bookmarkUrl: { schema: httpsUrl, required: true },
  policyName: { schema: displayName("policy name"), default: "Require Managed Device" },
  ruleName: { schema: ruleName, default: "Managed Device Allowed" },
  factorMode: { schema: oneOf(choices(FactorMode), `expected ${quoted(choices(FactorMode))}`), default: FactorMode.TwoFactor, choice: true },
  fastPassKey: {
    schema: oneOf(choices(FastPassKey), `expected ${quoted(choices(FastPassKey))} (okta_verify_fastpass in orgs with Flexible Okta Verify authenticator configuration)`),
    default: FastPassKey.OktaVerify,
    choice: true,
  },
  expiresOn: { schema: isoDate },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;
type Spec<K extends SettingName> = (typeof SETTINGS)[K];
type Value<K extends SettingName> = z.output<Spec<K>["schema"]>;
type Given<K extends SettingName> = Spec<K> extends { required: true } | { default: unknown } ? Value<K> : Value<K> | undefined;

/** The settings of the check itself, with defaults applied: what the component declares. */
export type CheckSettings = { [K in SettingName]: Given<K> };

/** The settings a caller must give. */
export type RequiredSettingName = { [K in SettingName]: Spec<K> extends { required: true } ? K : never }[SettingName];

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** A setting's schema for the text Pulumi hands the program: a list arrives as JSON text. */
export function stackSchema(spec: SettingSpec): z.ZodType {
  return spec.list ? jsonOf(spec.list).pipe(spec.schema) : spec.schema;
}

export interface SettingProblem {
  /** The setting's path, e.g. `testUsers[1]`. */
  path: string;
  message: string;
}

/** Checks one setting's value: its parsed value, or every problem, each with its path under `name`. */
export function checkSetting(name: SettingName, value: unknown, required = (SETTINGS[name] as SettingSpec).required === true): { value: unknown } | { problems: SettingProblem[] } {
  const spec: SettingSpec = SETTINGS[name];
  // An offline run (the plan) hands the program SECRET_PLACEHOLDER for a value it cannot see and
  // shows its inputs as unknown (tools/plan/capture.ts); Pulumi's own run checks the real value.
  if (value === SECRET_PLACEHOLDER || (spec.list && Array.isArray(value) && value.length > 0 && value.every((v) => v === SECRET_PLACEHOLDER))) return { value };
  if (value === undefined) {
    if (!required) return { value: spec.default };
    const missing = spec.schema.safeParse(undefined);
    return { problems: [{ path: name, message: missing.success ? "is required" : `is required: ${missing.error.issues[0].message}` }] };
  }
  const result = spec.schema.safeParse(value);
  return result.success ? { value: result.data } : { problems: issueProblems(name, result.error) };
}

/** A schema's refusal of the value under `name`: each distinct problem once, with its path under `name`. */
export function issueProblems(name: string, error: { issues: { path: PropertyKey[]; message: string }[] }): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const problem = { path: formatPath([name, ...issue.path]), message: issue.message };
    const id = `${problem.path}\u0000${problem.message}`;
    if (!seen.has(id)) problems.push(problem);
    seen.add(id);
  }
  return problems;
}

/** `testUsers[1]`, `a.b`: a key path as `pulumi config` writes it. */
function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), "");
}
