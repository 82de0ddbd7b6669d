/**
 * What the offline plan adds on top of the engine's diagnostics (which engineProtocol.test.ts
 * compares with the pack's real server): the pack's clock and a verdict per policy.
 */
import { TYPES } from "../../policies/okta";
import { policies } from "../../policies/policies";
import { evaluatePolicies, policyVerdicts } from "../../tools/plan/evaluate";
import { checkResources, find, UNKNOWN } from "./harness";

describe("the offline evaluator", () => {
  it("runs the pack on the clock it is given", () => {
    const resources = checkResources({ expiresOn: "2027-01-31" });
    const on = (day: string) => ({ policies: policies(() => new Date(`${day}T12:00:00Z`)) });
    expect(evaluatePolicies(resources, on("2027-01-31"))).toEqual([]);
    expect(evaluatePolicies(resources, on("2027-02-01")).map((f) => [f.policyName, f.enforcementLevel, f.name])).toEqual([["no-expired-check", "advisory", "check-policy"]]);
  });

  it("summarises each policy in the pack's order", () => {
    const resources = checkResources({ expiresOn: "2020-01-01" });
    find(resources, TYPES.bookmark).props.url = "http://www.okta.com/";
    find(resources, TYPES.appSignonPolicy).props.catchAll = UNKNOWN;
    const config = { "no-resource-types-outside-check": "disabled" } as const;
    const verdicts = policyVerdicts(evaluatePolicies(resources, { config }), { config });
    expect(verdicts.map((v) => [v.policyName, v.enforcementLevel, v.verdict, v.mandatory, v.advisory, v.undetermined])).toEqual([
      ["no-catch-all-allow", "mandatory", "violations", 0, 1, true],
      ["no-allow-rule-without-managed-device", "mandatory", "pass", 0, 0, false],
      ["no-allow-rule-without-fastpass", "mandatory", "pass", 0, 0, false],
      ["no-allow-rule-without-reauthentication", "mandatory", "pass", 0, 0, false],
      ["no-narrowed-allow-rule", "mandatory", "pass", 0, 0, false],
      ["no-check-policy-on-other-apps", "mandatory", "pass", 0, 0, false],
      ["no-rule-on-policy-outside-stack", "mandatory", "pass", 0, 0, false],
      ["no-resource-types-outside-check", "disabled", "disabled", 0, 0, false],
      ["no-bookmark-assignment-beyond-test-users", "mandatory", "pass", 0, 0, false],
      ["no-insecure-bookmark-url", "mandatory", "violations", 1, 0, false],
      ["no-bookmark-without-check-policy", "mandatory", "pass", 0, 0, false],
      ["no-bookmark-on-policy-outside-stack", "mandatory", "pass", 0, 0, false],
      ["no-check-on-other-org", "mandatory", "pass", 0, 0, false],
      ["no-expired-check", "advisory", "violations", 0, 1, false],
    ]);
  });
});
