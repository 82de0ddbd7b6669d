"use strict";
// The policy packs the bench starts beside the repository's own, each in a temporary folder whose
// node_modules links to this checkout's, so that every pack runs the same @pulumi/pulumi and @pulumi/policy.
const fs = require("fs");
const os = require("os");
const path = require("path");
const { ROOT, timed } = require("./measure");

const POLICIES = path.join(ROOT, "policies");
/** Where policies/main.js keeps the checkout's transpiled sources. */
const TRANSPILE_CACHE = path.join(ROOT, "node_modules", ".cache", "okta-managed-device-check-policies");

function packFolder(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** The least a pack can be: no policies, plain JavaScript. What is left is the CLI's runner and @pulumi/policy. */
function emptyPack() {
  const dir = packFolder("okta-pack-bench-empty-");
  fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: An empty policy pack, the floor of any pack's start.\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "empty", version: "0.0.0", main: "index.js" }));
  fs.writeFileSync(path.join(dir, "index.js"), 'const { PolicyPack } = require("@pulumi/policy");\nnew PolicyPack("empty", { policies: [] });\n');
  return dir;
}

/** The pack as the package ships it: policies/ without its sources, beside dist/policies compiled by tsc. Returns the policies folder. */
async function compiledPack() {
  const dir = packFolder("okta-pack-bench-compiled-");
  const policies = path.join(dir, "policies");
  fs.mkdirSync(policies);
  for (const file of ["main.js", "package.json", "PulumiPolicy.yaml"]) fs.copyFileSync(path.join(POLICIES, file), path.join(policies, file));
  const tsc = path.join(ROOT, "node_modules", ".bin", process.platform === "win32" ? "tsc.cmd" : "tsc");
  try {
    await timed(tsc, ["-p", path.join(POLICIES, "tsconfig.json"), "--noEmit", "false", "--sourceMap", "--outDir", path.join(dir, "dist", "policies")]);
  } catch (error) {
    removePack(dir);
    throw error;
  }
  return policies;
}

/** Removes a folder made by emptyPack or compiledPack (the policies folder's parent for the latter). */
function removePack(dir) {
  const top = path.basename(dir) === "policies" ? path.dirname(dir) : dir;
  fs.rmSync(top, { recursive: true, force: true });
}

module.exports = { POLICIES, TRANSPILE_CACHE, emptyPack, compiledPack, removePack };
