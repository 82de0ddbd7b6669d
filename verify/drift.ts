import { CATCH_ALL_RULE_NAME, EVERY_SIGN_IN, isFastPassMethod } from "../policies/okta";
import { accessPolicyIdOf, ExpectedCheck, FoundCheck } from "./findCheck";
import type { OktaRule } from "./oktaSchemas";

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
  | "extra_rule"
  | "user_missing"
  | "user_not_assigned";

export interface DriftItem {
  kind: DriftKind;
  message: string;
  fix: string;
}

/** The check's two rules as the tenant has them. */
export interface CheckRules {
  catchAllRule?: OktaRule;
  managedRule?: OktaRule;
}

export function identifyRules(found: FoundCheck, expected: ExpectedCheck): CheckRules {
  const catchAllRule = found.rules.find((rule) => isCatchAll(rule, expected));
  const managedRule = expected.ids
    ? found.rules.find((rule) => rule.id === expected.ids?.ruleId)
    : found.rules.find((rule) => rule.name === expected.ruleName && rule !== catchAllRule);
  return { catchAllRule, managedRule };
}

function isCatchAll(rule: OktaRule, expected: ExpectedCheck): boolean {
  return rule.system === true || rule.name === CATCH_ALL_RULE_NAME || rule.id === expected.ids?.catchAllRuleId;
}

/** Every way the tenant differs from what the check declares, item by item. */
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
  const { catchAllRule, managedRule } = identifyRules(found, expected);
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

function catchAllDrift(catchAllRule: OktaRule | undefined, expected: ExpectedCheck): DriftItem[] {
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

function managedRuleDrift(rule: OktaRule, refresh: string): DriftItem[] {
  const name = `the rule "${rule.name}"`;
  const items: DriftItem[] = [];
  const drift = (kind: DriftKind, message: string) => items.push({ kind, message: `${name} ${message}`, fix: refresh });
  if (rule.status !== "ACTIVE") drift("rule_inactive", `is ${rule.status}`);
  const signOn = rule.actions?.appSignOn;
  if (signOn?.access !== "ALLOW") drift("rule_not_allowing", `no longer allows access (access ${signOn?.access ?? "not set"})`);
  const device = rule.conditions?.device;
  if (device?.registered !== true) drift("rule_registered_not_required", "no longer requires a registered device");
  if (device?.managed !== true) drift("rule_managed_not_required", "no longer requires a managed device");
  const fastPass = fastPassProblem(rule);
  if (fastPass) drift("rule_fastpass_not_required", `no longer requires Okta FastPass: ${fastPass}`);
  const reauthenticateIn = signOn?.verificationMethod?.reauthenticateIn;
  if (reauthenticateIn !== EVERY_SIGN_IN) {
    drift("rule_not_every_sign_in", `no longer prompts at every sign-in (re-authentication ${reauthenticateIn ?? "not set"} instead of ${EVERY_SIGN_IN})`);
  }
  return items;
}

/** Why the rule no longer requires the check's FastPass constraint, if it does not. */
function fastPassProblem(rule: OktaRule): string | undefined {
  const constraints = rule.actions?.appSignOn?.verificationMethod?.constraints ?? [];
  const possession = constraints.map((constraint) => constraint.possession).find((p) => (p?.authenticationMethods ?? []).length > 0);
  if (!possession) return "no possession constraint names a method";
  const methods = possession.authenticationMethods ?? [];
  const others = methods.filter((method) => !isFastPassMethod(method));
  if (others.length === methods.length) return `it requires ${describeMethods(methods)} instead`;
  if (others.length > 0) return `it also accepts ${describeMethods(others)}`;
  if (possession.required === false) return "the possession factor is optional";
  return undefined;
}

function describeMethods(methods: ReadonlyArray<{ key: string; method?: string | null }>): string {
  return methods.map((method) => (method.method ? `${method.key}/${method.method}` : method.key)).join(", ");
}

function userDrift(found: FoundCheck, expected: ExpectedCheck, refresh: string): DriftItem[] {
  const items: DriftItem[] = [];
  for (const user of found.users) {
    if (!user.user) {
      items.push({
        kind: "user_missing",
        message: `no user ${user.requested} exists in the tenant`,
        fix: `correct okta-managed-device-check:testUsers in Pulumi.${expected.stack}.yaml (or --user), then pulumi up --stack ${expected.stack}`,
      });
    } else if (user.assigned === false) {
      items.push({
        kind: "user_not_assigned",
        message: `${user.user.profile.login} is not assigned to the bookmark "${expected.bookmarkLabel}"`,
        fix: `list the user in okta-managed-device-check:testUsers of Pulumi.${expected.stack}.yaml and ${refresh}`,
      });
    }
  }
  return items;
}
