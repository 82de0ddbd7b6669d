import type * as okta from "@pulumi/okta";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { expiryOf, TYPES } from "./okta";
import { stackOfUrn } from "./read";
import { resourceOfType } from "./resourceOfType";

/**
 * An expired check: the component records `Expires YYYY-MM-DD.` at the end of the app sign-on
 * policy's description; once that date is before today (UTC) the temporary check has outlived its
 * purpose. Advisory: it does not block, it names the command that removes the check.
 *
 * @param now the clock; the pack passes the real one, the offline plan its `--today`.
 */
export function noExpiredCheck(now: () => Date): ResourceValidationPolicy {
  return {
    name: "no-expired-check",
    description: "Flags a managed-device check whose expiry date (Expires YYYY-MM-DD. in the policy description) has passed.",
    enforcementLevel: "advisory",
    validateResource: validateResourceOfType(resourceOfType<typeof okta.AppSignonPolicy>(TYPES.appSignonPolicy), (policy, args, reportViolation) => {
      const expiresOn = expiryOf(policy.description);
      if (!expiresOn) return;
      const today = now().toISOString().slice(0, 10);
      if (expiresOn >= today) return;
      reportViolation(
        `The managed-device check expired on ${expiresOn} (today is ${today}, UTC), but its policy ${args.name} is still declared. ` +
          "A temporary check left in place keeps a bookmark and an extra authentication policy in the tenant that nobody watches. " +
          `Fix: run \`pulumi destroy --stack ${stackOfUrn(args.urn) ?? "<stack>"}\` once the test is done, or move expiresOn in the stack config if it is still needed.`,
      );
    }),
  };
}
