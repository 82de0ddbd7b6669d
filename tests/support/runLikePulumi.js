// Loads a TypeScript Pulumi program the way the Pulumi CLI's nodejs language host does
// (@pulumi/pulumi/cmd/run): the project's own typescript and ts-node, type checking on, Pulumi's
// default compiler options overlaid with the project's tsconfig.json. Then runs it under the same
// mocks as every other test (tools/plan/capture.ts, tests/support/mockedTenant.ts) with the stack's
// config, and prints what it declared as one JSON line.
// Usage: node runLikePulumi.js <projectDir> <program.ts> <stack>
const path = require("path");
const [projectDir, program, stack] = process.argv.slice(2);
process.chdir(projectDir);

const tsutils = require("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
const ts = require(typescriptRequire);
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: compilerOptions.noCheck,
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
});

const { captureProgram } = require("../../tools/plan/capture");
const { readProjectStack } = require("../../tools/stack/projectStack");
const { mockedTenant } = require("./mockedTenant");

let loadError;
captureProgram({
  stack,
  config: readProjectStack(projectDir, stack).config,
  preview: true,
  tenant: mockedTenant(),
  program: () => {
    try {
      return require(path.resolve(program));
    } catch (error) {
      loadError = error;
      return {};
    }
  },
}).then(
  ({ resources }) => {
    if (loadError) {
      console.log(JSON.stringify({ error: String(loadError && loadError.message ? loadError.message : loadError) }));
      process.exit(3);
    }
    const declared = resources.map((r) => `${r.type} ${r.name}`).sort();
    console.log(JSON.stringify({ typescript: ts.version, typescriptPath: require.resolve(typescriptRequire), tsnodePath: require.resolve(tsnodeRequire), declared }));
    process.exit(0);
  },
  (error) => {
    console.log(JSON.stringify({ error: String(error && error.message ? error.message : error) }));
    process.exit(3);
  },
);
