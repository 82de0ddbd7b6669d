// Programs are loaded afresh for every run (jest.isolateModules), as the CLI loads one per stack,
// but the Pulumi SDK and the Okta provider SDK are shared with the test, as in the CLI's single
// process: reloading them for each run would cost a second a run.
const SHARED = ["@pulumi/pulumi", "@pulumi/pulumi/runtime", "@pulumi/pulumi/runtime/config", "@pulumi/okta", "@pulumi/okta/utilities"];
for (const name of SHARED) {
  const shared = require(name);
  jest.doMock(name, () => shared);
}
