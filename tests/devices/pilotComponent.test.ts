import { execFile } from "child_process";
import * as path from "path";
import type { DirectoryGroup } from "../../tools/plan/groupDirectory";

// The pilot groups' assignments (components/pilotGroups.ts) under the plan's mocked tenant, each
// run in a child process (support/pilotGroupsInChild.js): one GroupAssignment per group, its groupId
// from the lookup by name, the provider's and the component's refusals.

const GROUPS: DirectoryGroup[] = [
  { id: "00g1pilotdevices0d7x", name: "Pilot Devices", type: "OKTA_GROUP", description: "" },
  { id: "00g1pilotlaptops0d7x", name: "Pilot Laptops 2026", type: "OKTA_GROUP", description: "" },
  { id: "00g1everyone0000d7x1", name: "Everyone", type: "BUILT_IN", description: "All users in your organization" },
];

interface Outcome {
  declared?: Array<{ type: string; name: string; parent: string; groupId: unknown }>;
  error?: string;
  message?: string;
  refusals?: Array<{ type: string; name: string; message: string }>;
}

function declare(groups: DirectoryGroup[] | "offline", ...names: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, "support", "pilotGroupsInChild.js"), groups === "offline" ? groups : JSON.stringify(groups), ...names], { timeout: 60_000 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as Outcome),
    );
  });
}

test("one GroupAssignment per pilot group under the component, its groupId the group's id", async () => {
  const outcome = await declare(GROUPS, "Pilot Devices", "Pilot Laptops 2026");
  expect(outcome.declared?.filter((resource) => resource.type === "okta:app/groupAssignment:GroupAssignment")).toEqual([
    { type: "okta:app/groupAssignment:GroupAssignment", name: "check-group-Pilot Devices", parent: expect.stringMatching(/ManagedDeviceCheck::check$/), groupId: "00g1pilotdevices0d7x" },
    { type: "okta:app/groupAssignment:GroupAssignment", name: "check-group-Pilot Laptops 2026", parent: expect.stringMatching(/ManagedDeviceCheck::check$/), groupId: "00g1pilotlaptops0d7x" },
  ]);
}, 60_000);

test("a missing group fails the lookup as the provider does; inexact and built-in groups are refused by the component", async () => {
  expect(await declare(GROUPS, "Pilot Phones")).toEqual({
    error: "ProviderRefusal",
    message: 'lookup of group Pilot Phones (okta:group/getGroup:getGroup): the provider would refuse it: group with name "Pilot Phones" does not exist',
    refusals: [{ type: "okta:group/getGroup:getGroup", name: "lookup of group Pilot Phones", message: 'group with name "Pilot Phones" does not exist' }],
  });
  expect((await declare(GROUPS, "Pilot Laptops")).message).toBe(
    // Pulumi names the input the failed lookup fed, as the CLI shows it.
    'error serializing property "groupId": ManagedDeviceCheck check: testGroups: no group is named exactly "Pilot Laptops" (the only one whose name starts with it is "Pilot Laptops 2026"); correct the name in testGroups',
  );
  expect((await declare(GROUPS, "Everyone")).message).toBe(`error serializing property "groupId": ManagedDeviceCheck check: testGroups: "Everyone" is Okta's built-in group of every user; name a pilot group instead`);
}, 60_000);

test("the offline plan: the group is looked up in the tenant (unknown), its assignment still declared", async () => {
  const outcome = await declare("offline", "Pilot Devices");
  expect(outcome.declared?.find((resource) => resource.type === "okta:app/groupAssignment:GroupAssignment")).toMatchObject({ name: "check-group-Pilot Devices", groupId: "(unknown)" });
}, 60_000);
