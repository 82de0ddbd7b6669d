/**
 * What the managed-device check declares, as the policy pack sees it: type tokens and the few
 * Okta values the policies compare against. The pack is its own package, so it does not import the
 * component; a unit test checks that these values match `components/`.
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

/** Okta Verify with FastPass, as an authentication method in a rule's constraints. */
export const FASTPASS_METHOD = { key: "okta_verify", method: "signed_nonce" } as const;

/** ISO-8601 duration meaning "prompt on every sign-in". */
export const EVERY_SIGN_IN = "PT0S";

/** The provider's default `reAuthenticationFrequency` when a rule leaves it unset. */
export const PROVIDER_DEFAULT_REAUTHENTICATION = "PT2H";
