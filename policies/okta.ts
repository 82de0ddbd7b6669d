/**
 * The Okta facts the managed-device check is made of. The policy pack owns them, because it must
 * stay self-contained for `pulumi policy publish`; the component and the tools import them from here.
 */

/** Pulumi type tokens (the engine's `type` of each resource). */
export const TYPES = {
  stack: "pulumi:pulumi:Stack",
  oktaProvider: "pulumi:providers:okta",
  component: "okta-managed-device-check:index:ManagedDeviceCheck",
  appSignonPolicy: "okta:index/appSignonPolicy:AppSignonPolicy",
  appSignonPolicyRule: "okta:index/appSignonPolicyRule:AppSignonPolicyRule",
  signonPolicyRules: "okta:app/signonPolicyRules:SignonPolicyRules",
  bookmark: "okta:app/bookmark:Bookmark",
  appUser: "okta:app/user:User",
  groupAssignment: "okta:app/groupAssignment:GroupAssignment",
  appGroupAssignments: "okta:index/appGroupAssignments:AppGroupAssignments",
  accessPolicyAssignment: "okta:app/accessPolicyAssignment:AccessPolicyAssignment",
  getUser: "okta:user/getUser:getUser",
} as const;

/** The two ways to declare rules of an app sign-on policy: one resource per rule, or all rules in one. */
export const RULE_TYPES: readonly string[] = [TYPES.appSignonPolicyRule, TYPES.signonPolicyRules];

/** Resource types that assign a group to an app. */
export const GROUP_ASSIGNMENT_TYPES: readonly string[] = [TYPES.groupAssignment, TYPES.appGroupAssignments];

/**
 * The resource types the check is made of. Everything else (global session, password or MFA
 * enrollment policies, other apps, groups, network zones, ...) is outside its scope.
 */
export const CHECK_TYPES: readonly string[] = [
  TYPES.stack,
  TYPES.oktaProvider,
  TYPES.component,
  TYPES.appSignonPolicy,
  TYPES.appSignonPolicyRule,
  TYPES.signonPolicyRules,
  TYPES.bookmark,
  TYPES.appUser,
  TYPES.groupAssignment,
  TYPES.appGroupAssignments,
];

/** The name Okta gives the system rule of every authentication policy. */
export const CATCH_ALL_RULE_NAME = "Catch-all Rule";

/** ISO-8601 duration meaning "prompt on every sign-in". */
export const EVERY_SIGN_IN = "PT0S";

/** The provider's default `reAuthenticationFrequency` when a rule leaves it unset. */
export const PROVIDER_DEFAULT_REAUTHENTICATION = "PT2H";

/** An OAuth scope of Okta's management API, such as `okta.apps.read`. */
export const OKTA_SCOPE = /^okta\.[A-Za-z]+\.[A-Za-z]+$/;

/** An Okta user id: `00u` and 17 letters or digits. */
export const OKTA_USER_ID = /^00u[0-9A-Za-z]{17}$/;

/**
 * The authenticator keys Okta Verify FastPass goes by: `okta_verify` in most orgs, and
 * `okta_verify_fastpass` in orgs with the Early Access feature "Flexible Okta Verify authenticator
 * configuration" (Okta developer docs, guide "authenticators-okta-verify").
 */
export const FASTPASS_KEYS = ["okta_verify", "okta_verify_fastpass"] as const;
export type FastPassKey = (typeof FASTPASS_KEYS)[number];

/** The Okta Verify method that is FastPass. */
export const FASTPASS_METHOD = "signed_nonce";

/** True for an authentication method that is Okta Verify FastPass, under either key. */
export function isFastPassMethod(method: unknown): boolean {
  if (typeof method !== "object" || method === null) return false;
  const { key, method: name } = method as { key?: unknown; method?: unknown };
  return (FASTPASS_KEYS as readonly unknown[]).includes(key) && name === FASTPASS_METHOD;
}

/**
 * A rule constraint that requires Okta Verify FastPass as the possession factor. `required` is sent
 * explicitly: the provider's model sends `false` when it is missing.
 */
export function fastPassConstraint(key: FastPassKey): string {
  return JSON.stringify({ possession: { authenticationMethods: [{ key, method: FASTPASS_METHOD }], required: true } });
}

/** True for a date written YYYY-MM-DD that exists on the calendar (2027-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * The check records its expiry date at the end of its authentication policy's description, where
 * an admin sees it in the console and the pack's `no-expired-check` reads it back.
 */
export function withExpiry(description: string, expiresOn: string | undefined): string {
  return expiresOn ? `${description} Expires ${expiresOn}.` : description;
}

/** The date {@link withExpiry} recorded at the end of a description, if it is a calendar date. */
export function expiryOf(description: unknown): string | undefined {
  if (typeof description !== "string") return undefined;
  const date = /Expires (\d{4}-\d{2}-\d{2})\.\s*$/.exec(description)?.[1];
  return date !== undefined && isCalendarDate(date) ? date : undefined;
}
