/**
 * A rule or policy whose safety-deciding input is computed from a value unknown at preview is never
 * clean: the policies that read it are undetermined (the engine's advisory), so the plan says it
 * cannot check it offline.
 */
import { policies } from "../../policies/policies";
import { TYPES } from "../../policies/okta";
import { evaluatePolicies } from "../../tools/plan/evaluate";
import { checkResources, find, setInputs, UNKNOWN } from "./harness";

const advisories = (change: (resources: ReturnType<typeof checkResources>) => void) => {
  const resources = checkResources({ unknownIds: true });
  change(resources);
  return evaluatePolicies(resources, { policies: policies() }).map((f) => `${f.policyName}=${f.enforcementLevel}: ${f.message.split(" during preview: ")[1] ?? f.message}`);
};

describe("unknown at preview is not clean", () => {
  it.each([
    ["the policy's catchAll", (rs: ReturnType<typeof checkResources>) => setInputs(find(rs, TYPES.appSignonPolicy), { catchAll: UNKNOWN }), ["no-catch-all-allow=advisory: string value at .catchAll can't be known during preview"]],
    [
      "the rule's constraints",
      (rs: ReturnType<typeof checkResources>) => setInputs(find(rs, TYPES.appSignonPolicyRule), { constraints: UNKNOWN }),
      ["no-allow-rule-without-fastpass=advisory: string value at .constraints can't be known during preview"],
    ],
    [
      "the rule's deviceIsManaged",
      (rs: ReturnType<typeof checkResources>) => setInputs(find(rs, TYPES.appSignonPolicyRule), { deviceIsManaged: UNKNOWN }),
      ["no-allow-rule-without-managed-device=advisory: string value at .deviceIsManaged can't be known during preview"],
    ],
    [
      "the rule's access",
      (rs: ReturnType<typeof checkResources>) => setInputs(find(rs, TYPES.appSignonPolicyRule), { access: UNKNOWN }),
      ["no-allow-rule-without-managed-device", "no-allow-rule-without-fastpass", "no-allow-rule-without-reauthentication", "no-narrowed-allow-rule"].map(
        (name) => `${name}=advisory: string value at .access can't be known during preview`,
      ),
    ],
  ])("%s", (_what, change, expected) => {
    expect(advisories(change)).toEqual(expected);
  });
});
