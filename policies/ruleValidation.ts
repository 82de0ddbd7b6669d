import { ReportViolation, ResourceValidation } from "@pulumi/policy";
import { forEachRule, isAllowRule, isRuleType, RuleView, UnknownValues } from "./read";
import type { RuleRequirement } from "./ruleContract";

/**
 * A resource validation that checks every allow rule (access ALLOW or unset) declared through
 * `okta.AppSignonPolicyRule` or as an entry of `okta.app.SignonPolicyRules`. Catch-all entries of
 * the plural form are left to `no-catch-all-allow`.
 */
export function validateAllowRules(check: (view: RuleView, reportViolation: ReportViolation) => void): ResourceValidation {
  return (args, reportViolation) => {
    if (!isRuleType(args.type)) {
      return args.notApplicable("Policy only applies to app sign-on policy rules (okta.AppSignonPolicyRule, okta.app.SignonPolicyRules)");
    }
    const unknowns = new UnknownValues();
    forEachRule(args, unknowns, (view) => {
      if (view.catchAll || !isAllowRule(view.rule)) return;
      check(view, reportViolation);
    });
    unknowns.rethrow();
  };
}

/**
 * A validation of every allow rule against one requirement of the rule contract: a rule that falls
 * short is reported as `<rule> <finding>. <explain(problems)>`.
 */
export function validateRequirement(requirement: RuleRequirement, explain: (problems: string[]) => string): ResourceValidation {
  return validateAllowRules((view, reportViolation) => {
    const problems = requirement.problems(view.rule);
    if (problems.length > 0) reportViolation(`${view.label} ${requirement.finding(problems)}. ${explain(problems)}`);
  });
}
