import { noBookmarkAssignmentBeyondTestUsers } from "../../policies/noBookmarkAssignmentBeyondTestUsers";
import { TYPES } from "../../policies/okta";
import { checkResources, find, resource, run, urn } from "../policies/harness";

// The pack with pilot groups: a group assignment the check's component declares from testGroups
// passes; any other group assignment of the bookmark is refused unless the policy config allows it.

const PILOT_GROUP_ID = "00g1pilotdevices0d7x";

function underCheck(type: string, name: string, props: Record<string, unknown>, bookmarkUrn: string) {
  return resource(type, name, props, { urn: urn(type, name, { parentType: TYPES.component }), parent: urn(TYPES.component, "check"), propertyDependencies: { appId: [bookmarkUrn] } });
}

describe("no-bookmark-assignment-beyond-test-users with pilot groups", () => {
  test("the component's group assignment of a configured pilot group passes, with no allowedGroupIds", () => {
    const resources = checkResources();
    const bookmark = find(resources, TYPES.bookmark);
    const pilot = underCheck(TYPES.groupAssignment, "check-group-Pilot Devices", { appId: "0oa1a2b3c4d5e6f7g8h9", groupId: PILOT_GROUP_ID }, bookmark.urn);
    expect(run(noBookmarkAssignmentBeyondTestUsers, [...resources, pilot])).toEqual([]);
  });

  test("a group assignment declared outside the component is refused as before", () => {
    const resources = checkResources();
    const bookmark = find(resources, TYPES.bookmark);
    const extra = resource(TYPES.groupAssignment, "extra-group", { appId: "0oa1a2b3c4d5e6f7g8h9", groupId: PILOT_GROUP_ID }, { propertyDependencies: { appId: [bookmark.urn] } });
    expect(run(noBookmarkAssignmentBeyondTestUsers, [...resources, extra]).map((reported) => reported.urn)).toEqual([extra.urn]);
  });
});
