import { getGroup, groupDirectoryOf } from "../../tools/plan/groupDirectory";

// The offline plan's group lookup, as the data source okta_group answers (data_source_okta_group.go, findGroup).

const groups = groupDirectoryOf([
  { id: "00g1pilot00000000001", name: "Pilot", type: "OKTA_GROUP", description: "" },
  { id: "00g1pilotlaptops0002", name: "Pilot Laptops", type: "OKTA_GROUP", description: "" },
  { id: "00g1pilotphones00003", name: "Pilot Phones", type: "OKTA_GROUP", description: "" },
  { id: "00g1everyone00000004", name: "Everyone", type: "BUILT_IN", description: "All users in your organization" },
]);

test.each([
  [{ name: "Pilot" }, { group: { id: "00g1pilot00000000001", name: "Pilot", type: "OKTA_GROUP", description: "" } }],
  [{ name: "Pilot Laptops" }, { group: { id: "00g1pilotlaptops0002", name: "Pilot Laptops", type: "OKTA_GROUP", description: "" } }],
  // One group starting with the name: the provider takes it (the component then refuses the inexact name).
  [{ name: "Every" }, { group: { id: "00g1everyone00000004", name: "Everyone", type: "BUILT_IN", description: "All users in your organization" } }],
  [{ name: "Pilot P" }, { group: { id: "00g1pilotphones00003", name: "Pilot Phones", type: "OKTA_GROUP", description: "" } }],
  [{ name: "Pilot " }, { error: 'group starting with name "Pilot " matches 2 groups, select a more precise name parameter' }],
  [{ name: "Pilots" }, { error: 'group with name "Pilots" does not exist' }],
  [{ name: "Everyone", type: "OKTA_GROUP" }, { error: 'group with name "Everyone" and type "OKTA_GROUP" does not exist' }],
  [{ id: "00g1missing000000000" }, { error: "failed get group by ID: the API returned an error: Not found: Resource not found: 00g1missing000000000 (UserGroup)" }],
])("getGroup %j", (inputs, answer) => {
  expect(getGroup(inputs, groups)).toEqual(answer);
});
