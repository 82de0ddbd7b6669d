import { describeResource } from "../../tools/plan/describe";
import type { CapturedResource } from "../../tools/plan/capture";

const rule = (inputs: Record<string, unknown>): CapturedResource => ({
  urn: "urn:pulumi:dev::okta-managed-device-check::okta:index/appSignonPolicyRule:AppSignonPolicyRule::r",
  type: "okta:index/appSignonPolicyRule:AppSignonPolicyRule",
  name: "r",
  custom: true,
  inputs,
  propertyDependencies: {},
  dependencies: [],
  deleteBeforeReplace: false,
  protect: false,
  retainOnDelete: false,
});

test("a rule's people conditions, included and excluded, are summed up under users (the provider's 7.x input names)", () => {
  const described = describeResource(rule({ groupsIncluded: ["00gA"], usersExcluded: ["00uB"], groupsExcluded: ["00gC"], userTypesExcluded: ["otyD"] }), {
    namesByUrn: new Map(),
    namesById: new Map(),
    loginsByAssignmentName: new Map(),
  });
  expect(described.properties.find((p) => p.label === "users")?.value).toBe('groups ["00gA"]; except users ["00uB"]; except groups ["00gC"]; except user types ["otyD"]');
  expect(described.properties.map((p) => p.label)).not.toContain("usersExcluded");
});

test("a rule's re-authentication and FastPass are described from the pack's facts", () => {
  const context = { namesByUrn: new Map(), namesById: new Map(), loginsByAssignmentName: new Map() };
  const value = (inputs: Record<string, unknown>, label: string) => describeResource(rule(inputs), context).properties.find((p) => p.label === label)?.value;
  expect(value({}, "re-authentication")).toBe("PT2H (provider default), not every sign-in");
  expect(value({ reAuthenticationFrequency: "PT0S" }, "re-authentication")).toBe("every sign-in (PT0S)");
  const flexible = ['{"possession":{"authenticationMethods":[{"key":"okta_verify_fastpass","method":"signed_nonce"}],"required":true}}'];
  expect(value({ constraints: flexible }, "authentication method")).toBe("possession: Okta Verify FastPass (okta_verify_fastpass/signed_nonce), required");
});
