import { StackValidationPolicy } from "@pulumi/policy";
import { feedersOfType, idMismatch, label } from "./read";
import { RULE_TYPES, TYPES } from "./okta";

/**
 * A rule on a policy the stack does not create. A rule whose `policyId` does not come from an
 * `okta.AppSignonPolicy` of this stack, or is computed from one but is not its id, edits a policy that already exists in the tenant (a literal
 * id, a lookup, a policy of another stack): that changes sign-in for whatever apps use it, and
 * `pulumi destroy` would not put it back. Related through `propertyDependencies`, not id values.
 */
export const noRuleOnPolicyOutsideStack: StackValidationPolicy = {
  name: "no-rule-on-policy-outside-stack",
  description: "Forbids a sign-on policy rule on a policy the stack does not create (editing policies that already exist in the tenant).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const rules = args.resources.filter((r) => RULE_TYPES.includes(r.type));
    if (rules.length === 0) return args.notApplicable("The stack declares no sign-on policy rules");
    for (const rule of rules) {
      const policies = feedersOfType(rule, "policyId", TYPES.appSignonPolicy);
      for (const policy of policies) {
        const mismatch = idMismatch(rule, "policyId", policy);
        if (!mismatch) continue;
        reportViolation(
          `${label(rule)} adds rules to a policy this stack does not create: its policyId is computed from ${label(policy)} but is ${JSON.stringify(mismatch.value)}, not that policy's id ${JSON.stringify(mismatch.id)}. ` +
            "Editing an existing tenant policy changes sign-in for every app that uses it, possibly production apps, and pulumi destroy does not restore it. " +
            "Fix: set policyId to the id of the policy the check creates (policyId: policy.id), unchanged.",
          rule.urn,
        );
      }
      if (policies.length > 0) continue;
      reportViolation(
        `${label(rule)} adds rules to a policy this stack does not create: its policyId does not come from an okta.AppSignonPolicy in the stack. ` +
          "Editing an existing tenant policy changes sign-in for every app that uses it, possibly production apps, and pulumi destroy does not restore it. " +
          "Fix: set policyId to the id of the policy the check creates (policyId: policy.id).",
        rule.urn,
      );
    }
  },
};
