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

// ---------------------------------------------------------------------------------------------
// Signals and write errors, in real processes against the loopback tenant

interface Child {
  exitCode: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr (or the tenant's request log) shows the child got this far. */
  until(ready: () => boolean): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

function startChild(entry: string, args: string[], env: Record<string, string>, cwd: string, stdout: "pipe" | number = "pipe"): Child {
  const child = spawn(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--swc", "--project", path.join(ROOT, "tsconfig.json"), entry, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", stdout, "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk) => (out += chunk));
  child.stderr?.on("data", (chunk) => (err += chunk));
  const exitCode = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    exitCode,
    stdout: () => out,
    stderr: () => err,
    kill: (signal) => child.kill(signal),
    until: async (ready) => {
      for (let waited = 0; !ready(); waited += 50) {
        if (waited > 20_000) throw new Error(`the child never got there; stderr: ${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

describe("signals", () => {
  test.each([
    ["SIGTERM", "stopped by SIGTERM"],
    ["SIGHUP", "stopped by SIGHUP"],
  ] as const)("%s during --wait prints the report so far and exits with the code of what it found", async (signal, how) => {
    const quiet = await FakeOkta.start(healthyTenant(), { apiToken: API_TOKEN });
    const child = startChild(ENTRY, ["--stack", "dev", "--wait", "1h"], { OKTA_ORG_URL: quiet.url, OKTA_API_TOKEN: API_TOKEN }, makeProject());
    await child.until(() => /waiting/.test(child.stderr()));
    child.kill(signal);
    const exitCode = await child.exitCode;
    await quiet.stop();
    expect(exitCode).toBe(2);
    expect(child.stdout()).toMatch(new RegExp(`Waited \\d+s \\(\\d+ System Log quer(y|ies)\\): ${how}\\n`));
    expect(child.stdout().split("\n")).toContain(`${CAROL.login}: NO EVALUATION YET`);
    expect(child.stdout()).toContain("Result: INCOMPLETE: at least one test user has no evaluation yet (exit 2)");
    expect(child.stderr()).not.toMatch(/\n\s+at /);
  }, 30_000);

  test("the first Ctrl-C ends the run at once while a request is in flight: exit 130, one line", async () => {
    const stuck = await FakeOkta.start(healthyTenant(), { apiToken: API_TOKEN });
    stuck.faults.push({ path: "/api/v1/apps", status: 200, body: [], hang: true });
    const child = startChild(ENTRY, ["--stack", "dev"], { OKTA_ORG_URL: stuck.url, OKTA_API_TOKEN: API_TOKEN }, makeProject());
    await child.until(() => stuck.requestsTo("/api/v1/apps").length > 0);
    const sent = Date.now();
    child.kill("SIGINT");
    const exitCode = await child.exitCode;
    const took = Date.now() - sent;
    await stuck.stop();
    expect(exitCode).toBe(130);
    expect(child.stderr()).toBe("verify: stopped by SIGINT while reading GET /api/v1/apps\n");
    expect(child.stdout()).toBe("");
    expect(took).toBeLessThan(3_000);
  }, 30_000);

  test("Ctrl-C while a --wait poll is in flight abandons the poll and prints the report so far", async () => {
    const tenant = await FakeOkta.start(healthyTenant(), { apiToken: API_TOKEN });
    const child = startChild(ENTRY, ["--stack", "dev", "--wait", "1h"], { OKTA_ORG_URL: tenant.url, OKTA_API_TOKEN: API_TOKEN }, makeProject());
    await child.until(() => /waiting/.test(child.stderr()));
    tenant.faults.push({ path: "/api/v1/logs", status: 200, body: [], hang: true });
    await child.until(() => tenant.faults.length === 0);
    child.kill("SIGINT");
    const exitCode = await child.exitCode;
    await tenant.stop();
    expect(exitCode).toBe(2);
    expect(child.stdout()).toMatch(/Waited \d+s \(1 System Log query\): stopped by Ctrl-C\n/);
  }, 30_000);
});

describe("output that cannot be written", () => {
  test("verify > /dev/full: exit 74 and one line on stderr, never a verdict's code nor a stack trace", async () => {
    const tenant = await FakeOkta.start(healthyTenant(), { apiToken: API_TOKEN });
    const full = fs.openSync("/dev/full", "w");
    const child = startChild(ENTRY, ["--stack", "dev"], { OKTA_ORG_URL: tenant.url, OKTA_API_TOKEN: API_TOKEN }, makeProject(), full);
    const exitCode = await child.exitCode;
    fs.closeSync(full);
    await tenant.stop();
    expect(exitCode).toBe(74);
    expect(child.stderr()).toBe("verify: cannot write to stdout: ENOSPC\n");
  }, 30_000);

  test("verify into a pipe closed early (EPIPE): exit 74, one line", async () => {
    const tenant = await FakeOkta.start(healthyTenant(), { apiToken: API_TOKEN });
    const child = spawn(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--swc", "--project", path.join(ROOT, "tsconfig.json"), ENTRY, "--stack", "dev"], {
      cwd: makeProject(),
      env: { PATH: process.env.PATH ?? "", OKTA_ORG_URL: tenant.url, OKTA_API_TOKEN: API_TOKEN },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
    await tenant.stop();
    expect(exitCode).toBe(74);
    expect(stderr).toBe("verify: cannot write to stdout: EPIPE\n");
  }, 30_000);
});

describe("the plan as a process", () => {
  const PLAN = path.join(ROOT, "tools/plan/cli.ts");

  test("plan > /dev/full: exit 74 and one line on stderr", async () => {
    const full = fs.openSync("/dev/full", "w");
    const child = startChild(PLAN, ["--stack", "dev", "--today", "2025-06-15"], {}, ROOT, full);
    const exitCode = await child.exitCode;
    fs.closeSync(full);
    expect(exitCode).toBe(74);
    expect(child.stderr()).toBe("okta-managed-device-plan: cannot write to stdout: ENOSPC\n");
  }, 60_000);

  test("the first Ctrl-C ends the plan: exit 130, one line", async () => {
    const slowProgram = path.join(makeProject(), "slowProgram.js");
    fs.writeFileSync(slowProgram, 'process.stderr.write("planning\\n");\nmodule.exports = new Promise((resolve) => setTimeout(resolve, 60000));\n');
    const child = startChild(PLAN, ["--stack", "dev", "--today", "2025-06-15", "--program", slowProgram], {}, ROOT);
    await child.until(() => child.stderr().includes("planning"));
    const sent = Date.now();
    child.kill("SIGINT");
    const exitCode = await child.exitCode;
    expect(exitCode).toBe(130);
    expect(child.stderr()).toBe("planning\nokta-managed-device-plan: stopped by SIGINT\n");
    expect(Date.now() - sent).toBeLessThan(3_000);
  }, 60_000);
});
