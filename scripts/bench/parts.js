"use strict";
// The parts `npm run bench` measures (see scripts/bench.js for what each compares and its target).
const fs = require("fs");
const os = require("os");
const path = require("path");
const { ROOT, TS_NODE, load, median, elapsedMs, seconds, progress, timed, interleaved, row } = require("./measure");
const { POLICIES, TRANSPILE_CACHE, emptyPack, compiledPack, removePack } = require("./packFolders");

const PLAN = ["--swc", path.join("tools", "plan", "cli.ts")];
const VERIFY = ["--swc", path.join("tools", "verify", "cli.ts")];
const FLOOR = "require('@pulumi/pulumi'); require('@pulumi/okta')";
const POLICY_FLOOR = "require('@pulumi/policy')";

/** A temporary project directory with one stack file per cohort size, modelled on Pulumi.dev.yaml. */
function cohortProject(sizes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-plan-bench-"));
  const dev = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
  for (const size of sizes) {
    const users = Array.from({ length: size }, (_, i) => `    - bench-user-${String(i + 1).padStart(4, "0")}@acme.example`).join("\n");
    const text = dev.replace(/(okta-managed-device-check:testUsers:\n)(\s+- .*\n)+/, `$1${users}\n`);
    if (text === dev) throw new Error("Pulumi.dev.yaml: cannot find okta-managed-device-check:testUsers to replace");
    fs.writeFileSync(path.join(dir, `Pulumi.users${size}.yaml`), text);
  }
  load("tests", "support", "projectFile").writeProjectFile(dir);
  return dir;
}

/** The dev stack's resources as the engine hands them to the pack (unknowns as the engine's sentinel), captured by the plan's own code on the sources. */
async function devResources() {
  const { readProjectStack } = load("tools", "stack", "projectStack");
  const { captureProgram } = load("tools", "plan", "capture");
  const { OFFLINE_TENANT } = load("tools", "plan", "offlineTenant");
  const { resources } = await captureProgram({ stack: "dev", config: readProjectStack(ROOT, "dev").config, preview: true, tenant: OFFLINE_TENANT, program: () => load("index") });
  return resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    props: r.inputs,
    propertyDependencies: r.propertyDependencies,
    parent: r.parent,
    dependencies: r.dependencies,
    opts: { protect: r.protect, deleteBeforeReplace: r.deleteBeforeReplace, parent: r.parent },
  }));
}

async function benchPlan(runs) {
  progress(`plan of the dev stack (ts-node --swc tools/plan/cli.ts --stack dev) vs the floor (${runs} runs each, interleaved)`);
  const [plan, floor] = await interleaved(
    [
      { command: TS_NODE, args: [...PLAN, "--stack", "dev"] },
      { command: process.execPath, args: ["-e", FLOOR] },
    ],
    runs,
  );
  row("floor: node -e require(@pulumi/pulumi, @pulumi/okta)", seconds(floor));
  row("plan --stack dev (ts-node --swc, sources)", seconds(plan));
  row("plan / floor", (plan / floor).toFixed(2), "<= 2.0", plan / floor <= 2.0);
}

