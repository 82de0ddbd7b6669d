import { DEFAULT_MAX_USERS, noBookmarkAssignmentBeyondTestUsers } from "../../policies/noBookmarkAssignmentBeyondTestUsers";
import { noCheckPolicyOnOtherApps } from "../../policies/noCheckPolicyOnOtherApps";
import { noRuleOnPolicyOutsideStack } from "../../policies/noRuleOnPolicyOutsideStack";
import { TYPES } from "../../policies/scope";
import { checkResources, find, pluralEntry, Res, runStackPolicy, UNKNOWN, urn } from "./harness";

const stacks = [
  ["known ids (update)", checkResources()],
  ["unknown ids (first preview)", checkResources({ unknownIds: true })],
] as const;

function withExtra(resources: Res[], ...extra: Res[]): Res[] {
  return [...resources, ...extra];
}

describe("no-check-policy-on-other-apps", () => {
  it("is mandatory by default", () => {
    expect(noCheckPolicyOnOtherApps.name).toBe("no-check-policy-on-other-apps");
    expect(noCheckPolicyOnOtherApps.enforcementLevel).toBe("mandatory");
  });

  it.each(stacks)("passes the component's resources with %s", (_case, resources) => {
    expect(runStackPolicy(noCheckPolicyOnOtherApps, [...resources])).toEqual({ violations: [], urns: [] });
  });

  it.each([TYPES.bookmark, "okta:app/oAuth:OAuth", "okta:app/saml:Saml"])("rejects the check's policy on a %s other than the check's own bookmark", (type) => {
    const resources = checkResources({ unknownIds: true });
    const policy = find(resources, TYPES.appSignonPolicy);
    const app: Res = { urn: urn(type, "payroll"), type, name: "payroll", props: { label: "Payroll", authenticationPolicy: UNKNOWN }, propertyDependencies: { authenticationPolicy: [policy.urn] } };
    const outcome = runStackPolicy(noCheckPolicyOnOtherApps, withExtra(resources, app));
    expect(outcome.violations).toHaveLength(1);
    expect(outcome.urns).toEqual([app.urn]);
    expect(outcome.violations[0]).toContain(`${type.split(":").pop()} payroll takes its authenticationPolicy from the check's policy AppSignonPolicy check-policy`);
    expect(outcome.violations[0]).toContain("lock out its users");
  });

  it("rejects an access policy assignment of the check's policy to another app, singular ids unknown or literal", () => {
    const resources = checkResources({ unknownIds: true });
    const policy = find(resources, TYPES.appSignonPolicy);
    const assignment: Res = {
      urn: urn(TYPES.accessPolicyAssignment, "payroll-policy"),
      type: TYPES.accessPolicyAssignment,
      name: "payroll-policy",
      props: { appId: "0oaPRODUCTIONAPP0001", policyId: UNKNOWN },
      propertyDependencies: { policyId: [policy.urn] },
    };
    const outcome = runStackPolicy(noCheckPolicyOnOtherApps, withExtra(resources, assignment));
    expect(outcome.urns).toEqual([assignment.urn]);
    expect(outcome.violations[0]).toContain("AccessPolicyAssignment payroll-policy assigns the check's policy AppSignonPolicy check-policy to an app that is not the check's own bookmark");
  });

  it("leaves an access policy assignment to the check's own bookmark to no-resource-types-outside-check", () => {
    const resources = checkResources({ unknownIds: true });
    const assignment: Res = {
      urn: urn(TYPES.accessPolicyAssignment, "again", { parentType: TYPES.component }),
      type: TYPES.accessPolicyAssignment,
      name: "again",
      parent: find(resources, TYPES.component).urn,
      props: { appId: UNKNOWN, policyId: UNKNOWN },
      propertyDependencies: { policyId: [find(resources, TYPES.appSignonPolicy).urn], appId: [find(resources, TYPES.bookmark).urn] },
    };
    expect(runStackPolicy(noCheckPolicyOnOtherApps, withExtra(resources, assignment)).violations).toEqual([]);
  });

  it("ignores apps on other policies (literal ids do not tie them to the check)", () => {
    const app: Res = { urn: urn("okta:app/oAuth:OAuth", "crm"), type: "okta:app/oAuth:OAuth", name: "crm", props: { authenticationPolicy: "rst1a2b3c4d5e6f7g8h9" } };
    expect(runStackPolicy(noCheckPolicyOnOtherApps, withExtra(checkResources(), app)).violations).toEqual([]);
  });

  it("is not applicable without an app sign-on policy", () => {
    expect(runStackPolicy(noCheckPolicyOnOtherApps, checkResources().filter((r) => r.type !== TYPES.appSignonPolicy)).notApplicable).toBe("The stack declares no app sign-on policy");
  });
});

