import { noNarrowedAllowRule } from "../../policies/noNarrowedAllowRule";
import { cannotRun, componentRule, pluralEntry, pluralRules, run, singularRule, UNKNOWN } from "./harness";

const rule = (overrides: Record<string, unknown>) => run(noNarrowedAllowRule, [singularRule(componentRule(overrides))]);
const RULE = 'rule "Managed Device Allowed" (resource check-rule)';
const message = (label: string, problems: string) =>
  `${label} narrows who or where it applies: ${problems}. A sign-in outside that scope is denied by the catch-all for a reason that is not the device, ` +
  "so the check would report a managed device as not managed. " +
  "Fix: remove these conditions; the check's rule applies to every user assigned to the bookmark, from anywhere, and the bookmark's assignments choose the test users.";

describe("no-narrowed-allow-rule", () => {
  it.each([
    ["the component's rule", {}],
    ["empty lists and the no-narrowing values", { usersIncluded: [], groupsExcluded: [], networkConnection: "ANYWHERE", riskScore: "ANY", customExpression: "" }],
    ["a deny rule narrowed to a zone", { access: "DENY", networkConnection: "ZONE", networkIncludes: ["nzo1"] }],
  ])("passes %s", (_what, overrides) => {
    expect(rule(overrides)).toEqual([]);
  });

  it.each([
    ["a network zone", { networkConnection: "ZONE", networkIncludes: ["nzo1office"] }, 'networkConnection is "ZONE"; networkIncludes is ["nzo1office"]'],
    ["an excluded zone", { networkConnection: "ZONE", networkExcludes: ["nzo1cafe"] }, 'networkConnection is "ZONE"; networkExcludes is ["nzo1cafe"]'],
    ["a platform", { platformIncludes: [{ type: "DESKTOP", osType: "MACOS" }] }, 'platformIncludes is [{"type":"DESKTOP","osType":"MACOS"}]'],
    ["a risk score", { riskScore: "LOW" }, 'riskScore is "LOW"'],
    ["groups", { groupsIncluded: ["00g1"], groupsExcluded: ["00g2"] }, 'groupsIncluded is ["00g1"]; groupsExcluded is ["00g2"]'],
    ["users", { usersIncluded: ["00u1"], usersExcluded: ["00u2"] }, 'usersIncluded is ["00u1"]; usersExcluded is ["00u2"]'],
    ["user types", { userTypesIncluded: ["oty1"], userTypesExcluded: ["oty2"] }, 'userTypesIncluded is ["oty1"]; userTypesExcluded is ["oty2"]'],
    ["a custom expression", { customExpression: 'user.profile.department == "IT"' }, 'customExpression is "user.profile.department == \\"IT\\""'],
    ["a device assurance", { deviceAssurancesIncluded: ["dae1"] }, 'deviceAssurancesIncluded is ["dae1"]'],
    ["an access reached by omission (the provider's default ALLOW)", { access: undefined, riskScore: "HIGH" }, 'riskScore is "HIGH"'],
  ])("rejects an allow rule narrowed by %s", (_what, overrides, problems) => {
    expect(rule(overrides)).toEqual([{ level: "mandatory", message: message(RULE, problems), urn: singularRule({}).urn }]);
  });

  it("checks plural entries", () => {
    const found = run(noNarrowedAllowRule, [pluralRules([pluralEntry(), pluralEntry({ name: "Office only", networkConnection: "ZONE", networkIncludes: ["nzo1"] })])]);
    expect(found.map((r) => r.message)).toEqual([message('rule "Office only" (rules[1] of resource check-rules)', 'networkConnection is "ZONE"; networkIncludes is ["nzo1"]')]);
  });

  it("is undetermined, not clean, on an unknown condition", () => {
    expect(rule({ groupsIncluded: UNKNOWN })).toEqual([cannotRun("no-narrowed-allow-rule", ".groupsIncluded", singularRule({}).urn)]);
  });
});
