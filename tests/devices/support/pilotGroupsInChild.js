// Declares pilot group assignments under the plan's mocked tenant in a process of its own and prints
// the outcome as one JSON line: a program's errors reach Pulumi as unhandled rejections, which a jest
// worker would take as the test's own failure (as tests/support/captureInChild.js does for index.ts).
// Usage: node pilotGroupsInChild.js <groupsJson | offline> <name>...
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
const pulumi = require("@pulumi/pulumi");
const okta = require("@pulumi/okta");
const { assignPilotGroups } = require("../../../components/pilotGroups");
const { captureProgram, UNKNOWN } = require("../../../tools/plan/capture");
const { getGroup, groupDirectoryOf } = require("../../../tools/plan/groupDirectory");
const { OFFLINE_TENANT } = require("../../../tools/plan/offlineTenant");
const { mockedTenant } = require("../../support/mockedTenant");

process.on("unhandledRejection", () => undefined);

const [groupsJson, ...names] = process.argv.slice(2);
captureProgram({
  stack: "dev",
  config: {},
  preview: groupsJson === "offline",
  tenant: groupsJson === "offline" ? OFFLINE_TENANT : { ...mockedTenant(), lookUpGroup: (inputs) => getGroup(inputs, groupDirectoryOf(JSON.parse(groupsJson))) },
  program: () => {
    const parent = new pulumi.ComponentResource("okta-managed-device-check:index:ManagedDeviceCheck", "check", {});
    const bookmark = new okta.app.Bookmark("check-bookmark", { label: "Managed Device Check", url: "https://www.okta.com/" }, { parent });
    assignPilotGroups(parent, "check", names, bookmark.id, [bookmark]);
    return {};
  },
})
  .then(
    ({ resources }) => ({ declared: resources.map((r) => ({ type: r.type, name: r.name, parent: r.parent, groupId: r.inputs.groupId === UNKNOWN ? "(unknown)" : r.inputs.groupId })) }),
    (error) => ({ error: error.name, message: error.message, refusals: error.refusals }),
  )
  .then((outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`, () => process.exit(0)));
