/**
 * The workflow files under .github/workflows/, parsed, and a runner for a step's script: bash -e
 * (the runner's default shell), the step's env (values the test gives, literals from the file, ""
 * for an expression the test leaves out, as for an unset secret), GITHUB_OUTPUT, GITHUB_ENV and
 * GITHUB_STEP_SUMMARY files, and stand-in commands that record their arguments, print a given text
 * and exit with a given code.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";

export const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOW_DIR = path.join(ROOT, ".github", "workflows");

export type Dict = Record<string, unknown>;
export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Dict;
  env?: Record<string, string>;
  if?: string;
}
export interface Job {
  name?: string;
  uses?: string;
  with?: Dict;
  secrets?: unknown;
  if?: string;
  needs?: string | string[];
  environment?: string;
  permissions?: Dict;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  strategy?: { matrix?: Dict; "fail-fast"?: boolean };
  "timeout-minutes"?: number;
  steps?: Step[];
}
interface Workflow {
  on: Dict;
  permissions?: Dict;
  jobs: Record<string, Job>;
}

export const FILES = fs.readdirSync(WORKFLOW_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
export const SOURCES = Object.fromEntries(FILES.map((f) => [f, fs.readFileSync(path.join(WORKFLOW_DIR, f), "utf8")]));
export const WORKFLOWS: Record<string, Workflow> = Object.fromEntries(FILES.map((f) => [f, parseYaml(SOURCES[f]) as Workflow]));

/** Every job of every workflow, as [file, job id, job]. */
export const ALL_JOBS = FILES.flatMap((file) => Object.entries(WORKFLOWS[file].jobs).map(([id, job]): [string, string, Job] => [file, id, job]));

export function job(file: string, id: string): Job {
  const found = WORKFLOWS[file]?.jobs[id];
  if (!found) throw new Error(`${file} has no job ${id}`);
  return found;
}
export function step(j: Job, name: string): Step {
  const found = (j.steps ?? []).find((s) => s.name === name);
  if (!found) throw new Error(`no step named "${name}"`);
  return found;
}
export const pulumiAction = (j: Job) => (j.steps ?? []).find((s) => /^pulumi\/actions@/.test(s.uses ?? "") && s.with?.command);

/** The npm commands of a job's scripts, one per line, without redirections and pipes. */
export const npmCommands = (j: Job) =>
  (j.steps ?? []).flatMap((s) => (s.run ?? "").split("\n").map((l) => l.trim()).filter((l) => /^npm /.test(l)).map((l) => l.split(/ (?:\||2?>)/)[0]));

interface Fake {
  exit?: number;
  stdout?: string;
}
interface StepRun {
  status: number | null;
  log: string;
  summary: string;
  outputs: Record<string, string>;
  /** What the script appended to GITHUB_ENV, for the job's later steps. */
  exported: Record<string, string>;
  calls: string[][];
  file(name: string): string | undefined;
}

export function runStep(s: Step, options: { env?: Record<string, string>; fakes?: Record<string, Fake>; files?: Record<string, string> } = {}): StepRun {
  const given = options.env ?? {};
  const declared = s.env ?? {};
  for (const key of Object.keys(given)) if (!(key in declared)) throw new Error(`the step does not pass ${key}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflow-step-"));
  try {
    const work = path.join(dir, "work");
    const bin = path.join(dir, "bin");
    fs.mkdirSync(work);
    fs.mkdirSync(bin);
    for (const [name, text] of Object.entries(options.files ?? {})) fs.writeFileSync(path.join(work, name), text);
    for (const [name, fake] of Object.entries(options.fakes ?? {})) {
      fs.writeFileSync(path.join(bin, `${name}.out`), fake.stdout ?? "");
      const script = `#!/bin/bash\n{ printf '%s' ${name}; printf '\\x1f%s' "$@"; printf '\\x1e'; } >> "${dir}/calls"\ncat "${bin}/${name}.out"\nexit ${fake.exit ?? 0}\n`;
      fs.writeFileSync(path.join(bin, name), script, { mode: 0o755 });
    }
    for (const name of ["calls", "output", "env", "summary"]) fs.writeFileSync(path.join(dir, name), "");
    const env: Record<string, string> = { PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: path.join(dir, "output"), GITHUB_ENV: path.join(dir, "env"), GITHUB_STEP_SUMMARY: path.join(dir, "summary") };
    for (const [key, value] of Object.entries(declared)) env[key] = given[key] ?? (String(value).includes("${{") ? "" : String(value));
    const r = spawnSync("bash", ["--noprofile", "--norc", "-e", "-c", s.run ?? "exit 99"], { cwd: work, env, encoding: "utf8" });
    const read = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");
    const files = Object.fromEntries(fs.readdirSync(work).map((name) => [name, fs.readFileSync(path.join(work, name), "utf8")]));
    const keyValues = (name: string) => Object.fromEntries(read(name).split("\n").filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
    return {
      status: r.status,
      log: r.stdout + r.stderr,
      summary: read("summary"),
      outputs: keyValues("output"),
      exported: keyValues("env"),
      calls: read("calls").split("\x1e").filter(Boolean).map((call) => call.split("\x1f")),
      file: (name) => files[name],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

