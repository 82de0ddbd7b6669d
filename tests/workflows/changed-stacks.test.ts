/**
 * The change detection of .github/workflows/changed-stacks.yml, run for real: the step's bash
 * script is taken from the workflow file and executed in a scratch git repository, the way the
 * runner does (GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, BASE from env), for each kind of change.
 * Its `npm run --silent stacks -- --json` answers with the real listing of the scratch repository
 * (tools/stack/cli.ts), computed in-process for each case.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { main as listStacks } from "../../tools/stack/cli";

const ROOT = path.resolve(__dirname, "..", "..");

interface DetectStep {
  id?: string;
  run?: string;
  env?: Record<string, string>;
}
const workflow = parseYaml(fs.readFileSync(path.join(ROOT, ".github", "workflows", "changed-stacks.yml"), "utf8")) as {
  jobs: { detect: { steps: DetectStep[] } };
};
const detect = workflow.jobs.detect.steps.find((s) => s.id === "detect");
const SCRIPT = detect?.run ?? "";

// A git that ignores the machine's and the user's configuration.
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_AUTHOR_NAME: "test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

let repo: string;

function git(...args: string[]): string {
  const r = spawnSync("git", args, { cwd: repo, env: GIT_ENV, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

function write(file: string, text = `# ${file}\n`) {
  fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  fs.writeFileSync(path.join(repo, file), text);
}

const PROJECT_FILE = "name: okta-managed-device-check\nruntime: nodejs\n";

/** The base commit every case starts from: the project's shape with two stacks. */
let base: string;

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "changed-stacks-"));
  git("init", "-q", "-b", "main");
  write("Pulumi.yaml", PROJECT_FILE);
  for (const f of ["Pulumi.dev.yaml", "Pulumi.prod.yaml", "index.ts", "components/index.ts", "policies/index.ts", "package.json", "package-lock.json", "tsconfig.json", "README.md", "docs/Pulumi.example.yaml"]) {
    write(f);
  }
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  base = git("rev-parse", "HEAD");
});

afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
});

let caseNumber = 0;
/** Starts a branch at the base commit, applies a change, commits it. */
function change(apply: () => void) {
  git("checkout", "-q", "-B", `case-${++caseNumber}`, base);
  apply();
  git("add", "-A");
  git("commit", "-q", "--allow-empty", "-m", "change");
}

interface Detection {
  status: number | null;
  stacks: string[] | undefined;
  output: string;
}

/** A stand-in `npm` that answers `npm run --silent stacks -- --json` with the given listing, and nothing else. */
function fakeNpm(bin: string, listing: { code: number; stdout: string; stderr: string }) {
  fs.writeFileSync(path.join(bin, "listing.json"), listing.stdout);
  fs.writeFileSync(path.join(bin, "listing.err"), listing.stderr);
  const expected = "run --silent stacks -- --json";
  fs.writeFileSync(path.join(bin, "npm"), `#!/bin/bash\n[ "$*" = "${expected}" ] || { echo "unexpected: npm $*" >&2; exit 99; }\ncat "${bin}/listing.json"\ncat "${bin}/listing.err" >&2\nexit ${listing.code}\n`, { mode: 0o755 });
}

async function detectStacks(baseSha: string): Promise<Detection> {
  const scratch = path.join(repo, "..", `${path.basename(repo)}-run`);
  fs.mkdirSync(scratch, { recursive: true });
  const out = path.join(scratch, "output");
  const summary = path.join(scratch, "summary");
  fs.writeFileSync(out, "");
  fs.writeFileSync(summary, "");
  let stdout = "";
  let stderr = "";
  const code = await listStacks(["--json"], {}, { stdout: { write: (t: string) => ((stdout += t), true) }, stderr: { write: (t: string) => ((stderr += t), true) } }, repo);
  fakeNpm(scratch, { code, stdout, stderr });
  const r = spawnSync("bash", ["--noprofile", "--norc", "-e", "-c", SCRIPT], {
    cwd: repo,
    env: { ...GIT_ENV, PATH: `${scratch}:${process.env.PATH}`, BASE: baseSha, GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: summary },
    encoding: "utf8",
  });
  const line = fs.readFileSync(out, "utf8").split("\n").find((l) => l.startsWith("stacks="));
  fs.rmSync(scratch, { recursive: true, force: true });
  return { status: r.status, stacks: line ? (JSON.parse(line.slice("stacks=".length)) as string[]) : undefined, output: r.stdout + r.stderr };
}

