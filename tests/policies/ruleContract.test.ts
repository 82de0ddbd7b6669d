/**
 * The rule contract read directly: the pack hands it the provider's inputs (constraints as JSON
 * text), verify's drift the Okta API's rule mapped to the same names (constraints as objects).
 * The reasons are the same for both.
 */
import { ALLOWS_ACCESS, APPLIES_TO_EVERYONE, REAUTHENTICATES_EVERY_SIGN_IN, REQUIRES_FASTPASS, REQUIRES_MANAGED_DEVICE } from "../../policies/ruleContract";
import { CHECK_RULE_INPUTS } from "../support/checkRule";

const FASTPASS = { key: "okta_verify", method: "signed_nonce" };
const asObjects = (rule: Record<string, unknown>) => ({ ...rule, constraints: (rule.constraints as string[]).map((c) => JSON.parse(c)) });
const REQUIREMENTS = [ALLOWS_ACCESS, REQUIRES_MANAGED_DEVICE, REQUIRES_FASTPASS, REAUTHENTICATES_EVERY_SIGN_IN, APPLIES_TO_EVERYONE];

describe("the rule contract", () => {
  it("is met by the component's rule, as inputs and as the API returns it", () => {
    for (const rule of [CHECK_RULE_INPUTS, asObjects(CHECK_RULE_INPUTS)]) {
      expect(REQUIREMENTS.map((r) => r.problems(rule))).toEqual([[], [], [], [], []]);
    }
  });

  it.each([
    ["possession.required dropped", { possession: { authenticationMethods: [FASTPASS] } }, "constraints[0] does not set possession.required: true (the provider sends false when it is missing)"],
    ["FastPass excluded", { possession: { authenticationMethods: [FASTPASS], required: true, excludedAuthenticationMethods: [FASTPASS] } }, "constraints[0].possession excludes Okta Verify FastPass"],
    ["FastPass excluded as a key", { possession: { authenticationMethods: [FASTPASS], required: true }, knowledge: { excludedAuthenticationMethods: [{ key: "okta_verify_fastpass", method: null }] } }, "constraints[0].knowledge excludes Okta Verify FastPass"],
  ])("gives the same reason for %s in either shape", (_what, constraint, reason) => {
    const asText = { ...CHECK_RULE_INPUTS, constraints: [JSON.stringify(constraint)] };
    const asObject = { ...CHECK_RULE_INPUTS, constraints: [constraint] };
    expect(REQUIRES_FASTPASS.problems(asText)).toEqual([reason]);
    expect(REQUIRES_FASTPASS.problems(asObject)).toEqual([reason]);
    expect(REQUIRES_FASTPASS.finding([reason])).toBe(`does not require Okta Verify FastPass: ${reason}`);
  });

  it("words access, device, re-authentication and narrowing once", () => {
    expect(ALLOWS_ACCESS.finding(ALLOWS_ACCESS.problems({ access: "DENY" }))).toBe('does not allow access: it sets access to "DENY", so no device gets in and every verdict is "not managed"');
    expect(ALLOWS_ACCESS.problems({ access: "allow" })).toEqual([]);
    expect(REQUIRES_MANAGED_DEVICE.finding(REQUIRES_MANAGED_DEVICE.problems({ deviceIsRegistered: true }))).toBe("allows access without deviceIsManaged: true");
    expect(REAUTHENTICATES_EVERY_SIGN_IN.finding(REAUTHENTICATES_EVERY_SIGN_IN.problems({}))).toBe("leaves reAuthenticationFrequency unset, so the provider's default PT2H applies");
    expect(APPLIES_TO_EVERYONE.finding(APPLIES_TO_EVERYONE.problems({ networkConnection: "ZONE", networkIncludes: ["nzo1"], platformExcludes: [{ type: "MOBILE" }] }))).toBe(
      'narrows who or where it applies: networkConnection is "ZONE"; networkIncludes is ["nzo1"]; platformExcludes is [{"type":"MOBILE"}]',
    );
  });
});
