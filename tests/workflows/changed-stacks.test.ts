/**
 * The change detection of .github/workflows/changed-stacks.yml, run for real: the step's bash
 * script is taken from the workflow file and executed in a scratch git repository, the way the
 * runner does (GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, BASE from env), for each kind of change.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";

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

/** The base commit every case starts from: the project's shape with two stacks. */
let base: string;

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "changed-stacks-"));
  git("init", "-q", "-b", "main");
  for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "index.ts", "components/index.ts", "policies/index.ts", "package.json", "package-lock.json", "tsconfig.json", "README.md", "docs/Pulumi.example.yaml"]) {
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

function detectStacks(baseSha: string): Detection {
  const out = path.join(repo, "..", `${path.basename(repo)}-output`);
  const summary = path.join(repo, "..", `${path.basename(repo)}-summary`);
  fs.writeFileSync(out, "");
  fs.writeFileSync(summary, "");
  const r = spawnSync("bash", ["--noprofile", "--norc", "-e", "-c", SCRIPT], {
    cwd: repo,
    env: { ...GIT_ENV, BASE: baseSha, GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: summary },
    encoding: "utf8",
  });
  const line = fs.readFileSync(out, "utf8").split("\n").find((l) => l.startsWith("stacks="));
  fs.rmSync(out);
  fs.rmSync(summary);
  return { status: r.status, stacks: line ? (JSON.parse(line.slice("stacks=".length)) as string[]) : undefined, output: r.stdout + r.stderr };
}

describe("changed-stacks.yml: which stacks a change runs", () => {
  it("takes its script from the workflow, reading the base only from env", () => {
    expect(SCRIPT).toContain("git diff");
    expect(detect?.env).toEqual({ BASE: "${{ inputs.base }}" });
  });

  it("a changed stack file runs that stack only", () => {
    change(() => write("Pulumi.prod.yaml", "config: {}\n"));
    expect(detectStacks(base)).toMatchObject({ status: 0, stacks: ["prod"] });
  });

  it("a new stack file runs the new stack", () => {
    change(() => write("Pulumi.qa.yml"));
    expect(detectStacks(base)).toMatchObject({ status: 0, stacks: ["qa"] });
  });

  it("documentation, and stack-like files outside the root, run nothing", () => {
    change(() => {
      write("README.md", "changed\n");
      write("docs/Pulumi.example.yaml", "changed\n");
    });
    expect(detectStacks(base)).toMatchObject({ status: 0, stacks: [] });
  });

  it.each(["index.ts", "components/index.ts", "policies/index.ts", "package.json", "package-lock.json", "Pulumi.yaml", "tsconfig.json"])(
    "a change to shared code (%s) runs every stack",
    (file) => {
      change(() => write(file, "changed\n"));
      expect(detectStacks(base)).toMatchObject({ status: 0, stacks: ["dev", "prod"] });
    },
  );

  it("a deleted stack file runs nothing and warns that the tenant still holds its resources", () => {
    change(() => fs.rmSync(path.join(repo, "Pulumi.dev.yaml")));
    const result = detectStacks(base);
    expect(result).toMatchObject({ status: 0, stacks: [] });
    expect(result.output).toMatch(/::warning::Pulumi\.dev\.yaml was deleted\..*pulumi destroy --stack dev/);
  });

  it("with no usable base (first push, force push) every stack runs", () => {
    change(() => write("README.md", "changed\n"));
    for (const missing of ["", "0000000000000000000000000000000000000000", "1234567890abcdef1234567890abcdef12345678"]) {
      expect(detectStacks(missing)).toMatchObject({ status: 0, stacks: ["dev", "prod"] });
    }
  });

  it("refuses a stack file whose name is not a stack name, before it can reach a matrix", () => {
    change(() => write('Pulumi.x"$(id)".yaml'));
    const result = detectStacks(base);
    expect(result.status).not.toBe(0);
    expect(result.stacks).toBeUndefined();
    expect(result.output).toMatch(/::error::/);
  });
});
