import { noRuleOnPolicyOutsideStack } from "../../policies/noRuleOnPolicyOutsideStack";
import { TYPES } from "../../policies/okta";
import { checkResources, ID_STATES, find, pluralEntry, resource, run, UNKNOWN, setInputs } from "./harness";

const message = (label: string) =>
  `${label} adds rules to a policy this stack does not create: its policyId does not come from an okta.AppSignonPolicy in the stack. ` +
  "Editing an existing tenant policy changes sign-in for every app that uses it, possibly production apps, and pulumi destroy does not restore it. " +
  "Fix: set policyId to the id of the policy the check creates (policyId: policy.id).";

describe("no-rule-on-policy-outside-stack", () => {
  it.each(ID_STATES)("passes the component's rule with %s", (_what, unknownIds) => {
    expect(run(noRuleOnPolicyOutsideStack, checkResources({ unknownIds }))).toEqual([]);
  });

  it("passes plural rules on the stack's own policy while its id is unknown", () => {
    const resources = checkResources({ unknownIds: true }).filter((r) => r.type !== TYPES.appSignonPolicyRule);
    const rules = resource(TYPES.signonPolicyRules, "rules", { policyId: UNKNOWN, rules: [pluralEntry()] }, { propertyDependencies: { policyId: [find(resources, TYPES.appSignonPolicy).urn] } });
    expect(run(noRuleOnPolicyOutsideStack, [...resources, rules])).toEqual([]);
  });

  it.each([
    ["a singular rule with a literal policy id", TYPES.appSignonPolicyRule, { policyId: "00pDEFAULTPOLICY0001", name: "Open" }, false],
    ["a plural rules resource with a literal policy id", TYPES.signonPolicyRules, { policyId: "00pDEFAULTPOLICY0001", rules: [pluralEntry()] }, false],
    ["a rule whose policy id comes from the bookmark", TYPES.appSignonPolicyRule, { policyId: UNKNOWN, name: "Odd" }, true],
  ])("rejects %s", (_what, type, props, fromBookmark) => {
    const resources = checkResources({ unknownIds: true });
    const rule = resource(type, "extra-rule", props, { propertyDependencies: fromBookmark ? { policyId: [find(resources, TYPES.bookmark).urn] } : {} });
    expect(run(noRuleOnPolicyOutsideStack, [...resources, rule])).toEqual([{ level: "mandatory", message: message(`${type.split(":").pop()} extra-rule`), urn: rule.urn }]);
  });

  it("drops property dependencies on resources outside the stack, as the engine does", () => {
    const resources = checkResources();
    const rule = find(resources, TYPES.appSignonPolicyRule);
    rule.propertyDependencies = { policyId: ["urn:pulumi:dev::other::okta:index/appSignonPolicy:AppSignonPolicy::elsewhere"] };
    expect(run(noRuleOnPolicyOutsideStack, resources)).toEqual([{ level: "mandatory", message: message("AppSignonPolicyRule check-rule"), urn: rule.urn }]);
  });

  it("rejects a policyId laundered from the stack's policy into another id, once both are known", () => {
    const resources = checkResources();
    const rule = find(resources, TYPES.appSignonPolicyRule);
    setInputs(rule, { policyId: "00pDEFAULTPOLICY0001" });
    expect(run(noRuleOnPolicyOutsideStack, resources)).toEqual([
      {
        level: "mandatory",
        message:
          'AppSignonPolicyRule check-rule adds rules to a policy this stack does not create: its policyId is computed from AppSignonPolicy check-policy but is "00pDEFAULTPOLICY0001", not that policy\'s id "rst1a2b3c4d5e6f7g8h9". ' +
          "Editing an existing tenant policy changes sign-in for every app that uses it, possibly production apps, and pulumi destroy does not restore it. " +
          "Fix: set policyId to the id of the policy the check creates (policyId: policy.id), unchanged.",
        urn: rule.urn,
      },
    ]);
  });
});
