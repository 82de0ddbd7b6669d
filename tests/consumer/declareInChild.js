// Declares the check under Pulumi's mocks in a process of its own, with one argument given as an
// Output, and prints the first error of the update as one JSON line (or what was declared, if none
// came within 5 s). An error inside an Output reaches Pulumi's runtime as an unhandled rejection
// (runtime/resource.ts), which the CLI's runner reports as the update's error (cmd/run/run.ts) and a
// jest worker would take as its own failure.
// Usage: node declareInChild.js <argument> <value>
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
const pulumi = require("@pulumi/pulumi");
const { ManagedDeviceCheck } = require("../../components");

const [argument, value] = process.argv.slice(2);
const declared = [];
let reported = false;
const report = (outcome) => {
  if (!reported) process.stdout.write(`${JSON.stringify(outcome)}\n`, () => process.exit(0));
  reported = true;
};
process.on("unhandledRejection", (error) => report({ error: error.name, message: error.message }));
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
    false,
  )
  .then(() => {
    new ManagedDeviceCheck("check", { testUsers: ["alice@acme.example"], bookmarkUrl: "https://www.okta.com/", [argument]: pulumi.output(value) });
    setTimeout(() => report({ declared: declared.sort() }), 5000);
  });
