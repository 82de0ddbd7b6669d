import type { FastPassKey } from "../policies/okta";

/**
 * What {@link ManagedDeviceCheck} declares when an argument is left out. Kept apart from the
 * component so that the stack-config schema and the verify command can read them without loading
 * the Pulumi SDK.
 */
export const CHECK_DEFAULTS = {
  bookmarkLabel: "Managed Device Check",
  policyName: "Require Managed Device",
  ruleName: "Managed Device Allowed",
  factorMode: "2FA",
  fastPassKey: "okta_verify",
} as const satisfies { factorMode: "1FA" | "2FA"; fastPassKey: FastPassKey } & Record<string, string>;
