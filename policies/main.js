// The entry `pulumi preview --policy-pack <this folder>` runs (package.json "main"). The CLI starts
// @pulumi/pulumi/cmd/run-policy-pack here, which registers ts-node with type checking for every .ts
// file it loads (cmd/run-policy-pack/run.ts): seconds at every start. So the pack starts without it:
// - installed from the package, it runs compiled (dist/policies, built by `npm pack`);
// - in a checkout (its TypeScript sources beside this file) it runs the sources transpiled without a
//   type check (`npm run typecheck` checks them), by ts-node's swc mode, once per version of the
//   sources: the output is kept in node_modules/.cache under a hash of every input, so a changed
//   source, tsconfig, transpiler or this file is transpiled afresh and an unchanged one is not.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const PROJECT = path.join(__dirname, "tsconfig.json");

if (fs.existsSync(path.join(__dirname, "index.ts"))) {
  const sources = fs.readdirSync(__dirname).filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts")).sort();
  require(path.join(transpiled(sources) ?? registerTranspiler(), "index"));
} else {
  require("../dist/policies/index.js");
}

/** The folder holding the transpiled sources, transpiling them first if this version is new; undefined if it cannot be written. */
function transpiled(sources) {
  const cache = path.join(__dirname, "..", "node_modules", ".cache", "okta-managed-device-check-policies");
  const dir = path.join(cache, digest(sources));
  if (fs.existsSync(dir)) return dir;
  let staging;
  try {
    fs.mkdirSync(cache, { recursive: true });
    staging = fs.mkdtempSync(`${dir}.staging-`);
    const service = tsNodeService();
    for (const file of sources) {
      const source = path.join(__dirname, file);
      // ts-node's output carries an inline source map: traces name the .ts file and its lines.
      fs.writeFileSync(path.join(staging, file.replace(/\.ts$/, ".js")), service.compile(fs.readFileSync(source, "utf8"), source));
    }
    fs.renameSync(staging, dir);
  } catch {
    // Another start of the pack renamed its copy first (the same inputs, the same output), or the cache cannot be written.
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(dir)) return undefined;
  }
  for (const old of fs.readdirSync(cache)) {
    if (old !== path.basename(dir) && !old.includes(".staging-")) fs.rmSync(path.join(cache, old), { recursive: true, force: true });
  }
  return dir;
}

/** A hash of everything the transpiled output depends on. */
function digest(sources) {
  const hash = crypto.createHash("sha256");
  const inputs = [
    ...sources.map((file) => path.join(__dirname, file)),
    PROJECT,
    path.join(__dirname, "..", "tsconfig.json"),
    path.join(__dirname, "main.js"),
    require.resolve("ts-node/package.json"),
    require.resolve("@swc/core/package.json"),
  ];
  for (const input of inputs) hash.update(path.basename(input)).update("\0").update(fs.readFileSync(input)).update("\0");
  return hash.digest("hex").slice(0, 32);
}

function tsNodeService() {
  const tsNode = require("ts-node");
  // The CLI's type-checking service steps aside (ts-node's `enabled`); ours compiles instead.
  process[tsNode.REGISTER_INSTANCE]?.enabled(false);
  return tsNode.create({ project: PROJECT, transpileOnly: true, swc: true });
}

/** Without a cache: the sources are transpiled as they load. Returns the folder to load them from. */
function registerTranspiler() {
  const tsNode = require("ts-node");
  process[tsNode.REGISTER_INSTANCE]?.enabled(false);
  tsNode.register({ project: PROJECT, transpileOnly: true, swc: true });
  return __dirname;
}
