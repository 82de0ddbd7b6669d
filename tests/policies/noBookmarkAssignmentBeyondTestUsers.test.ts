import { noBookmarkAssignmentBeyondTestUsers } from "../../policies/noBookmarkAssignmentBeyondTestUsers";
import { TYPES } from "../../policies/okta";
import { cannotRun, checkResources, ID_STATES, find, resource, Res, run, setInputs, UNKNOWN } from "./harness";

const groupAssignment = (resources: Res[], groupId: unknown, type: string = TYPES.groupAssignment): Res =>
  resource(type, "everyone", type === TYPES.groupAssignment ? { appId: UNKNOWN, groupId } : { appId: UNKNOWN, groups: [{ id: groupId, profile: "{}" }] }, {
    propertyDependencies: { appId: [find(resources, TYPES.bookmark).urn] },
  });
const tooMany = (count: number, max: number) =>
  `Bookmark check-bookmark is assigned to ${count} users, more than the maximum of ${max}. ` +
  "The check is meant for a few named test users; a broad rollout belongs to a production app and policy, with its own review. " +
  `Fix: list at most ${max} test users, or raise maxUsers in the policy config.`;
const USERS = ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io", "f@x.io"];
/** An okta.app.User on the check's bookmark declared beside the component (no ManagedDeviceCheck parent). */
const strayUser = (resources: Res[], userId: unknown): Res =>
  resource(TYPES.appUser, "extra-user", { appId: UNKNOWN, userId, username: "mallory@acme.example" }, { propertyDependencies: { appId: [find(resources, TYPES.bookmark).urn] } });
const STRAY_ID = "00u9mallory000000001";
const stray = (user: string) =>
  `User extra-user assigns ${user} to the bookmark, and the check's component does not declare it. ` +
  "Only the stack's test users and pilot groups may reach the check; an assignment declared beside the component is outside the stack config, so verify does not check it and the pack cannot bound it. " +
  "Fix: name the user in testUsers of the stack config (the check assigns it), or add the user id (00u...) to allowedUserIds in the policy config.";

