import { ResourceValidationPolicy } from "@pulumi/policy";
import { FASTPASS_FIX, FASTPASS_FORMS, REQUIRES_FASTPASS } from "./ruleContract";
import { validateRequirement } from "./ruleValidation";

/**
 * An allow rule that does not require Okta Verify FastPass as its authentication method, or that
 * excludes it. FastPass is what reports the device's management status to Okta; any other
 * authenticator (Okta Verify push or TOTP included) lets the sign-in succeed without the device
 * proving it is managed. FastPass goes by `okta_verify` or, in orgs with Flexible Okta Verify,
 * `okta_verify_fastpass`; both are accepted with the method `signed_nonce` (policies/ruleContract.ts).
 */
export const noAllowRuleWithoutFastPass: ResourceValidationPolicy = {
  name: "no-allow-rule-without-fastpass",
  description: `Forbids an allow rule that does not require Okta Verify FastPass (${FASTPASS_FORMS}) as its only authentication method, or that excludes it.`,
  enforcementLevel: "mandatory",
  validateResource: validateRequirement(REQUIRES_FASTPASS, () =>
    "Only FastPass proves the device's registration and management status at sign-in; with another authenticator, Okta Verify push or TOTP included, the sign-in is not tied to a managed device. " +
      `Fix: ${FASTPASS_FIX}.`,
  ),
};
