import type * as okta from "@okta/okta-sdk-nodejs";
import { CATCH_ALL_RULE_NAME, FASTPASS_METHOD, FastPassKey, isFastPassMethod } from "../../policies/okta";
import { ALLOWS_ACCESS, APPLIES_TO_EVERYONE, REAUTHENTICATES_EVERY_SIGN_IN, REQUIRES_FASTPASS, REQUIRES_MANAGED_DEVICE, RuleRequirement } from "../../policies/ruleContract";
import { accessPolicyIdOf, ExpectedCheck, FoundCheck } from "./findCheck";

/**
 * Drift: every way the tenant differs from what the check declares, item by item. The managed-device
 * rule is held to the pack's rule contract (policies/ruleContract.ts), so a rule the pack refuses in
 * code is drift here, in the same words.
 */

export type DriftKind =
  | "bookmark_missing"
  | "bookmark_ambiguous"
  | "bookmark_inactive"
  | "bookmark_other_policy"
  | "policy_missing"
  | "policy_inactive"
  | "catch_all_missing"
  | "catch_all_allows"
  | "rule_missing"
  | "rule_inactive"
  | "rule_not_allowing"
  | "rule_registered_not_required"
  | "rule_managed_not_required"
  | "rule_fastpass_not_required"
  | "rule_not_every_sign_in"
  | "rule_narrowed"
  | "extra_rule"
  | "user_missing"
  | "user_not_assigned"
  | "group_missing"
  | "group_not_assigned";

export interface DriftItem {
  kind: DriftKind;
  message: string;
  fix: string;
}

export function findDrift(found: FoundCheck, expected: ExpectedCheck): DriftItem[] {
  const refresh = `run: pulumi up --refresh --stack ${expected.stack}`;
  return [...bookmarkDrift(found, expected, refresh), ...policyDrift(found, expected, refresh), ...userDrift(found, expected, refresh)];
}

function bookmarkDrift(found: FoundCheck, expected: ExpectedCheck, refresh: string): DriftItem[] {
  const label = `"${expected.bookmarkLabel}"`;
  if (found.bookmarks.length === 0) {
    return [
      {
        kind: "bookmark_missing",
        message: expected.ids ? `the bookmark app ${expected.ids.bookmarkAppId} named by --outputs no longer exists` : `no Bookmark app is labelled ${label}`,
        fix: `create the check with: pulumi up --stack ${expected.stack}`,
      },
    ];
  }
  if (found.bookmarks.length > 1) {
    return [
      {
        kind: "bookmark_ambiguous",
        message: `${found.bookmarks.length} Bookmark apps are labelled ${label} (${found.bookmarks.map((app) => app.id).join(", ")})`,
        fix: `name the check's own ids with --outputs <file> (pulumi stack output --json --stack ${expected.stack} > <file>), or remove the others`,
      },
    ];
  }
  const bookmark = found.bookmarks[0];
  const items: DriftItem[] = [];
  if (bookmark.status !== "ACTIVE") {
    items.push({ kind: "bookmark_inactive", message: `the bookmark ${label} is ${bookmark.status}, so no one can open it`, fix: refresh });
  }
  const policyId = accessPolicyIdOf(bookmark);
  if (found.policy && policyId !== found.policy.id) {
    items.push({
      kind: "bookmark_other_policy",
      message: policyId
        ? `the bookmark ${label} uses authentication policy ${policyId} instead of "${found.policy.name}" (${found.policy.id})`
        : `the bookmark ${label} has no authentication policy instead of "${found.policy.name}" (${found.policy.id})`,
      fix: refresh,
    });
  }
  return items;
}

