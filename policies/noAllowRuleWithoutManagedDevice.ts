import { ResourceValidationPolicy } from "@pulumi/policy";
import { REQUIRES_MANAGED_DEVICE } from "./ruleContract";
import { validateRequirement } from "./ruleValidation";

/**
 * An allow rule that does not require a device both registered and managed. Without both
 * conditions the rule lets in a device the MDM does not manage, which is exactly what the check
 * exists to tell apart.
 */
export const noAllowRuleWithoutManagedDevice: ResourceValidationPolicy = {
  name: "no-allow-rule-without-managed-device",
  description: "Forbids an allow rule that does not require a device both registered (deviceIsRegistered: true) and managed (deviceIsManaged: true).",
  enforcementLevel: "mandatory",
  validateResource: validateRequirement(REQUIRES_MANAGED_DEVICE, (missing) =>
    "An allow rule without both lets a device that is not managed by the MDM in, " +
      "so the check would report an unmanaged device as passing (and, on a real app, expose it to unmanaged devices). " +
      `Fix: set ${missing.join(" and ")} on the rule (deviceIsManaged requires deviceIsRegistered).`,
  ),
};
