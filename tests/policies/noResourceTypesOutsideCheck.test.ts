import { noResourceTypesOutsideCheck } from "../../policies/noResourceTypesOutsideCheck";
import { checkResources, resource, run } from "./harness";

const check = (type: string, properties?: Record<string, unknown>) => run(noResourceTypesOutsideCheck, [resource(type, "thing", {})], properties);
const message = (type: string, why: string) =>
  `thing is a ${type}, which is outside the managed-device check: ${why}. ` +
  `Fix: remove it from this stack (manage it elsewhere, with its own review), or, if it truly belongs to the check, add "${type}" to additionalAllowedTypes in the policy config.`;

const ORG_WIDE = "org-wide policies (global session, password, MFA enrollment, ...) and their rules apply to every user of the tenant, so a mistake locks people out everywhere";
const OTHER_APP = "the check only needs its own bookmark; any other app or app setting is a production change";
const ANYTHING_ELSE = "the check is a temporary bookmark behind its own policy; anything else changes the tenant beyond it";

describe("no-resource-types-outside-check", () => {
  it("passes what the component declares, with the stack, the Okta provider and every other type of the check", () => {
    const others = ["pulumi:pulumi:Stack", "pulumi:providers:okta", "okta:app/signonPolicyRules:SignonPolicyRules", "okta:app/groupAssignment:GroupAssignment", "okta:index/appGroupAssignments:AppGroupAssignments"];
    expect(run(noResourceTypesOutsideCheck, [...checkResources(), ...others.map((type) => resource(type, "thing", {}))])).toEqual([]);
  });

  it.each([
    ["okta:policy/signon:Signon", ORG_WIDE],
    ["okta:policy/ruleSignon:RuleSignon", ORG_WIDE],
    ["okta:policy/password:Password", ORG_WIDE],
    ["okta:policy/mfa:Mfa", ORG_WIDE],
    ["okta:index/policyMfaDefault:PolicyMfaDefault", ORG_WIDE],
    ["okta:app/oAuth:OAuth", OTHER_APP],
    ["okta:app/accessPolicyAssignment:AccessPolicyAssignment", "it competes with the bookmark's authenticationPolicy (the two overwrite each other) and can move any app onto another policy"],
    ["okta:group/group:Group", ANYTHING_ELSE],
    ["random:index/randomPet:RandomPet", ANYTHING_ELSE],
  ])("rejects %s", (type, why) => {
    expect(check(type)).toEqual([{ level: "mandatory", message: message(type, why), urn: resource(type, "thing", {}).urn }]);
  });

  it("passes types added in the policy config", () => {
    expect(check("okta:group/group:Group", { additionalAllowedTypes: ["okta:group/group:Group"] })).toEqual([]);
  });
});
