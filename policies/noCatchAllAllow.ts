import { ResourceValidationPolicy } from "@pulumi/policy";
import { describeResource, forEachRule, hasCatchAllName, isDeny, UnknownValues } from "./read";
import { CATCH_ALL_RULE_NAME, TYPES } from "./okta";

/**
 * An app sign-on policy whose catch-all does not deny. `catchAll: false` is the only way to
 * have the provider set the system "Catch-all Rule" to DENY; its default (`true`) allows everyone
 * the other rules do not match. A rule of the stack's own must not pose as the catch-all either.
 */
export const noCatchAllAllow: ResourceValidationPolicy = {
  name: "no-catch-all-allow",
  description: "Forbids an app sign-on policy whose catch-all rule does not deny (catchAll must be explicitly false).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type === TYPES.appSignonPolicy) {
      const catchAll: unknown = args.props.catchAll;
      if (catchAll !== false) {
        const state = catchAll === undefined || catchAll === null ? "leaves catchAll unset" : `sets catchAll to ${JSON.stringify(catchAll)}`;
        reportViolation(
          `${describeResource(args)} ${state}. The provider's default is catchAll: true, which makes the policy's "${CATCH_ALL_RULE_NAME}" ALLOW every sign-in no other rule matches, ` +
            "so an unregistered or unmanaged device reaches the app and the check proves nothing. Fix: set catchAll: false so the catch-all denies.",
        );
      }
      return;
    }
    if (args.type !== TYPES.appSignonPolicyRule && args.type !== TYPES.signonPolicyRules) {
      return args.notApplicable("Policy only applies to app sign-on policies and their rules");
    }
    const unknowns = new UnknownValues();
    forEachRule(args, unknowns, (view) => {
      if (view.catchAll) {
        if (!isDeny(view.rule)) {
          reportViolation(
            `${view.label} is the policy's catch-all but does not DENY. A catch-all that allows lets every device the other rules reject sign in, managed or not. ` +
              `Fix: set access: "DENY" on the catch-all entry, or leave it out and give the policy catchAll: false.`,
          );
        }
        return;
      }
      if (!view.plural && hasCatchAllName(view.rule)) {
        reportViolation(
          `${view.label} takes the name "${CATCH_ALL_RULE_NAME}", which Okta reserves for the policy's system rule. Verification reads the catch-all by that name, ` +
            "so a second rule with it makes the outcome ambiguous and can hide a catch-all that allows. Fix: give the rule another name.",
        );
      }
    });
    unknowns.rethrow();
  },
};
