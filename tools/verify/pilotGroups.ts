import type * as okta from "@okta/okta-sdk-nodejs";
import type { DriftItem } from "./drift";
import type { OktaUserRef } from "./findCheck";

/**
 * The stack's pilot groups as the tenant has them: each group by its exact name, whether it is
 * assigned to the bookmark, and its members read page by page. Every member is checked as a test
 * user; the cost grows with the pages of members, not with the members.
 */

/** The reads of a pilot group (Tenant.findGroups, getAppGroupAssignment and listGroupMembers in client.ts). */
export interface GroupReader {
  findGroups(name: string): Promise<okta.Group[]>;
  getAppGroupAssignment(appId: string, groupId: string): Promise<okta.ApplicationGroupAssignment | undefined>;
  listGroupMembers(groupId: string, onPage: (users: okta.User[]) => boolean): Promise<void>;
}

export interface PilotGroup {
  name: string;
  /** Undefined when the tenant has no group of that name. */
  id?: string;
  members: number;
}

export interface PilotMember {
  /** The group the member was read from (the first, for a member of several). */
  group: string;
  user: OktaUserRef;
}

export interface PilotGroups {
  groups: PilotGroup[];
  /** Each member once, in the order read. */
  members: PilotMember[];
  drift: DriftItem[];
}

export async function readPilotGroups(tenant: GroupReader, names: readonly string[], appId: string, stack: string): Promise<PilotGroups> {
  const groups: PilotGroup[] = [];
  const members = new Map<string, PilotMember>();
  const drift: DriftItem[] = [];
  const setting = `okta-managed-device-check:testGroups in Pulumi.${stack}.yaml`;
  for (const name of names) {
    // `search=profile.name eq` is case-insensitive; the provider's data source takes the exact name first (data_source_okta_group.go, findGroup).
    const found = await tenant.findGroups(name);
    const group = found.find((candidate) => candidate.profile?.name === name) ?? found[0];
    if (!group?.id) {
      drift.push({ kind: "group_missing", message: `no group named "${name}" exists in the tenant`, fix: `create the group, or correct ${setting}; then pulumi up --stack ${stack}` });
      groups.push({ name, members: 0 });
      continue;
    }
    if (!(await tenant.getAppGroupAssignment(appId, group.id))) {
      drift.push({ kind: "group_not_assigned", message: `the group "${name}" (${group.id}) is not assigned to the bookmark`, fix: `list the group in ${setting} and run: pulumi up --refresh --stack ${stack}` });
    }
    let count = 0;
    await tenant.listGroupMembers(group.id, (users) => {
      for (const user of users) {
        count++;
        const id = String(user.id);
        if (!members.has(id)) members.set(id, { group: name, user: { id, status: String(user.status ?? "UNKNOWN"), login: String(user.profile?.login ?? id) } });
      }
      return true;
    });
    groups.push({ name, id: group.id, members: count });
  }
  return { groups, members: [...members.values()], drift };
}