function policyDrift(found: FoundCheck, expected: ExpectedCheck, refresh: string): DriftItem[] {
  const policyName = `"${expected.policyName}"`;
  if (!found.policy) {
    return [
      {
        kind: "policy_missing",
        message: expected.ids ? `the authentication policy ${expected.ids.policyId} named by --outputs no longer exists` : `no authentication policy is named ${policyName}`,
        fix: `create the check with: pulumi up --stack ${expected.stack}`,
      },
    ];
  }
  const items: DriftItem[] = [];
  if (found.policy.status !== "ACTIVE") {
    items.push({ kind: "policy_inactive", message: `the authentication policy ${policyName} is ${found.policy.status}`, fix: refresh });
  }
  const { catchAllRule, managedRule } = found;
  items.push(...catchAllDrift(catchAllRule, expected));
  if (!managedRule) {
    items.push({
      kind: "rule_missing",
      message: expected.ids ? `the rule ${expected.ids.ruleId} named by --outputs is no longer in ${policyName}` : `${policyName} has no rule named "${expected.ruleName}"`,
      fix: refresh,
    });
  } else {
    items.push(...managedRuleDrift(managedRule, refresh));
  }
  for (const rule of found.rules) {
    if (rule === catchAllRule || rule === managedRule || rule.status !== "ACTIVE") continue;
    items.push({
      kind: "extra_rule",
      message: `${policyName} has another active rule "${rule.name}" (access ${rule.actions?.appSignOn?.access ?? "not set"}); a sign-in it decides says nothing about the device`,
      fix: `deactivate or delete "${rule.name}": the policy must hold only "${expected.ruleName}" and the ${CATCH_ALL_RULE_NAME}`,
    });
  }
  return items;
}

function catchAllDrift(catchAllRule: okta.AccessPolicyRule | undefined, expected: ExpectedCheck): DriftItem[] {
  if (!catchAllRule) {
    return [{ kind: "catch_all_missing", message: `"${expected.policyName}" has no ${CATCH_ALL_RULE_NAME}`, fix: `re-create the check: pulumi destroy --stack ${expected.stack}, then pulumi up --stack ${expected.stack}` }];
  }
  const access = catchAllRule.actions?.appSignOn?.access;
  if (access === "DENY") return [];
  return [
    {
      kind: "catch_all_allows",
      message: `the ${CATCH_ALL_RULE_NAME} of "${expected.policyName}" no longer denies (access ${access ?? "not set"}), so any device passes`,
      // The provider sets the catch-all only when it creates the policy, so `pulumi up` does not repair it.
      fix: `set its access to Denied under Security > Authentication Policies > "${expected.policyName}" (pulumi up does not repair it), or re-create the check with pulumi destroy and pulumi up --stack ${expected.stack}`,
    },
  ];
}

/** The rule's verification method as the SDK models an ASSURANCE method (AssuranceMethod). */
function assuranceOf(rule: okta.AccessPolicyRule): okta.AssuranceMethod | undefined {
  return rule.actions?.appSignOn?.verificationMethod as okta.AssuranceMethod | undefined;
}

/**
 * The rule in the provider's input names, which the rule contract reads (policies/ruleContract.ts),
 * from the SDK's AccessPolicyRule: actions.appSignOn {access, verificationMethod {type,
 * reauthenticateIn, constraints}}, conditions {device {registered, managed, assurance.include},
 * network {connection, include, exclude}, platform {include, exclude}, riskScore.level, people
 * {users, groups}.{include, exclude}, userType {include, exclude}, elCondition.condition}
 * (okta-sdk-nodejs src/types/generated/models/AccessPolicyRule*.d.ts and the condition models they name).
 */
function asRuleInputs(rule: okta.AccessPolicyRule): Record<string, unknown> {
  const signOn = rule.actions?.appSignOn;
  const method = assuranceOf(rule);
  const conditions = rule.conditions ?? undefined;
  const { device, network, platform, riskScore, people, userType, elCondition } = conditions ?? {};
  return {
    access: signOn?.access,
    deviceIsRegistered: device?.registered,
    deviceIsManaged: device?.managed,
    deviceAssurancesIncluded: device?.assurance?.include,
    type: method?.type,
    constraints: method?.constraints,
    reAuthenticationFrequency: method?.reauthenticateIn,
    usersIncluded: people?.users?.include,
    usersExcluded: people?.users?.exclude,
    groupsIncluded: people?.groups?.include,
    groupsExcluded: people?.groups?.exclude,
    userTypesIncluded: userType?.include,
    userTypesExcluded: userType?.exclude,
    networkConnection: network?.connection,
    networkIncludes: network?.include,
    networkExcludes: network?.exclude,
    platformIncludes: platform?.include,
    platformExcludes: platform?.exclude,
    riskScore: riskScore?.level,
    customExpression: elCondition?.condition,
  };
}

