import { noCheckPolicyOnOtherApps } from "../../policies/noCheckPolicyOnOtherApps";
import { TYPES } from "../../policies/okta";
import { checkResources, ID_STATES, find, resource, run, UNKNOWN, urn } from "./harness";

const TAKES_POLICY_WHY =
  "That policy denies every sign-in except from a managed device with FastPass, " +
  "so any app but the check's own bookmark would lock out its users (a production app behind it loses everyone on an unmanaged device). " +
  "Fix: attach the check's policy only to the bookmark the check creates, and leave other apps on their own policies.";

describe("no-check-policy-on-other-apps", () => {
  it.each(ID_STATES)("passes the component's resources with %s", (_what, unknownIds) => {
    expect(run(noCheckPolicyOnOtherApps, checkResources({ unknownIds }))).toEqual([]);
  });

  it("passes apps on other policies: a literal id does not tie an app to the check", () => {
    expect(run(noCheckPolicyOnOtherApps, [...checkResources(), resource("okta:app/oAuth:OAuth", "crm", { authenticationPolicy: "rst1a2b3c4d5e6f7g8h9" })])).toEqual([]);
  });

  it.each([TYPES.bookmark, "okta:app/oAuth:OAuth", "okta:app/saml:Saml"])("rejects the check's policy on a %s other than the check's own bookmark", (type) => {
    const resources = checkResources({ unknownIds: true });
    const app = resource(type, "payroll", { label: "Payroll", authenticationPolicy: UNKNOWN }, { propertyDependencies: { authenticationPolicy: [find(resources, TYPES.appSignonPolicy).urn] } });
    expect(run(noCheckPolicyOnOtherApps, [...resources, app])).toEqual([
      { level: "mandatory", message: `${type.split(":").pop()} payroll takes its authenticationPolicy from the check's policy AppSignonPolicy check-policy. ${TAKES_POLICY_WHY}`, urn: app.urn },
    ]);
  });

  it("rejects an access policy assignment of the check's policy to another app", () => {
    const resources = checkResources({ unknownIds: true });
    const assignment = resource(TYPES.accessPolicyAssignment, "payroll-policy", { appId: "0oaPRODUCTIONAPP0001", policyId: UNKNOWN }, { propertyDependencies: { policyId: [find(resources, TYPES.appSignonPolicy).urn] } });
    expect(run(noCheckPolicyOnOtherApps, [...resources, assignment])).toEqual([
      {
        level: "mandatory",
        message:
          "AccessPolicyAssignment payroll-policy assigns the check's policy AppSignonPolicy check-policy to an app that is not the check's own bookmark (its appId does not come from that bookmark). " +
          "The policy denies by default, so that app's users would be locked out unless their device is managed. " +
          "Fix: remove the assignment; the bookmark's authenticationPolicy already attaches the policy.",
        urn: assignment.urn,
      },
    ]);
  });

  it("leaves an access policy assignment to the check's own bookmark to no-resource-types-outside-check", () => {
    const resources = checkResources({ unknownIds: true });
    const assignment = {
      ...resource(TYPES.accessPolicyAssignment, "again", { appId: UNKNOWN, policyId: UNKNOWN }),
      urn: urn(TYPES.accessPolicyAssignment, "again", { parentType: TYPES.component }),
      parent: find(resources, TYPES.component).urn,
      propertyDependencies: { policyId: [find(resources, TYPES.appSignonPolicy).urn], appId: [find(resources, TYPES.bookmark).urn] },
    };
    expect(run(noCheckPolicyOnOtherApps, [...resources, assignment])).toEqual([]);
  });
});
