// The entry `pulumi preview --policy-pack <this folder>` runs (package.json "main"). The CLI starts
// @pulumi/pulumi/cmd/run-policy-pack here, which registers ts-node with type checking for every .ts
// file it loads (cmd/run-policy-pack/run.ts): seconds at every start. So the pack starts without it:
// - installed from the package, it runs compiled (dist/policies, built by `npm pack`);
// - in a checkout (its TypeScript sources beside this file) the sources are transpiled without a
//   type check: `npm run typecheck` checks them.
const fs = require("fs");
const path = require("path");

if (fs.existsSync(path.join(__dirname, "index.ts"))) {
  const tsNode = require("ts-node");
  // The CLI's type-checking service steps aside (ts-node's `enabled`); ours compiles instead.
  process[tsNode.REGISTER_INSTANCE]?.enabled(false);
  tsNode.register({ project: path.join(__dirname, "tsconfig.json"), transpileOnly: true, swc: true });
  require("./index.ts");
} else {
  require("../dist/policies/index.js");
}
