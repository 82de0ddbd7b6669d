import { fastPassConstraint } from "../../policies/okta";

/**
 * The managed-device rule's inputs as the component declares them with its defaults, written out
 * (not taken from the component) so that the tests that expect them pin what is sent. `policyId`
 * is left to each test.
 */
export const CHECK_RULE_INPUTS = {
  name: "Managed Device Allowed",
  access: "ALLOW",
  deviceIsRegistered: true,
  deviceIsManaged: true,
  constraints: [fastPassConstraint("okta_verify")],
  factorMode: "2FA",
  reAuthenticationFrequency: "PT0S",
  priority: 1,
} as const;