describe("changed-stacks.yml: which stacks a change runs", () => {
  it("takes its script from the workflow, reading the base only from env", () => {
    expect(SCRIPT).toContain("git diff");
    expect(detect?.env).toEqual({ BASE: "${{ inputs.base }}" });
  });

  it("a changed stack file runs that stack only", async () => {
    change(() => write("Pulumi.prod.yaml", "config: {}\n"));
    expect(await detectStacks(base)).toMatchObject({ status: 0, stacks: ["prod"] });
  });

  it("a new stack file runs the new stack", async () => {
    change(() => write("Pulumi.qa.yaml"));
    expect(await detectStacks(base)).toMatchObject({ status: 0, stacks: ["qa"] });
  });

  it("a file Pulumi would not read as a stack (another extension than the project file's) runs nothing", async () => {
    change(() => write("Pulumi.qa.yml"));
    expect(await detectStacks(base)).toMatchObject({ status: 0, stacks: [] });
  });

  it("stack files in the project's stackConfigDir are the stacks; files beside Pulumi.yaml are not", async () => {
    change(() => {
      write("Pulumi.yaml", `${PROJECT_FILE}stackConfigDir: stacks\n`);
      write("stacks/Pulumi.eu.yaml", "config: {}\n");
    });
    expect(await detectStacks(base)).toMatchObject({ status: 0, stacks: ["eu"] });
    git("checkout", "-q", "-B", `case-${++caseNumber}`, "HEAD");
    write("stacks/Pulumi.us.yaml", "config: {}\n");
    write("Pulumi.dev.yaml", "config: { changed: true }\n");
    git("add", "-A");
    git("commit", "-q", "-m", "change");
    expect(await detectStacks(git("rev-parse", "HEAD~1"))).toMatchObject({ status: 0, stacks: ["us"] });
  });

  it("documentation, and stack-like files outside the root, run nothing", async () => {
    change(() => {
      write("README.md", "changed\n");
      write("docs/Pulumi.example.yaml", "changed\n");
    });
    expect(await detectStacks(base)).toMatchObject({ status: 0, stacks: [] });
  });

  it.each(["index.ts", "components/index.ts", "policies/index.ts", "package.json", "package-lock.json", "Pulumi.yaml", "tsconfig.json"])(
    "a change to shared code (%s) runs every stack",
    async (file) => {
      change(() => write(file, file === "Pulumi.yaml" ? `${PROJECT_FILE}description: changed\n` : "changed\n"));
      expect(await detectStacks(base)).toMatchObject({ status: 0, stacks: ["dev", "prod"] });
    },
  );

  it("a project file Pulumi would refuse fails the detection with the resolver's message", async () => {
    change(() => write("Pulumi.yaml", "runtime: nodejs\n"));
    const result = await detectStacks(base);
    expect(result).toMatchObject({ status: 2, stacks: undefined });
    expect(result.output).toContain("okta-managed-device-stacks: Pulumi.yaml: project is missing a non-empty string 'name' attribute");
  });

  it("a deleted stack file runs nothing and warns that the tenant still holds its resources", async () => {
    change(() => fs.rmSync(path.join(repo, "Pulumi.dev.yaml")));
    const result = await detectStacks(base);
    expect(result).toMatchObject({ status: 0, stacks: [] });
    expect(result.output).toMatch(/::warning::Pulumi\.dev\.yaml was deleted\..*pulumi destroy --stack dev/);
  });

  it("with no usable base (first push, force push) every stack runs", async () => {
    change(() => write("README.md", "changed\n"));
    for (const missing of ["", "0000000000000000000000000000000000000000", "1234567890abcdef1234567890abcdef12345678"]) {
      expect(await detectStacks(missing)).toMatchObject({ status: 0, stacks: ["dev", "prod"] });
    }
  });

  it("refuses a stack file whose name is not a stack name, before it can reach a matrix", async () => {
    change(() => write('Pulumi.x"$(id)".yaml'));
    const result = await detectStacks(base);
    expect(result.status).not.toBe(0);
    expect(result.stacks).toBeUndefined();
    expect(result.output).toMatch(/::error::/);
  });
});
