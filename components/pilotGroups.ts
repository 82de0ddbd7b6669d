import * as pulumi from "@pulumi/pulumi";
import * as okta from "@pulumi/okta";

/**
 * The pilot groups of a check: each group looked up in the tenant by its exact name, and the
 * bookmark assigned to it with one `okta.app.GroupAssignment`, so that every member gets the tile
 * without one `okta.app.User` (and one user look-up) per member.
 *
 * The data source okta_group (terraform-provider-okta okta/services/idaas/data_source_okta_group.go,
 * findGroup) fails by itself when no group starts with the name ("group with name %q does not
 * exist") or several do without an exact match; but a single group that only starts with the name
 * is taken as it is, so an exact match is required here. Okta's built-in groups (type BUILT_IN:
 * Everyone) are refused: the check is for a pilot, not the whole org.
 */
export function assignPilotGroups(
  parent: pulumi.Resource,
  name: string,
  groups: readonly string[],
  appId: pulumi.Input<string>,
  dependsOn: pulumi.Input<pulumi.Resource>[],
): okta.app.GroupAssignment[] {
  return groups.map((group) => {
    const groupId = okta.group.getGroupOutput({ name: group }, { parent }).apply((found) => {
      if (found.name !== group) {
        throw new pulumi.ResourceError(
          `ManagedDeviceCheck ${name}: testGroups: no group is named exactly "${group}" (the only one whose name starts with it is "${found.name}"); correct the name in testGroups`,
          parent,
        );
      }
      if (found.type === "BUILT_IN") {
        throw new pulumi.ResourceError(`ManagedDeviceCheck ${name}: testGroups: "${group}" is Okta's built-in group of every user; name a pilot group instead`, parent);
      }
      return found.id;
    });
    return new okta.app.GroupAssignment(`${name}-group-${group}`, { appId, groupId }, { parent, dependsOn });
  });
}