describe("no-rule-on-policy-outside-stack", () => {
  it("is mandatory by default", () => {
    expect(noRuleOnPolicyOutsideStack.name).toBe("no-rule-on-policy-outside-stack");
    expect(noRuleOnPolicyOutsideStack.enforcementLevel).toBe("mandatory");
  });

  it.each(stacks)("passes the component's rule with %s", (_case, resources) => {
    expect(runStackPolicy(noRuleOnPolicyOutsideStack, [...resources])).toEqual({ violations: [], urns: [] });
  });

  it.each([
    ["a singular rule with a literal policy id", TYPES.appSignonPolicyRule, { policyId: "00pDEFAULTPOLICY0001", name: "Open" }, {}],
    ["a plural rules resource with a literal policy id", TYPES.signonPolicyRules, { policyId: "00pDEFAULTPOLICY0001", rules: [pluralEntry()] }, {}],
    ["a rule whose policy id comes from the bookmark", TYPES.appSignonPolicyRule, { policyId: UNKNOWN, name: "Odd" }, { policyId: ["bookmark"] }],
  ])("rejects %s", (_what, type, props, deps) => {
    const resources = checkResources({ unknownIds: true });
    const bookmarkUrn = find(resources, TYPES.bookmark).urn;
    const rule: Res = {
      urn: urn(type, "extra-rule"),
      type,
      name: "extra-rule",
      props,
      propertyDependencies: Object.fromEntries(Object.entries(deps).map(([k]) => [k, [bookmarkUrn]])),
    };
    const outcome = runStackPolicy(noRuleOnPolicyOutsideStack, withExtra(resources, rule));
    expect(outcome.urns).toEqual([rule.urn]);
    expect(outcome.violations[0]).toContain(`${type.split(":").pop()} extra-rule adds rules to a policy this stack does not create`);
    expect(outcome.violations[0]).toContain("Fix: set policyId to the id of the policy the check creates");
  });

  it("passes plural rules on the stack's own policy while its id is unknown", () => {
    const resources = checkResources({ unknownIds: true }).filter((r) => r.type !== TYPES.appSignonPolicyRule);
    const policy = find(resources, TYPES.appSignonPolicy);
    const rules: Res = { urn: urn(TYPES.signonPolicyRules, "rules"), type: TYPES.signonPolicyRules, name: "rules", props: { policyId: UNKNOWN, rules: [pluralEntry()] }, propertyDependencies: { policyId: [policy.urn] } };
    expect(runStackPolicy(noRuleOnPolicyOutsideStack, withExtra(resources, rules)).violations).toEqual([]);
  });
});

