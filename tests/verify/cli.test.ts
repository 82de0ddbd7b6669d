import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { FakeOkta } from "./fakeOkta";
import { API_TOKEN, makeProject, removeProjects } from "./harness";
import { ALICE, BOB, CAROL, device, healthyTenant, signOnEvaluation } from "./tenantFixtures";

// The bin entry as a real child process: ts-node (with swc, no type-check) runs tools/verify/cli.ts.

const ROOT = path.resolve(__dirname, "../..");
const ENTRY = path.join(ROOT, "tools/verify/cli.ts");

interface ChildResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [require.resolve("ts-node/dist/bin.js"), "--swc", "--project", path.join(ROOT, "tsconfig.json"), ENTRY, ...args],
      { cwd, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 20_000 },
      (error, stdout, stderr) => resolve({ exitCode: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

let fake: FakeOkta;
afterAll(async () => {
  await fake?.stop();
  removeProjects();
});

test("the entry starts with a shebang so the bin runs under node", () => {
  expect(fs.readFileSync(ENTRY, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
});

test("run as a child process it reads the tenant, prints the verdicts and sets the exit code", async () => {
  fake = await FakeOkta.start(healthyTenant(), { apiToken: API_TOKEN });
  fake.tenant.devices.push(device("guo1alicemac0000d7x1", "Alice's MacBook Pro", "MACOS", [{ user: ALICE, managementStatus: "MANAGED" }]));
  const recent = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  fake.tenant.logs.push(signOnEvaluation({ user: ALICE, published: recent, result: "ALLOW" }), signOnEvaluation({ user: BOB, published: recent, result: "DENY" }));
  const projectDir = makeProject();

  const result = await runCli(["--stack", "dev"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: API_TOKEN }, projectDir);

  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(1);
  const out = result.stdout.split("\n");
  expect(out).toContain(`${ALICE.login}: MANAGED`);
  expect(out).toContain(`${BOB.login}: NOT MANAGED`);
  expect(out).toContain(`${CAROL.login}: NO EVALUATION YET`);
  expect(out).toContain("Result: NOT MANAGED: at least one test user was denied (exit 1)");
  expect(result.stdout + result.stderr).not.toContain(API_TOKEN);
}, 25_000);

test("Ctrl-C stops a --wait in a real process: the report so far, and the exit code of what it found", async () => {
  const quiet = await FakeOkta.start(healthyTenant(), { apiToken: API_TOKEN });
  const projectDir = makeProject();
  const child = spawn(
    process.execPath,
    [require.resolve("ts-node/dist/bin.js"), "--swc", "--project", path.join(ROOT, "tsconfig.json"), ENTRY, "--stack", "dev", "--wait", "1h"],
    { cwd: projectDir, env: { PATH: process.env.PATH ?? "", OKTA_ORG_URL: quiet.url, OKTA_API_TOKEN: API_TOKEN } },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    // The first progress line (stderr, not a terminal: one plain line per change) means it is polling.
    if (/waiting/i.test(stderr) && !child.killed) child.kill("SIGINT");
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
  await quiet.stop();
  expect(exitCode).toBe(2);
  expect(stdout).toMatch(/Waited \d+s \(\d+ System Log quer(y|ies)\): stopped by Ctrl-C/);
  expect(stdout.split("\n")).toContain(`${CAROL.login}: NO EVALUATION YET`);
  expect(stdout + stderr).not.toMatch(/\n\s+at /);
}, 25_000);