async function benchCohorts(runs) {
  const sizes = [1, 100, 1000];
  const dir = cohortProject(sizes);
  progress(`plan for 1, 100 and 1,000 test users (${runs} runs each, interleaved)`);
  try {
    const cohort = await interleaved(
      // More than 5 users is a mandatory violation (no-bookmark-assignment-beyond-test-users): exit 1 is expected.
      sizes.map((size) => ({ command: TS_NODE, args: [...PLAN, "--stack", `users${size}`, "--dir", dir], expect: [0, 1] })),
      runs,
    );
    sizes.forEach((size, i) => row(`plan, ${size.toLocaleString("en")} test user${size === 1 ? "" : "s"}`, seconds(cohort[i])));
    const ratio = cohort[2] / cohort[0];
    row("plan 1,000 users / 1 user", ratio.toFixed(2), "<= 3.0", ratio <= 3.0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Cold starts (spawn to port printed, through the CLI's runner) of the empty pack, the repository's
 * pack in this checkout (the transpile cached, then after a source change) and compiled as shipped,
 * interleaved with the bare require of @pulumi/policy (the order rotated every round).
 */
async function benchPackStart(client, runs) {
  progress("compiling the pack as the package ships it (tsc)");
  const empty = emptyPack();
  let compiled;
  try {
    compiled = await compiledPack();
  } catch (error) {
    removePack(empty);
    throw error;
  }
  progress(`policy pack cold starts through the CLI's path vs require(@pulumi/policy) (${runs} runs each, interleaved)`);
  const start = (dir, before) => async () => {
    before?.();
    const pack = await client.startPolicyPack(dir);
    await pack.stop();
    return pack.startupMs;
  };
  const measures = [
    { key: "floor", run: async () => (await timed(process.execPath, ["-e", POLICY_FLOOR])).ms },
    { key: "empty", run: start(empty) },
    { key: "changed", run: start(POLICIES, () => fs.rmSync(TRANSPILE_CACHE, { recursive: true, force: true })) },
    { key: "checkout", run: start(POLICIES) },
    { key: "compiled", run: start(compiled) },
  ];
  const samples = Object.fromEntries(measures.map((m) => [m.key, []]));
  try {
    for (let round = -1; round < runs; round++) {
      // Each round starts one measure later, so that none always follows the same neighbour.
      const offset = (round + 1) % measures.length;
      for (const m of [...measures.slice(offset), ...measures.slice(0, offset)]) {
        const ms = await m.run();
        if (round >= 0) samples[m.key].push(ms);
      }
    }
  } finally {
    removePack(empty);
    removePack(compiled);
  }
  const t = Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, median(values)]));
  const TARGET = 1.5;
  row("floor: node -e require(@pulumi/policy)", seconds(t.floor));
  row("empty policy pack cold start (the CLI's runner, no policies)", seconds(t.empty));
  row("  empty pack / floor (the CLI's own cost)", (t.empty / t.floor).toFixed(2));
  for (const [key, label] of [
    ["checkout", "policy pack cold start, checkout (transpile cached)"],
    ["compiled", "policy pack cold start, compiled (as installed)"],
  ]) {
    row(label, seconds(t[key]));
    row(`  / floor`, (t[key] / t.floor).toFixed(2), `<= ${TARGET}`, t[key] / t.floor <= TARGET);
    row(`  / empty pack`, (t[key] / t.empty).toFixed(2));
  }
  row("policy pack cold start, checkout, first after a source change", seconds(t.changed));
}

async function benchPack(runs) {
  let client;
  try {
    client = load("tests", "support", "analyzerClient");
  } catch (error) {
    row("policy pack", `not measured: tests/support/analyzerClient.ts does not load (${error.message.split("\n")[0]})`, "", false);
    return;
  }
  await benchPackStart(client, runs);

  progress("Analyze per resource over gRPC (the dev stack's resources, 100 rounds)");
  const resources = await devResources();
  const pack = await client.startPolicyPack(POLICIES);
  // The engine marshals its requests itself: they are built once here, so that only the call is timed.
  const grpc = require("@grpc/grpc-js");
  const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
  const rpc = new AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
  const call = (method, request) =>
    new Promise((resolve, reject) => {
      const t = process.hrtime.bigint();
      rpc[method](request, (error) => (error ? reject(error) : resolve(elapsedMs(t))));
    });
  try {
    const { analyzeRequest } = load("tests", "support", "analyzerProtocol");
    const requests = resources.map((resource) => analyzeRequest(resource));
    const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
    const empty = new Empty();
    const analyze = [];
    const roundTrip = [];
    for (let round = -10; round < 100; round++) {
      for (const request of requests) {
        const ms = await call("analyze", request);
        if (round >= 0) analyze.push(ms);
      }
      const ms = await call("getPluginInfo", empty);
      if (round >= 0) roundTrip.push(ms);
    }
    const perResource = median(analyze);
    row(`Analyze per resource over gRPC (median of ${analyze.length})`, `${perResource.toFixed(2)} ms`, "< 2 ms", perResource < 2);
    const trip = median(roundTrip);
    row("  of which the bare gRPC round trip (GetPluginInfo)", `${trip.toFixed(2)} ms`);
    row("  so the pack's own work per resource, about", `${Math.max(0, perResource - trip).toFixed(2)} ms`);
  } finally {
    rpc.close();
    await pack.stop();
  }
}

/** verify against the loopback tenant: requests per cohort size, and the start-up of `npm run verify`. */
async function benchVerify(runs) {
  const { FakeOkta } = load("tests", "verify", "fakeOkta");
  const fixtures = load("tests", "verify", "tenantFixtures");
  const { main } = load("tools", "verify", "cli");
  const token = "00aBenchTokenNeverPrinted0000000000000000";
  progress("verify's requests for 1, 10 and 100 test users against the loopback tenant");
  for (const size of [1, 10, 100]) {
    const users = fixtures.cohort(size);
    const fake = await FakeOkta.start(fixtures.healthyTenant(users), { apiToken: token });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-verify-bench-"));
    try {
      for (const user of users) {
        fake.tenant.devices.push(fixtures.device(`guo1${user.id.slice(10, 14)}dev0000000d7x1`.slice(0, 20), `${user.name}'s Mac`, "MACOS", [{ user, managementStatus: "MANAGED" }]));
        fake.tenant.logs.push(fixtures.signOnEvaluation({ user, published: new Date(Date.now() - 3_600_000).toISOString(), result: "ALLOW" }));
      }
      const stack = ["config:", "  okta:orgName: acme", "  okta-managed-device-check:testUsers:", ...users.map((user) => `    - ${user.login}`), "  okta-managed-device-check:bookmarkUrl: https://www.okta.com/", ""];
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: okta-managed-device-check\nruntime: nodejs\n");
      fs.writeFileSync(path.join(dir, "Pulumi.bench.yaml"), stack.join("\n"));
      const sink = { write: () => true };
      const exitCode = await main(["--stack", "bench", "--json"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: token }, { stdout: sink, stderr: sink }, { projectDir: dir });
      const requests = fake.requests.length;
      const logs = fake.requestsTo("/api/v1/logs").length;
      row(`verify, ${size} test user${size === 1 ? "" : "s"}: requests (System Log queries)`, `${requests} (${logs})${exitCode === 0 ? "" : `, exit ${exitCode}`}`, `<= ${size + 20} (1)`, requests <= size + 20 && logs === 1 && exitCode === 0);
    } finally {
      await fake.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  progress(`npm run verify -- --help, start-up (${runs} runs)`);
  const [start] = await interleaved([{ command: TS_NODE, args: [...VERIFY, "--help"] }], runs);
  row("verify start-up (ts-node --swc on the sources, --help)", seconds(start));
}

async function benchTests() {
  progress("npm test (once)");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  try {
    const { ms } = await timed(npm, ["test", "--silent"]);
    row("npm test (wall)", seconds(ms), "< 60 s", ms < 60_000);
  } catch (error) {
    row("npm test (wall)", `failed: ${error.message.split("\n")[0]}`, "< 60 s", false);
  }
}

module.exports = { benchPlan, benchCohorts, benchPack, benchVerify, benchTests };
