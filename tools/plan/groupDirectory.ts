/**
 * The offline plan's answer to the group lookup (invoke okta:group/getGroup:getGroup, the data
 * source okta_group), as terraform-provider-okta v6.12 answers it (okta/services/idaas/
 * data_source_okta_group.go, findGroup): by `id` (GetGroup), else `q=<name>` (ListGroups), which
 * matches the start of a name; of several matches the exact name is taken, and a single match is
 * taken even when it only starts with the name (the component refuses that one itself).
 */

export interface DirectoryGroup {
  id: string;
  name: string;
  type: string;
  description: string;
}

/** The tenant's groups, as far as a plan needs them. */
export interface GroupDirectory {
  /** Okta's `q` on groups: the groups whose name starts with `prefix` (case-insensitive). */
  startingWith(prefix: string): DirectoryGroup[];
  byId(id: string): DirectoryGroup | undefined;
}

export type GetGroupAnswer = { group: DirectoryGroup } | { error: string } | { unknown: true };

/** A directory holding exactly these groups. */
export function groupDirectoryOf(groups: DirectoryGroup[]): GroupDirectory {
  return {
    startingWith: (prefix) => groups.filter((group) => group.name.toLowerCase().startsWith(prefix.toLowerCase())),
    byId: (id) => groups.find((group) => group.id === id),
  };
}

export function getGroup(inputs: Record<string, unknown>, directory: GroupDirectory): GetGroupAnswer {
  const { id, name, type } = inputs;
  if ([id, name, type].some((value) => value !== undefined && typeof value !== "string")) return { unknown: true };
  if (typeof id === "string" && id !== "") {
    const group = directory.byId(id);
    // "failed get group by ID: %v" with the SDK's error (Okta's E0000007 summary).
    return group ? { group } : { error: `failed get group by ID: the API returned an error: Not found: Resource not found: ${id} (UserGroup)` };
  }
  const wanted = typeof name === "string" ? name : "";
  const typed = typeof type === "string" && type !== "" ? type : undefined;
  const groups = directory.startingWith(wanted).filter((group) => typed === undefined || group.type === typed);
  if (groups.length === 0) {
    return { error: typed ? `group with name "${wanted}" and type "${typed}" does not exist` : `group with name "${wanted}" does not exist` };
  }
  if (groups.length === 1) return { group: groups[0] };
  const exact = groups.find((group) => group.name === wanted);
  if (exact) return { group: exact };
  return {
    error: typed
      ? `group starting with name "${wanted}" and type "${typed}" matches ${groups.length} groups, select a more precise name parameter`
      : `group starting with name "${wanted}" matches ${groups.length} groups, select a more precise name parameter`,
  };
}
