// Runs index.ts under the tests' mocked tenant in a process of its own and prints the outcome as one
// JSON line. Pulumi reports a program's errors as unhandled rejections (runtime/resource.ts,
// runAsyncResourceOp), which a jest worker would take as the test's own failure.
// Usage: node captureInChild.js <projectDir> <stack> <directoryJson>
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
const path = require("path");
const { captureProgram } = require("../../tools/plan/capture");
const { directoryOf } = require("../../tools/plan/providerContract");
const { readProjectStack } = require("../../tools/stack/projectStack");
const { mockedTenant } = require("./mockedTenant");

// The capture reports the first error; the rest of the same failure (every output that depended on it) is dropped here.
process.on("unhandledRejection", () => undefined);

const [projectDir, stack, directoryJson] = process.argv.slice(2);
captureProgram({
  stack: "dev",
  config: readProjectStack(projectDir, stack).config,
  preview: false,
  tenant: mockedTenant(directoryOf(JSON.parse(directoryJson))),
  program: () => require(path.join(__dirname, "..", "..", "index")),
})
  .then(
    ({ resources }) => ({ declared: resources.map((r) => `${r.type} ${r.name}`).sort() }),
    (error) => ({ error: error.name, message: error.message }),
  )
  .then((outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`, () => process.exit(0)));
