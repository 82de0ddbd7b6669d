import { ResourceValidationPolicy } from "@pulumi/policy";
import { EVERY_SIGN_IN } from "./okta";
import { REAUTHENTICATES_EVERY_SIGN_IN } from "./ruleContract";
import { validateRequirement } from "./ruleValidation";

/**
 * An allow rule that does not re-authenticate on every sign-in. With the provider's default
 * (two hours) a device that passed once, or a session from another device, is let in again without
 * a new FastPass check.
 */
export const noAllowRuleWithoutReauthentication: ResourceValidationPolicy = {
  name: "no-allow-rule-without-reauthentication",
  description: `Forbids an allow rule that does not re-authenticate on every sign-in (reAuthenticationFrequency must be ${EVERY_SIGN_IN}).`,
  enforcementLevel: "mandatory",
  validateResource: validateRequirement(REAUTHENTICATES_EVERY_SIGN_IN, () =>
    "Without a prompt on every sign-in, an existing session is let in again without a new FastPass check, " +
      "so the outcome can come from an earlier sign-in or another device rather than the device under test. " +
      `Fix: set reAuthenticationFrequency: "${EVERY_SIGN_IN}".`,
  ),
};
