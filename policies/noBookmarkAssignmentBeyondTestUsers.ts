import { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { feedersOfType, idMismatch, isObject, known, label, UnknownValues } from "./read";
import { GROUP_ASSIGNMENT_TYPES, OKTA_USER_ID, TYPES } from "./okta";

interface NoBookmarkAssignmentBeyondTestUsersConfig {
  /** The most users the check's component may assign to one bookmark. */
  maxUsers?: number;
  /** Okta user ids (00u...) that may be assigned to the bookmark by a resource of their own. */
  allowedUserIds?: string[];
  /** Okta group ids (00g...) that may be assigned to the bookmark. */
  allowedGroupIds?: string[];
}

const DEFAULT_MAX_USERS = 5;

/** The group ids an assignment resource names; reading an unknown id throws. */
function groupIds(resource: PolicyResource): unknown[] {
  if (resource.type === TYPES.groupAssignment) return [resource.props.groupId];
  const groups: unknown = resource.props.groups;
  if (!Array.isArray(groups)) return [];
  return groups.map((group: unknown) => (isObject(group) ? group.id : undefined));
}

/**
 * Declared by the check's component, which declares exactly one user assignment per entry of the
 * stack's testUsers and one group assignment per entry of its testGroups: its parent is a
 * ManagedDeviceCheck (a URN's type is its third part, after the parent types joined by `$`).
 */
function declaredByCheck(resource: PolicyResource): boolean {
  const parent = resource.parent?.urn ?? resource.opts.parent;
  return parent !== undefined && parent.split("::")[2]?.split("$").pop() === TYPES.component;
}

function reportStrayUser(assignment: PolicyResource, userId: unknown, reportViolation: ReportViolation): void {
  const user = userId === undefined ? "a user (its id known after pulumi up)" : `user ${JSON.stringify(userId)}`;
  reportViolation(
    `${label(assignment)} assigns ${user} to the bookmark, and the check's component does not declare it. ` +
      "Only the stack's test users and pilot groups may reach the check; an assignment declared beside the component is outside the stack config, so verify does not check it and the pack cannot bound it. " +
      "Fix: name the user in testUsers of the stack config (the check assigns it), or add the user id (00u...) to allowedUserIds in the policy config.",
    assignment.urn,
  );
}

/**
 * The bookmark assigned beyond the configured test users and pilot groups: a user or group
 * assignment the check's component does not declare from testUsers or testGroups (unless the policy
 * config allows the user or group), more users from the component than a configurable maximum, or
 * an assignment to an app the check does not create.
 * Assignments are tied to the bookmark through `propertyDependencies` of `appId`, so unknown ids in
 * a first preview do not matter.
 */
export const noBookmarkAssignmentBeyondTestUsers: StackValidationPolicy = {
  name: "no-bookmark-assignment-beyond-test-users",
  description:
    "Forbids assigning the check's bookmark beyond the configured test users and pilot groups: user or group assignments the check's component does not declare from testUsers or testGroups (unless allowed in the config), or more test users than the configured maximum.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      maxUsers: {
        type: "integer",
        minimum: 1,
        default: DEFAULT_MAX_USERS,
        description: "The most users (okta.app.User) the check's component may assign to one bookmark (its testUsers).",
      },
      allowedUserIds: {
        type: "array",
        // A login is not accepted: the assignment names its user by id, and its username is free text.
        items: { type: "string", pattern: OKTA_USER_ID.source },
        default: [],
        description: "Okta user ids (00u...) that may be assigned to the bookmark by an okta.app.User the check's component does not declare.",
      },
      allowedGroupIds: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Okta group ids (00g...) that may be assigned to the bookmark, e.g. a small group of test users.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const { maxUsers = DEFAULT_MAX_USERS, allowedUserIds = [], allowedGroupIds = [] } = args.getConfig<NoBookmarkAssignmentBeyondTestUsersConfig>();
    const assignments = args.resources.filter((r) => r.type === TYPES.appUser || GROUP_ASSIGNMENT_TYPES.includes(r.type));
    if (assignments.length === 0) return args.notApplicable("The stack declares no app assignments");

    const usersPerBookmark = new Map<string, { bookmark: PolicyResource; users: PolicyResource[] }>();
    const unknowns = new UnknownValues();
    for (const assignment of assignments) {
      const bookmarks = feedersOfType(assignment, "appId", TYPES.bookmark);
      if (bookmarks.length === 0) {
        reportViolation(
          `${label(assignment)} assigns an app this stack does not create: its appId does not come from the check's bookmark. ` +
            "Assigning users or groups to an existing app changes who can reach it, and the check has no reason to touch other apps. " +
            "Fix: assign only the check's bookmark (appId: bookmark.id).",
          assignment.urn,
        );
      }
      for (const bookmark of bookmarks) {
        const mismatch = idMismatch(assignment, "appId", bookmark);
        if (!mismatch) continue;
        reportViolation(
          `${label(assignment)} assigns an app this stack does not create: its appId is computed from ${label(bookmark)} but is ${JSON.stringify(mismatch.value)}, not that bookmark's id ${JSON.stringify(mismatch.id)}. ` +
            "Assigning users or groups to an existing app changes who can reach it, and the check has no reason to touch other apps. " +
            "Fix: assign only the check's bookmark (appId: bookmark.id), unchanged.",
          assignment.urn,
        );
      }
      if (assignment.type === TYPES.appUser) {
        if (bookmarks.length > 0 && !declaredByCheck(assignment)) {
          // With no user allowed, the assignment is refused whatever its user; else its id decides, once known.
          if (allowedUserIds.length === 0) {
            reportStrayUser(assignment, known(() => assignment.props.userId), reportViolation);
            continue;
          }
          unknowns.run(() => {
            const userId: unknown = assignment.props.userId;
            if (!(typeof userId === "string" && allowedUserIds.includes(userId))) reportStrayUser(assignment, userId, reportViolation);
          });
          continue;
        }
        for (const bookmark of bookmarks) {
          const entry = usersPerBookmark.get(bookmark.urn) ?? { bookmark, users: [] };
          entry.users.push(assignment);
          usersPerBookmark.set(bookmark.urn, entry);
        }
        continue;
      }
      // A pilot group of the stack's testGroups, looked up by name and assigned by the component.
      if (assignment.type === TYPES.groupAssignment && declaredByCheck(assignment)) continue;
      unknowns.run(() => {
        const groups = groupIds(assignment);
        const refused = groups.filter((id) => !(typeof id === "string" && allowedGroupIds.includes(id)));
        if (groups.length === 0 || refused.length === 0) return;
        reportViolation(
          `${label(assignment)} assigns group${refused.length === 1 ? "" : "s"} ${refused.map((id) => JSON.stringify(id)).join(", ")} to the bookmark. ` +
            "Every member of a group would be sent through the check's deny-by-default policy and could open the bookmark, not just the named test users. " +
            "Fix: name the group in testGroups of the stack config (the check assigns it), or add the group id to allowedGroupIds in the policy config.",
          assignment.urn,
        );
      });
    }
    for (const { bookmark, users } of usersPerBookmark.values()) {
      if (users.length <= maxUsers) continue;
      reportViolation(
        `${label(bookmark)} is assigned to ${users.length} users, more than the maximum of ${maxUsers}. ` +
          "The check is meant for a few named test users; a broad rollout belongs to a production app and policy, with its own review. " +
          `Fix: list at most ${maxUsers} test users, or raise maxUsers in the policy config.`,
        bookmark.urn,
      );
    }
    unknowns.rethrow();
  },
};
