// Loads a TypeScript Pulumi program the way the Pulumi CLI's nodejs language host does
// (@pulumi/pulumi/cmd/run): the project's own typescript and ts-node, type checking on, Pulumi's
// default compiler options overlaid with the project's tsconfig.json. Then runs it under mocks and
// prints what it declared as one JSON line.
// Usage: node runLikePulumi.js <projectDir> <program.ts> <configJson>
const path = require("path");
const [projectDir, program, configJson] = process.argv.slice(2);
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

const pulumi = require("@pulumi/pulumi");
const { config, secretKeys } = JSON.parse(configJson);
pulumi.runtime.setAllConfig(config, secretKeys);
const declared = [];
pulumi.runtime
  .setMocks(
    {
      newResource: (args) => {
        declared.push(`${args.type} ${args.name}`);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      // The data source okta_user's answer for an active user (data_source_okta_user.go).
      call: (args) => ({ ...args.inputs, id: "00u00000000000000001", login: "alice@acme.example", status: "ACTIVE" }),
    },
    "okta-managed-device-check",
    "dev",
    true,
  )
  .then(() => {
    try {
      require(path.resolve(program));
    } catch (error) {
      console.log(JSON.stringify({ error: String(error && error.message ? error.message : error) }));
      process.exit(3);
    }
    setTimeout(() => {
      console.log(JSON.stringify({ typescript: ts.version, typescriptPath: require.resolve(typescriptRequire), tsnodePath: require.resolve(tsnodeRequire), declared: declared.sort() }));
    }, 500);
  });