/** Each requirement of the rule contract, and the drift it is when the tenant's rule breaks it. */
const CONTRACT_DRIFT: ReadonlyArray<readonly [DriftKind, RuleRequirement]> = [
  ["rule_not_allowing", ALLOWS_ACCESS],
  ["rule_fastpass_not_required", REQUIRES_FASTPASS],
  ["rule_not_every_sign_in", REAUTHENTICATES_EVERY_SIGN_IN],
  ["rule_narrowed", APPLIES_TO_EVERYONE],
];

function managedRuleDrift(rule: okta.AccessPolicyRule, refresh: string): DriftItem[] {
  const name = `the rule "${rule.name}"`;
  const items: DriftItem[] = [];
  const drift = (kind: DriftKind, message: string) => items.push({ kind, message: `${name} ${message}`, fix: refresh });
  if (rule.status !== "ACTIVE") drift("rule_inactive", `is ${rule.status}`);
  const inputs = asRuleInputs(rule);
  // One item per missing device condition, each worded as the pack words it.
  for (const missing of REQUIRES_MANAGED_DEVICE.problems(inputs)) {
    drift(missing.startsWith("deviceIsRegistered") ? "rule_registered_not_required" : "rule_managed_not_required", REQUIRES_MANAGED_DEVICE.finding([missing]));
  }
  for (const [kind, requirement] of CONTRACT_DRIFT) {
    const problems = requirement.problems(inputs);
    if (problems.length > 0) drift(kind, requirement.finding(problems));
  }
  return items;
}

function possessionOf(rule: okta.AccessPolicyRule): okta.PossessionConstraint | undefined {
  return (assuranceOf(rule)?.constraints ?? []).map((constraint) => constraint.possession).find((p) => (p?.authenticationMethods ?? []).length > 0) ?? undefined;
}

/**
 * Advice, not drift: the rule requires FastPass in the other form than the stack's
 * `okta-managed-device-check:fastPassKey` (issue 13). The check works; only previews keep showing a
 * change until the stack sends the form the org answers with.
 */
export function fastPassFormAdvice(found: FoundCheck, { stack, stackFile }: Pick<ExpectedCheck, "stack" | "stackFile">, fastPassKey: FastPassKey): string[] {
  const rule = found.managedRule;
  const methods = rule ? (possessionOf(rule)?.authenticationMethods ?? []) : [];
  const keys = [...new Set(methods.filter((method) => isFastPassMethod(method)).map((method) => method.key))];
  if (keys.length !== 1 || keys[0] === fastPassKey) return [];
  return [
    `the tenant answers the rule's FastPass as ${keys[0]}/${FASTPASS_METHOD}, but the stack sends ${fastPassKey}: set okta-managed-device-check:fastPassKey to ${keys[0]} in ${stackFile} (pulumi config set okta-managed-device-check:fastPassKey ${keys[0]} --stack ${stack}) so that previews stop showing a change to the rule; the check itself is right`,
  ];
}

function userDrift(found: FoundCheck, expected: ExpectedCheck, refresh: string): DriftItem[] {
  const items: DriftItem[] = [];
  for (const user of found.users) {
    if (!user.user) {
      items.push({
        kind: "user_missing",
        message: `no user ${user.requested} exists in the tenant`,
        fix: `correct okta-managed-device-check:testUsers in ${expected.stackFile} (or --user), then pulumi up --stack ${expected.stack}`,
      });
    } else if (user.assigned === false) {
      items.push({
        kind: "user_not_assigned",
        message: `${user.user.login} is not assigned to the bookmark "${expected.bookmarkLabel}"`,
        fix: `list the user in okta-managed-device-check:testUsers of ${expected.stackFile} and ${refresh}`,
      });
    }
  }
  return items;
}
