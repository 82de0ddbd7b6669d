#!/usr/bin/env node
/**
 * npm run bench [-- --quick] [-- --runs N] [-- --only plan,cohorts,pack,verify,devices,test]
 *
 * Measures, side by side in one run (median of several runs each, the commands of a comparison
 * interleaved so that a busy machine slows both sides alike):
 *   1. plan:    the offline plan of the dev stack exactly as `npm run plan -- --stack dev` runs it
 *               (`ts-node --swc tools/plan/cli.ts --stack dev`, on the sources; node_modules/.bin/ts-node
 *               is spawned directly so that npm's own start-up is not counted) against the floor, a
 *               bare require of @pulumi/pulumi and @pulumi/okta (target: ratio <= 2.0);
 *   2. cohorts: the same plan for 1, 100 and 1,000 test users (target: 1,000 / 1 <= 3.0), in a
 *               temporary project with the shipped Pulumi.yaml (main: this checkout's index.ts) and stack files modelled on Pulumi.dev.yaml;
 *   3. pack:    the policy pack's cold start through the CLI's path (run-policy-pack spawned in the
 *               pack's folder until it prints its port), in this checkout and compiled as installed,
 *               against a bare require of @pulumi/policy (target: ratio <= 1.5) and an empty pack
 *               (the CLI's own floor for any pack), and the
 *               median Analyze time per resource over gRPC (target: < 2 ms), next to the bare round
 *               trip of a GetPluginInfo call (the protocol's own cost on this machine);
 *   4. verify:  verify's requests against the loopback tenant (tests/verify/fakeOkta.ts) for 1, 10 and
 *               100 test users (target: at most N + 20, one System Log query), and the start-up time
 *               of `npm run verify -- --help` (ts-node --swc on the sources);
 *   5. devices: `npm run devices` against the loopback tenant for 100, 1,000 and 10,000 devices, and
 *               verify of a 1,000- and 5,000-member pilot group (scripts/bench/devices.js);
 *   6. test:    the wall time of `npm test` (target: < 60 s); run last, skipped with --quick.
 * The project's TypeScript (the command layer, the capture, the stack resolver, the test support) is
 * loaded in this process with ts-node's swc mode, as `npm run plan` loads it. Nothing here leaves
 * the machine: the only sockets are on 127.0.0.1.
 */
"use strict";
const os = require("os");
const { load, rows, loadAverage, progress } = require("./bench/measure");
const { benchPlan, benchCohorts, benchPack, benchVerify, benchTests } = require("./bench/parts");

const PARTS = ["plan", "cohorts", "pack", "verify", "devices", "test"];
const USAGE = "usage: npm run bench [-- --quick] [-- --runs N] [-- --only plan,cohorts,pack,verify,devices,test]";

/** The command line, through the commands' own layer (tools/command.ts: util.parseArgs, strict). */
function parseArgs(argv) {
  const { parseOptions, UsageError, TEXT, FLAG, ExitCode } = load("tools", "command");
  const fail = (message) => {
    process.stderr.write(`bench: ${message}\n${USAGE}\n`);
    process.exit(ExitCode.usage);
  };
  let options;
  try {
    options = parseOptions(argv, { quick: FLAG, runs: TEXT, only: TEXT, help: { ...FLAG, short: "h" } });
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(ExitCode.ok);
  }
  const args = { runs: 7, parts: new Set(PARTS) };
  if (options.runs !== undefined) {
    args.runs = /^\s*\d+\s*$/.test(options.runs) ? Number(options.runs) : NaN;
    if (!Number.isInteger(args.runs) || args.runs < 1) fail("--runs: expected a whole number of at least 1");
  }
  if (options.only !== undefined) {
    const only = options.only.split(",").map((part) => part.trim());
    const unknown = only.filter((part) => !PARTS.includes(part));
    if (unknown.length > 0) fail(`--only: unknown part ${unknown.join(", ")} (parts: ${PARTS.join(", ")})`);
    args.parts = new Set(only);
  }
  if (options.quick) args.parts.delete("test");
  return args;
}

function printTable(args) {
  const header = { measure: "measure", value: "value", target: "target", verdict: "" };
  const all = [header, ...rows];
  const w = ["measure", "value", "target"].map((k) => Math.max(...all.map((r) => String(r[k]).length)));
  const line = (r) => `${r.measure.padEnd(w[0])}  ${String(r.value).padEnd(w[1])}  ${String(r.target).padEnd(w[2])}  ${r.verdict}`.trimEnd();
  const skipped = PARTS.filter((part) => !args.parts.has(part));
  const fewer = ["cohorts", "pack", "verify", "devices"].filter((part) => args.parts.has(part));
  const runs = fewer.length > 0 && shortRuns(args.runs) !== args.runs ? `${args.runs} runs (${fewer.join(", ")}: ${shortRuns(args.runs)})` : `${args.runs} runs`;
  process.stdout.write(
    [
      `npm run bench: ${os.cpus().length} cores, node ${process.version}; medians of ${runs}`,
      `load average (1, 5, 15 min): ${args.loadAtStart} at the start, ${loadAverage()} at the end`,
      line(header),
      "-".repeat(w[0] + w[1] + w[2] + 10),
      ...rows.map(line),
      ...(skipped.length > 0 ? [`(skipped: ${skipped.join(", ")})`] : []),
    ].join("\n") + "\n",
  );
}

/** The longer measures run about half as often. */
const shortRuns = (runs) => Math.max(3, Math.ceil(runs / 2));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  args.loadAtStart = loadAverage();
  progress(`starting on ${os.cpus().length} cores`);
  if (args.parts.has("plan")) await benchPlan(args.runs);
  if (args.parts.has("cohorts")) await benchCohorts(shortRuns(args.runs));
  if (args.parts.has("pack")) await benchPack(shortRuns(args.runs));
  if (args.parts.has("verify")) await benchVerify(shortRuns(args.runs));
  if (args.parts.has("devices")) await require("./bench/devices").benchDevices(shortRuns(args.runs));
  if (args.parts.has("test")) await benchTests();
  printTable(args);
  process.exitCode = rows.some((r) => r.verdict === "MISS") ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error && error.message ? error.message : String(error)}\n`);
  process.exit(1);
});
