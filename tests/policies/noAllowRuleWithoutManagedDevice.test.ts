import { noAllowRuleWithoutManagedDevice } from "../../policies/noAllowRuleWithoutManagedDevice";
import { cannotRun, componentRule, pluralEntry, pluralRules, run, singularRule, UNKNOWN } from "./harness";

const check = (resource: ReturnType<typeof singularRule>) => run(noAllowRuleWithoutManagedDevice, [resource]);
const message = (label: string, missing: string) =>
  `${label} allows access without ${missing}. An allow rule without both lets a device that is not managed by the MDM in, ` +
  "so the check would report an unmanaged device as passing (and, on a real app, expose it to unmanaged devices). " +
  `Fix: set ${missing} on the rule (deviceIsManaged requires deviceIsRegistered).`;
const RULE = 'rule "Managed Device Allowed" (resource check-rule)';

describe("no-allow-rule-without-managed-device", () => {
  it("passes the component's rule, a deny rule, and a rule whose policy id alone is unknown (first preview)", () => {
    expect(check(singularRule(componentRule()))).toEqual([]);
    expect(check(singularRule(componentRule({ access: "DENY", deviceIsManaged: undefined, deviceIsRegistered: undefined })))).toEqual([]);
    expect(check(singularRule(componentRule({ policyId: UNKNOWN })))).toEqual([]);
  });

  it.each([
    [{ deviceIsManaged: undefined }, "deviceIsManaged: true"],
    [{ deviceIsManaged: false }, "deviceIsManaged: true"],
    [{ deviceIsRegistered: undefined }, "deviceIsRegistered: true"],
    [{ deviceIsRegistered: undefined, deviceIsManaged: undefined }, "deviceIsRegistered: true and deviceIsManaged: true"],
    [{ access: undefined, deviceIsManaged: undefined }, "deviceIsManaged: true"],
    [{ access: "allow", deviceIsManaged: undefined }, "deviceIsManaged: true"],
  ])("rejects an allow rule with %j", (overrides, missing) => {
    expect(check(singularRule(componentRule(overrides)))).toEqual([{ level: "mandatory", message: message(RULE, missing), urn: singularRule({}).urn }]);
  });

  it("checks every plural entry but the catch-all", () => {
    const rules = pluralRules([pluralEntry(), pluralEntry({ name: "Unmanaged", deviceIsManaged: false }), { name: "Catch-all Rule", system: true, access: "DENY" }]);
    expect(check(rules).map((r) => r.message)).toEqual([message('rule "Unmanaged" (rules[1] of resource check-rules)', "deviceIsManaged: true")]);
  });

  it("leaves unknown values to the update", () => {
    const rule = singularRule({});
    expect(check(singularRule(componentRule({ deviceIsManaged: UNKNOWN })))).toEqual([cannotRun("no-allow-rule-without-managed-device", ".deviceIsManaged", rule.urn)]);
    expect(check(singularRule(componentRule({ access: UNKNOWN })))).toEqual([cannotRun("no-allow-rule-without-managed-device", ".access", rule.urn)]);
    expect(check(pluralRules(UNKNOWN))).toEqual([cannotRun("no-allow-rule-without-managed-device", ".rules", pluralRules([]).urn)]);
  });
});
