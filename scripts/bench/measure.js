"use strict";
// The measuring tools of `npm run bench`: commands timed to completion, interleaved runs, medians,
// the project's TypeScript loaded as `ts-node --swc` loads it, and the table's rows.
const { spawn } = require("child_process");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
// What `npm run plan` / `npm run verify` run, minus npm itself.
const TS_NODE = path.join(ROOT, "node_modules", ".bin", process.platform === "win32" ? "ts-node.cmd" : "ts-node");

/** The project's TypeScript, loaded as `ts-node --swc` loads it (transpiled, types not checked); once per process. */
function registerTypeScript() {
  if (require.extensions[".ts"]) return;
  require("ts-node").register({ swc: true, project: path.join(ROOT, "tsconfig.json"), compilerOptions: { module: "commonjs" } });
}
const load = (...segments) => {
  registerTypeScript();
  return require(path.join(ROOT, ...segments));
};


const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const elapsedMs = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const progress = (text) => process.stderr.write(`bench: ${text} [load average ${loadAverage()}]\n`);

/** Runs a command to completion; resolves with its wall time in ms. Rejects on an unexpected exit code. */
function timed(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = elapsedMs(start);
      if (!(options.expect ?? [0]).includes(code)) reject(new Error(`${path.basename(command)} ${args.join(" ")} exited ${code}:\n${output.slice(-2000)}`));
      else resolve({ ms, output });
    });
  });
}

/** Runs several commands interleaved, `runs` times each after one warm-up round; returns the medians in ms. */
async function interleaved(commands, runs) {
  const samples = commands.map(() => []);
  for (let round = -1; round < runs; round++) {
    for (const [i, c] of commands.entries()) {
      const { ms } = await timed(c.command, c.args, c);
      if (round >= 0) samples[i].push(ms);
    }
  }
  return samples.map(median);
}

const rows = [];
function row(measure, value, target, pass) {
  rows.push({ measure, value, target: target ?? "", verdict: pass === undefined ? "" : pass ? "PASS" : "MISS" });
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

module.exports = { ROOT, TS_NODE, load, median, elapsedMs, seconds, progress, timed, interleaved, rows, row, loadAverage };