describe("no-bookmark-assignment-beyond-test-users", () => {
  it.each(ID_STATES)("passes the component's user assignments with %s, up to five users by default", (_what, unknownIds) => {
    expect(run(noBookmarkAssignmentBeyondTestUsers, checkResources({ unknownIds, users: USERS.slice(0, 5) }))).toEqual([]);
  });

  it("rejects more users than the maximum, which the policy config sets", () => {
    const six = checkResources({ unknownIds: true, users: USERS });
    expect(run(noBookmarkAssignmentBeyondTestUsers, six)).toEqual([{ level: "mandatory", message: tooMany(6, 5), urn: find(six, TYPES.bookmark).urn }]);
    expect(run(noBookmarkAssignmentBeyondTestUsers, six, { maxUsers: 6 })).toEqual([]);
    expect(run(noBookmarkAssignmentBeyondTestUsers, checkResources({ users: USERS.slice(0, 2) }), { maxUsers: 1 }).map((r) => r.message)).toEqual([tooMany(2, 1)]);
  });

  it("rejects a user assignment of the bookmark declared outside the check's component, even below maxUsers", () => {
    const resources = checkResources({ unknownIds: true, users: USERS.slice(0, 1) });
    const extra = strayUser(resources, STRAY_ID);
    expect(run(noBookmarkAssignmentBeyondTestUsers, [...resources, extra])).toEqual([{ level: "mandatory", message: stray(`user "${STRAY_ID}"`), urn: extra.urn }]);
    expect(run(noBookmarkAssignmentBeyondTestUsers, [...resources, strayUser(resources, UNKNOWN)]).map((r) => r.message)).toEqual([stray("a user (its id known after pulumi up)")]);
  });

  it("accepts such a user when allowedUserIds names its id; maxUsers bounds only the component's users", () => {
    const resources = checkResources({ unknownIds: true, users: USERS.slice(0, 5) });
    const allowed = { allowedUserIds: [STRAY_ID] };
    expect(run(noBookmarkAssignmentBeyondTestUsers, [...resources, strayUser(resources, STRAY_ID)], allowed)).toEqual([]);
    const other = strayUser(resources, "00u9other00000000001");
    expect(run(noBookmarkAssignmentBeyondTestUsers, [...resources, other], allowed)).toEqual([{ level: "mandatory", message: stray('user "00u9other00000000001"'), urn: other.urn }]);
    expect(run(noBookmarkAssignmentBeyondTestUsers, [...resources, strayUser(resources, UNKNOWN)], allowed)).toEqual([cannotRun("no-bookmark-assignment-beyond-test-users", ".userId")]);
  });

  it.each([TYPES.groupAssignment, TYPES.appGroupAssignments])("rejects a group assignment (%s) unless the policy config allows the group", (type) => {
    const resources = checkResources({ unknownIds: true });
    const groups = [...resources, groupAssignment(resources, "00gEVERYONE000000001", type)];
    expect(run(noBookmarkAssignmentBeyondTestUsers, groups)).toEqual([
      {
        level: "mandatory",
        message:
          `${type.split(":").pop()} everyone assigns group "00gEVERYONE000000001" to the bookmark. ` +
          "Every member of a group would be sent through the check's deny-by-default policy and could open the bookmark, not just the named test users. " +
          "Fix: name the group in testGroups of the stack config (the check assigns it), or add the group id to allowedGroupIds in the policy config.",
        urn: groups[groups.length - 1].urn,
      },
    ]);
    expect(run(noBookmarkAssignmentBeyondTestUsers, groups, { allowedGroupIds: ["00gEVERYONE000000001"] })).toEqual([]);
  });

  it("rejects an assignment to an app the stack does not create", () => {
    const user = resource(TYPES.appUser, "prod-user", { appId: "0oaPRODUCTIONAPP0001", userId: "00u1a2b3c4d5e6f7g8h9" });
    expect(run(noBookmarkAssignmentBeyondTestUsers, [...checkResources(), user])).toEqual([
      {
        level: "mandatory",
        message:
          "User prod-user assigns an app this stack does not create: its appId does not come from the check's bookmark. " +
          "Assigning users or groups to an existing app changes who can reach it, and the check has no reason to touch other apps. " +
          "Fix: assign only the check's bookmark (appId: bookmark.id).",
        urn: user.urn,
      },
    ]);
  });

  it("leaves a group unknown during preview to the update, after reporting what it could decide (the advisory has no URN)", () => {
    const resources = checkResources({ unknownIds: true, users: USERS.slice(0, 2) });
    expect(run(noBookmarkAssignmentBeyondTestUsers, [...resources, groupAssignment(resources, UNKNOWN)], { maxUsers: 1 })).toEqual([
      { level: "mandatory", message: tooMany(2, 1), urn: find(resources, TYPES.bookmark).urn },
      cannotRun("no-bookmark-assignment-beyond-test-users", ".groupId"),
    ]);
  });

  it("rejects an appId laundered from the bookmark's id into another app's, once both are known", () => {
    const resources = checkResources();
    const user = find(resources, TYPES.appUser);
    setInputs(user, { appId: "0oaPRODUCTIONAPP0001" });
    expect(run(noBookmarkAssignmentBeyondTestUsers, resources)).toEqual([
      {
        level: "mandatory",
        message:
          'User check-user-alice@acme.example assigns an app this stack does not create: its appId is computed from Bookmark check-bookmark but is "0oaPRODUCTIONAPP0001", not that bookmark\'s id "0oa1a2b3c4d5e6f7g8h9". ' +
          "Assigning users or groups to an existing app changes who can reach it, and the check has no reason to touch other apps. " +
          "Fix: assign only the check's bookmark (appId: bookmark.id), unchanged.",
        urn: user.urn,
      },
    ]);
  });
});