describe("no-bookmark-assignment-beyond-test-users", () => {
  const groupAssignment = (resources: Res[], groupId: unknown, type: string = TYPES.groupAssignment): Res => ({
    urn: urn(type, "everyone"),
    type,
    name: "everyone",
    props: type === TYPES.groupAssignment ? { appId: UNKNOWN, groupId } : { appId: UNKNOWN, groups: [{ id: groupId, profile: "{}" }] },
    propertyDependencies: { appId: [find(resources, TYPES.bookmark).urn] },
  });

  it("is mandatory by default, with maxUsers and allowedGroupIds in its config", () => {
    expect(noBookmarkAssignmentBeyondTestUsers.name).toBe("no-bookmark-assignment-beyond-test-users");
    expect(noBookmarkAssignmentBeyondTestUsers.enforcementLevel).toBe("mandatory");
    expect(noBookmarkAssignmentBeyondTestUsers.configSchema?.properties).toMatchObject({
      maxUsers: { type: "integer", minimum: 1, default: DEFAULT_MAX_USERS },
      allowedGroupIds: { type: "array", default: [] },
    });
    expect(DEFAULT_MAX_USERS).toBe(5);
  });

  it.each(stacks)("passes the component's user assignments with %s", (_case, resources) => {
    expect(runStackPolicy(noBookmarkAssignmentBeyondTestUsers, [...resources])).toEqual({ violations: [], urns: [] });
  });

  it("rejects more users than the maximum (default 5, configurable)", () => {
    const six = checkResources({ unknownIds: true, users: ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io", "f@x.io"] });
    const outcome = runStackPolicy(noBookmarkAssignmentBeyondTestUsers, six);
    expect(outcome.urns).toEqual([find(six, TYPES.bookmark).urn]);
    expect(outcome.violations[0]).toContain("Bookmark check-bookmark is assigned to 6 users, more than the maximum of 5");
    expect(runStackPolicy(noBookmarkAssignmentBeyondTestUsers, six, { maxUsers: 6 }).violations).toEqual([]);
    const two = checkResources({ users: ["a@x.io", "b@x.io"] });
    expect(runStackPolicy(noBookmarkAssignmentBeyondTestUsers, two, { maxUsers: 1 }).violations[0]).toContain("assigned to 2 users, more than the maximum of 1");
  });

  it.each([TYPES.groupAssignment, TYPES.appGroupAssignments])("rejects a group assignment (%s) unless the group is allowed", (type) => {
    const resources = checkResources({ unknownIds: true });
    const groups = withExtra(resources, groupAssignment(resources, "00gEVERYONE000000001", type));
    const outcome = runStackPolicy(noBookmarkAssignmentBeyondTestUsers, groups);
    expect(outcome.urns).toEqual([urn(type, "everyone")]);
    expect(outcome.violations[0]).toContain(`${type.split(":").pop()} everyone assigns group "00gEVERYONE000000001" to the bookmark`);
    expect(outcome.violations[0]).toContain("add the group id to allowedGroupIds");
    expect(runStackPolicy(noBookmarkAssignmentBeyondTestUsers, groups, { allowedGroupIds: ["00gEVERYONE000000001"] }).violations).toEqual([]);
  });

  it("does not decide on a group unknown during preview, yet still reports what it can", () => {
    const resources = checkResources({ unknownIds: true, users: ["a@x.io", "b@x.io"] });
    const outcome = runStackPolicy(noBookmarkAssignmentBeyondTestUsers, withExtra(resources, groupAssignment(resources, UNKNOWN)), { maxUsers: 1 });
    expect(outcome.violations).toEqual([expect.stringContaining("assigned to 2 users, more than the maximum of 1")]);
    expect(outcome.unknown?.message).toBe("string value at .groupId can't be known during preview");
  });

  it("rejects an assignment to an app the stack does not create", () => {
    const user: Res = { urn: urn(TYPES.appUser, "prod-user"), type: TYPES.appUser, name: "prod-user", props: { appId: "0oaPRODUCTIONAPP0001", userId: "00u1a2b3c4d5e6f7g8h9" } };
    const outcome = runStackPolicy(noBookmarkAssignmentBeyondTestUsers, withExtra(checkResources(), user));
    expect(outcome.urns).toEqual([user.urn]);
    expect(outcome.violations[0]).toContain("User prod-user assigns an app this stack does not create");
  });

  it("is not applicable without assignments", () => {
    expect(runStackPolicy(noBookmarkAssignmentBeyondTestUsers, checkResources({ users: [] })).notApplicable).toBe("The stack declares no app assignments");
  });
});
