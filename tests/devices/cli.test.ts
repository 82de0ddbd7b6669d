import { spawn } from "child_process";
import * as path from "path";
import { FakeOkta } from "../verify/fakeOkta";
import { API_TOKEN, makeProject, removeProjects } from "../verify/harness";
import { healthyTenant } from "../verify/tenantFixtures";
import { fleetUsers, largeFleet } from "./fleetFixtures";

// `npm run devices` as a real child process (ts-node with swc runs tools/devices/cli.ts), for what only a process shows: signals.

const ROOT = path.resolve(__dirname, "../..");
const ENTRY = path.join(ROOT, "tools/devices/cli.ts");

afterAll(removeProjects);

test("Ctrl-C while it waits for the rate limit: the report of the pages read, exit 130", async () => {
  // One request a minute: after the first page the command waits for the window to reset.
  const fake = await FakeOkta.start({ ...healthyTenant(), devices: largeFleet(fleetUsers(450)) }, { apiToken: API_TOKEN, rateLimit: { limit: 1, windowMs: 60_000 } });
  const child = spawn(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--swc", "--project", path.join(ROOT, "tsconfig.json"), ENTRY, "--stack", "dev"], {
    cwd: makeProject(),
    env: { PATH: process.env.PATH ?? "", OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: API_TOKEN },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    if (stderr.includes("devices: 200 devices read (1 page)\n") && !child.killed) child.kill("SIGINT");
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
  await fake.stop();
  expect(exitCode).toBe(130);
  expect(stderr).toBe(
    "devices: 200 devices read (1 page)\n" +
      "devices: Okta's rate limit on GET /api/v1/devices has none of its 1 requests left until its window resets: waiting 61 s before GET /api/v1/devices\n",
  );
  const out = stdout.split("\n");
  expect(out[0]).toBe(`Devices of ${fake.url} (stack dev): 200 devices read in 1 page`);
  expect(out).toContain("Result: INTERRUPTED: stopped by Ctrl-C after 200 devices; the counts cover only those (exit 130)");
  expect(fake.requestsTo("/api/v1/devices")).toHaveLength(1);
  expect(fake.violations).toEqual([]);
}, 30_000);
