import { ResourceValidationPolicy } from "@pulumi/policy";
import { APPLIES_TO_EVERYONE } from "./ruleContract";
import { validateRequirement } from "./ruleValidation";

/**
 * An allow rule with a condition that narrows who or where it applies (users, groups, user types,
 * network zones, platforms, risk, device assurance, a custom expression). A test user the condition
 * leaves out falls through to the deny-by-default catch-all for a reason that is not the device,
 * and the check reports a managed device as not managed.
 */
export const noNarrowedAllowRule: ResourceValidationPolicy = {
  name: "no-narrowed-allow-rule",
  description: "Forbids an allow rule with a condition that narrows who or where it applies (users, groups, user types, network zone, platform, risk score, device assurance, custom expression).",
  enforcementLevel: "mandatory",
  validateResource: validateRequirement(APPLIES_TO_EVERYONE, () =>
    "A sign-in outside that scope is denied by the catch-all for a reason that is not the device, " +
      "so the check would report a managed device as not managed. " +
      "Fix: remove these conditions; the check's rule applies to every user assigned to the bookmark, from anywhere, and the bookmark's assignments choose the test users.",
  ),
};
