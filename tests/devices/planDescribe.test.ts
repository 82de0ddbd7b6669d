import { describeResource } from "../../tools/plan/describe";
import { UNKNOWN, type CapturedResource } from "../../tools/plan/capture";

// How the plan shows a pilot group's assignment (tools/plan/describe.ts).

const BOOKMARK_URN = "urn:pulumi:dev::okta-managed-device-check::okta-managed-device-check:index:ManagedDeviceCheck$okta:app/bookmark:Bookmark::check-bookmark";

const assignment = (groupId: unknown): CapturedResource => ({
  urn: "urn:pulumi:dev::okta-managed-device-check::okta-managed-device-check:index:ManagedDeviceCheck$okta:app/groupAssignment:GroupAssignment::check-group-Pilot Devices",
  type: "okta:app/groupAssignment:GroupAssignment",
  name: "check-group-Pilot Devices",
  custom: true,
  inputs: { appId: UNKNOWN, groupId },
  propertyDependencies: { appId: [BOOKMARK_URN] },
  dependencies: [BOOKMARK_URN],
  deleteBeforeReplace: false,
  protect: false,
  retainOnDelete: false,
});

const context = { namesByUrn: new Map([[BOOKMARK_URN, "check-bookmark"]]), namesById: new Map<string, string>(), loginsByAssignmentName: new Map<string, string>() };

test("offline: the app is the bookmark's id and the group is looked up in the tenant by its name", () => {
  expect(describeResource(assignment(UNKNOWN), context).properties).toEqual([
    { label: "app", input: "appId", value: "(id of check-bookmark: known after pulumi up)" },
    { label: "group", input: "groupId", value: '(looked up in tenant: group "Pilot Devices")' },
  ]);
});

test("with a mocked tenant: the group's id", () => {
  expect(describeResource(assignment("00g1pilotdevices0d7x"), context).properties[1]).toEqual({ label: "group", input: "groupId", value: "00g1pilotdevices0d7x" });
});
