/**
 * The GitHub Actions workflows under .github/workflows/:
 *  1. each one is valid against the GitHub workflow schema (@action-validator/core);
 *  2. the commands they run are the ones README.md documents, and the policy pack they name exists;
 *  3. secrets hygiene, concurrency per stack, minimal permissions, pinned actions;
 *  4. each workflow does what the project promises (fork-safe tests, preview on pull requests,
 *     up on merge, destroy behind a preview and an approval).
 * Every checker used here is also run against a broken workflow, so each assertion can fail.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { validateWorkflow } from "@action-validator/core";
import { parse as parseYaml } from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOW_DIR = path.join(ROOT, ".github", "workflows");
const README = path.join(ROOT, "README.md");

// ---------------------------------------------------------------------------------------------
// The workflow model: only what the checks read.

type Dict = Record<string, unknown>;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Dict;
  env?: Dict;
  if?: string;
}

interface Job {
  name?: string;
  "runs-on"?: string;
  uses?: string;
  with?: Dict;
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string };
  permissions?: string | Dict;
  concurrency?: string | { group: string; "cancel-in-progress"?: boolean | string };
  strategy?: { matrix?: Dict; "fail-fast"?: boolean };
  env?: Dict;
  secrets?: unknown;
  steps?: Step[];
}

interface Workflow {
  name?: string;
  on: Dict;
  permissions?: string | Dict;
  concurrency?: unknown;
  env?: Dict;
  jobs: Record<string, Job>;
}

interface WorkflowFile {
  file: string;
  source: string;
  workflow: Workflow;
}

function parseWorkflow(file: string, source: string): WorkflowFile {
  return { file, source, workflow: parseYaml(source) as Workflow };
}

function loadWorkflows(): WorkflowFile[] {
  return fs
    .readdirSync(WORKFLOW_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => parseWorkflow(f, fs.readFileSync(path.join(WORKFLOW_DIR, f), "utf8")));
}

const workflows = loadWorkflows();
const byFile = (file: string): Workflow => {
  const found = workflows.find((w) => w.file === file);
  if (!found) throw new Error(`.github/workflows/${file} is missing`);
  return found.workflow;
};
const stepsOf = (job: Job): Step[] => job.steps ?? [];
const isPulumiAction = (step: Step) => /^pulumi\/actions@/.test(step.uses ?? "");

// ---------------------------------------------------------------------------------------------
// Shell commands: a small tokenizer that respects quotes, enough to find the npm/pulumi commands
// in a run: script or in a README code block.

/** Splits a script into simple commands (on unquoted newlines, ;, &&, ||, |), each a list of words. */
function simpleCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: '"' | "'" | null = null;
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < script.length) word += script[++i];
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && script[i + 1] === "\n") {
      i++; // line continuation
    } else if (c === "\\" && i + 1 < script.length) {
      word += script[++i];
      inWord = true;
    } else if (c === "#" && !inWord) {
      while (i + 1 < script.length && script[i + 1] !== "\n") i++; // comment
    } else if (c === "\n" || c === ";") {
      endCommand();
    } else if (c === "&" && script[i + 1] === "&") {
      i++;
      endCommand();
    } else if (c === "|") {
      if (script[i + 1] === "|") i++;
      endCommand();
    } else if (c === " " || c === "\t") {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

const PLACEHOLDER = /^<[^<>\s]+>$/;
const REDIRECT_ALONE = /^\d*(>>?|<)$/;
const REDIRECT_WITH_TARGET = /^\d*(>>?|<)&?\S+$/;
/** Flags that only say where or how a command runs in CI, not what it does. */
const FLAGS_WITH_VALUE = new Set(["--stack", "-s", "--color", "--cwd", "-C"]);
const FLAGS_ALONE = new Set(["--non-interactive", "--yes", "-y", "--skip-preview", "--diff", "--suppress-progress"]);

/** A command as the README and the workflows can both write it: CI plumbing flags and redirections dropped. */
function normalizeCommand(words: string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (PLACEHOLDER.test(w)) {
      kept.push(w);
    } else if (REDIRECT_ALONE.test(w)) {
      i++;
    } else if (REDIRECT_WITH_TARGET.test(w)) {
      continue;
    } else if (FLAGS_WITH_VALUE.has(w)) {
      i++;
    } else if (FLAGS_ALONE.has(w) || [...FLAGS_WITH_VALUE].some((f) => w.startsWith(`${f}=`))) {
      continue;
    } else {
      kept.push(w);
    }
  }
  return kept.join(" ");
}

const RELEVANT = /^(npm|npx|pulumi)$/;

/** The npm and pulumi commands of a shell script, normalized. */
function commandsInScript(script: string): string[] {
  return simpleCommands(script)
    .filter((words) => RELEVANT.test(words[0]))
    .map(normalizeCommand);
}

/** The command a pulumi/actions step runs, as the CLI would spell it; undefined for install-only. */
function pulumiActionCommand(step: Step): string | undefined {
  const command = step.with?.command;
  if (typeof command !== "string" || command === "") return undefined;
  const words = ["pulumi", command];
  const packs = step.with?.policyPacks;
  if (typeof packs === "string") {
    for (const pack of packs.split(/[\n;]/).map((p) => p.trim()).filter(Boolean)) words.push("--policy-pack", pack);
  }
  return normalizeCommand(words);
}

interface WorkflowCommand {
  file: string;
  job: string;
  step: string;
  command: string;
}

function workflowCommands(files: WorkflowFile[]): WorkflowCommand[] {
  const out: WorkflowCommand[] = [];
  for (const { file, workflow } of files) {
    for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
      for (const step of stepsOf(job)) {
        const label = step.name ?? step.id ?? step.uses ?? "step";
        if (typeof step.run === "string") {
          for (const command of commandsInScript(step.run)) out.push({ file, job: jobId, step: label, command });
        }
        if (isPulumiAction(step)) {
          const command = pulumiActionCommand(step);
          if (command) out.push({ file, job: jobId, step: label, command });
        }
      }
    }
  }
  return out;
}

/** The commands in README.md's fenced shell code blocks (```sh, ```bash, ```shell, ```console), normalized. */
function readmeCommands(markdown: string): Set<string> {
  const found = new Set<string>();
  const fence = /^[ \t]*```(sh|bash|shell|console)[ \t]*\n([\s\S]*?)^[ \t]*```[ \t]*$/gm;
  for (const match of markdown.matchAll(fence)) {
    const body = match[2]
      .split("\n")
      .map((line) => line.replace(/^\s*\$\s+/, ""))
      .join("\n");
    for (const command of commandsInScript(body)) found.add(command);
  }
  return found;
}

function missingFromReadme(commands: WorkflowCommand[], markdown: string): WorkflowCommand[] {
  const documented = readmeCommands(markdown);
  return commands.filter((c) => !documented.has(c.command));
}

// ---------------------------------------------------------------------------------------------
// Hygiene checks. Each returns a list of problems; [] means clean.

const ALLOWED_SECRETS = new Set([
  "PULUMI_ACCESS_TOKEN",
  "PULUMI_CONFIG_PASSPHRASE",
  "OKTA_API_TOKEN",
  "OKTA_API_CLIENT_ID",
  "OKTA_API_PRIVATE_KEY",
  "OKTA_API_PRIVATE_KEY_ID",
  "OKTA_API_SCOPES",
]);
const SECRET_IN_ENV = /^\$\{\{\s*secrets\.([A-Za-z0-9_]+)\s*\}\}$/;

/** Every string in a YAML document with the path that leads to it. */
function strings(value: unknown, at: (string | number)[] = []): { at: (string | number)[]; value: string }[] {
  if (typeof value === "string") return [{ at, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...at, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, [...at, k]));
  return [];
}

/** Secrets only as `NAME: ${{ secrets.NAME }}` in a step's env:, only the provider's and Pulumi's. */
function secretPlacementProblems(file: string, workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const { at, value } of strings(workflow)) {
    if (!/secrets\./.test(value)) continue;
    const where = `${file}: ${at.join(".")}`;
    const isStepEnv = at.length === 6 && at[0] === "jobs" && at[2] === "steps" && at[4] === "env";
    if (!isStepEnv) {
      problems.push(`${where}: a secrets. expression outside a step's env:`);
      continue;
    }
    const match = SECRET_IN_ENV.exec(value.trim());
    const name = String(at[5]);
    if (!match) problems.push(`${where}: a step env value must be exactly \${{ secrets.${name} }}`);
    else if (match[1] !== name) problems.push(`${where}: secret ${match[1]} is exposed under another name (${name})`);
    else if (!ALLOWED_SECRETS.has(name)) problems.push(`${where}: ${name} is not one of the provider's or Pulumi's variables`);
  }
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    if (job.secrets !== undefined) problems.push(`${file}: jobs.${jobId}.secrets: secrets are not passed to called workflows`);
  }
  return problems;
}

/** Run scripts never print secrets, never interpolate ${{ }} (script injection), never trace. */
function scriptProblems(file: string, workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    stepsOf(job).forEach((step, index) => {
      if (typeof step.run !== "string") return;
      const where = `${file}: jobs.${jobId}.steps[${index}] (${step.name ?? "unnamed"})`;
      if (/secrets\./.test(step.run)) problems.push(`${where}: the script reads secrets.* directly`);
      if (/\$\{\{/.test(step.run)) problems.push(`${where}: the script interpolates \${{ }}; pass the value through env:`);
      const secretVars = Object.entries(step.env ?? {})
        .filter(([, v]) => typeof v === "string" && /secrets\./.test(v))
        .map(([k]) => k);
      if (secretVars.length && /\bset\s+(-[a-z]*x|-o\s+xtrace)/.test(step.run)) problems.push(`${where}: set -x would print the secrets`);
      for (const line of step.run.split("\n")) {
        for (const name of secretVars) {
          const mention = new RegExp(`\\$\\{?${name}\\b`);
          if (!mention.test(line)) continue;
          const presenceTest = new RegExp(`^\\s*(if\\s+)?\\[\\s+-[nz]\\s+"\\$\\{?${name}\\}?"\\s+\\]`);
          if (/\b(echo|printf|tee|cat)\b/.test(line) || !presenceTest.test(line)) {
            problems.push(`${where}: the script uses the value of ${name} (only [ -n "$${name}" ] is allowed)`);
          }
        }
      }
    });
  }
  return problems;
}

/** Does the job operate on a stack? */
function touchesStack(job: Job): boolean {
  if (job.strategy?.matrix && "stack" in job.strategy.matrix) return true;
  return stepsOf(job).some((s) => isPulumiAction(s) || (typeof s.run === "string" && simpleCommands(s.run).some((w) => w[0] === "pulumi")));
}

function stackCommands(job: Job): string[] {
  return stepsOf(job).flatMap((s) => [
    ...(typeof s.run === "string" ? commandsInScript(s.run).filter((c) => c.startsWith("pulumi ")) : []),
    ...(isPulumiAction(s) ? [pulumiActionCommand(s) ?? ""].filter(Boolean) : []),
  ]);
}

const STACK_EXPRESSION = /\$\{\{\s*(matrix|inputs)\.stack\s*\}\}/;

/** Every job that touches a stack is in a concurrency group named after the stack; up/destroy never cancel. */
function concurrencyProblems(file: string, workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    if (!touchesStack(job)) continue;
    const where = `${file}: jobs.${jobId}`;
    const c = job.concurrency;
    const group = typeof c === "string" ? c : c?.group;
    if (typeof group !== "string" || !STACK_EXPRESSION.test(group)) {
      problems.push(`${where}: touches a stack but its concurrency group does not contain the stack`);
      continue;
    }
    const changesTenant = stackCommands(job).some((cmd) => /^pulumi (up|update|destroy)\b/.test(cmd));
    const cancel = typeof c === "object" ? c["cancel-in-progress"] : undefined;
    if (changesTenant && cancel !== false) problems.push(`${where}: an update or destroy must set cancel-in-progress: false`);
  }
  return problems;
}

/** Reads everything by default; writes only to comment on the pull request, where a job does. */
function permissionProblems(file: string, workflow: Workflow): string[] {
  const problems: string[] = [];
  const top = workflow.permissions;
  if (typeof top !== "object" || top === null || Object.keys(top).length !== 1 || (top as Dict).contents !== "read") {
    problems.push(`${file}: the workflow's permissions must be exactly { contents: read }`);
  }
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    if (job.permissions === undefined) continue;
    if (typeof job.permissions !== "object") {
      problems.push(`${file}: jobs.${jobId}.permissions: ${String(job.permissions)} is not minimal`);
      continue;
    }
    const comments = stepsOf(job).some(
      (s) => (isPulumiAction(s) && String(s.with?.["comment-on-pr"]) === "true") || (typeof s.run === "string" && /\bgh pr comment\b/.test(s.run)),
    );
    for (const [scope, level] of Object.entries(job.permissions)) {
      if (level === "read" || level === "none") continue;
      if (scope === "pull-requests" && level === "write" && comments) continue;
      problems.push(`${file}: jobs.${jobId}.permissions: ${scope}: ${String(level)} is not needed`);
    }
  }
  return problems;
}

const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@([0-9a-f]{40}|v\d+\.\d+\.\d+)$/;

/** Every action pinned to a commit or an exact release; Node 20 with the npm cache. */
function actionProblems(file: string, workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    const uses = [job.uses, ...stepsOf(job).map((s) => s.uses)].filter((u): u is string => typeof u === "string");
    for (const u of uses) {
      if (u.startsWith("./")) continue;
      if (!PINNED.test(u)) problems.push(`${file}: jobs.${jobId}: ${u} is not pinned to a commit or an exact version`);
    }
    for (const step of stepsOf(job)) {
      if (/^actions\/setup-node@/.test(step.uses ?? "")) {
        if (String(step.with?.["node-version"]) !== "20") problems.push(`${file}: jobs.${jobId}: setup-node must use node-version 20`);
        if (step.with?.cache !== "npm") problems.push(`${file}: jobs.${jobId}: setup-node must use cache: npm`);
      }
      if (/^actions\/checkout@/.test(step.uses ?? "") && step.with?.["persist-credentials"] !== false) {
        problems.push(`${file}: jobs.${jobId}: checkout must set persist-credentials: false`);
      }
    }
  }
  return problems;
}

/** A job that runs the program (a pulumi command) installs the dependencies first, with npm ci. */
function installProblems(file: string, workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    const steps = stepsOf(job);
    const firstPulumi = steps.findIndex((s) => (isPulumiAction(s) && pulumiActionCommand(s)) || (typeof s.run === "string" && commandsInScript(s.run).some((c) => c.startsWith("pulumi "))));
    if (firstPulumi < 0) continue;
    const npmCi = steps.findIndex((s) => typeof s.run === "string" && commandsInScript(s.run).includes("npm ci"));
    if (npmCi < 0 || npmCi > firstPulumi) problems.push(`${file}: jobs.${jobId}: npm ci must run before Pulumi`);
  }
  return problems;
}

const ALL_CHECKS = [secretPlacementProblems, scriptProblems, concurrencyProblems, permissionProblems, actionProblems, installProblems];

// ---------------------------------------------------------------------------------------------

describe("the workflow files", () => {
  it("are the four the project documents", () => {
    expect(workflows.map((w) => w.file)).toEqual(["changed-stacks.yml", "deploy.yml", "destroy.yml", "pull-request.yml"]);
  });
});

describe("GitHub workflow schema (@action-validator/core)", () => {
  it.each(workflows.map((w) => [w.file, w.source]))("%s validates with no errors", (_file, source) => {
    const result = validateWorkflow(source);
    expect(result.actionType).toBe("workflow");
    expect(result.errors).toEqual([]);
  });

  it("reports a broken workflow: a misspelt key, a bad value, a YAML error, an unknown job in needs", () => {
    const source = workflows.find((w) => w.file === "deploy.yml")!.source;
    const broken = {
      misspeltKey: source.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"),
      badPermission: source.replace("contents: read", "contents: admin"),
      badCancel: source.replace("cancel-in-progress: false", "cancel-in-progress: maybe"),
      yamlError: source.replace("branches: [main]", "branches: [main"),
      unknownNeed: source.replace("needs: [test, changes, credentials]", "needs: [test, changes, credential]"),
    };
    for (const [what, text] of Object.entries(broken)) {
      expect([what, text === source]).toEqual([what, false]);
      expect([what, validateWorkflow(text).errors.length > 0]).toEqual([what, true]);
    }
    expect(validateWorkflow(broken.yamlError).errors[0].code).toBe("parse_error");
  });
});

describe("the commands the workflows run are the ones README.md documents", () => {
  const commands = workflowCommands(workflows);
  const readme = fs.readFileSync(README, "utf8");

  it("finds the project's commands in the workflows", () => {
    const run = new Set(commands.map((c) => c.command));
    for (const expected of [
      "npm ci",
      "npm test",
      "npm run plan -- --all",
      "pulumi preview --policy-pack policies",
      "pulumi up --policy-pack policies",
      "pulumi destroy --preview-only",
      "pulumi destroy",
    ]) {
      expect([expected, run.has(expected)]).toEqual([expected, true]);
    }
  });

  it("documents every workflow command in a README shell code block", () => {
    expect(missingFromReadme(commands, readme)).toEqual([]);
  });

  it("has the GitOps section with its shell blocks between the markers", () => {
    const section = /<!-- section:gitops -->([\s\S]*?)<!-- \/section:gitops -->/.exec(readme)?.[1] ?? "";
    const documented = readmeCommands(section);
    for (const c of commands) expect([c.command, documented.has(c.command)]).toEqual([c.command, true]);
    for (const c of ["pulumi stack init <name>", "pulumi config set --secret okta:apiToken", "pulumi stack rm <name>"]) {
      expect([c, documented.has(c)]).toEqual([c, true]);
    }
  });

  it("names a policy pack that exists (policies/PulumiPolicy.yaml)", () => {
    const packs = new Set(
      commands.flatMap((c) => {
        const words = c.command.split(" ");
        return words.flatMap((w, i) => (w === "--policy-pack" ? [words[i + 1]] : []));
      }),
    );
    expect([...packs]).toEqual(["policies"]);
    for (const pack of packs) expect(fs.existsSync(path.join(ROOT, pack, "PulumiPolicy.yaml"))).toBe(true);
  });

  it("runs only npm scripts that package.json defines", () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const used = commands.map((c) => /^npm run ([\w:-]+)/.exec(c.command)?.[1]).filter((s): s is string => s !== undefined);
    expect(used.length).toBeGreaterThan(0);
    for (const script of used) expect([script, script in scripts]).toEqual([script, true]);
  });

  it("reports a command the README does not document (the check can fail)", () => {
    const withoutUp = readme.split("\n").filter((line) => !/^\s*pulumi up\b/.test(line)).join("\n");
    const missing = missingFromReadme(commands, withoutUp).map((c) => c.command);
    expect(missing).toContain("pulumi up --policy-pack policies");
    const renamed = missingFromReadme([{ file: "x.yml", job: "j", step: "s", command: "pulumi up --policy-pack other-pack" }], readme);
    expect(renamed).toHaveLength(1);
  });

  it("reads shell the way a shell does: quotes, pipes, redirections, placeholders, CI-only flags", () => {
    expect(commandsInScript('set -o pipefail\nnpm run plan -- --all 2>&1 | tee plan.txt')).toEqual(["npm run plan -- --all"]);
    expect(commandsInScript('pulumi destroy --preview-only --stack "${PULUMI_ORG:+$PULUMI_ORG/}$STACK" --non-interactive --color never > out.txt')).toEqual([
      "pulumi destroy --preview-only",
    ]);
    expect(commandsInScript("pulumi config set --stack <name> --secret okta:privateKey < key.pem # comment")).toEqual([
      "pulumi config set --secret okta:privateKey",
    ]);
    expect(commandsInScript('echo "do not run; pulumi up here" && npm ci')).toEqual(["npm ci"]);
    expect(readmeCommands("text\n```sh\n$ pulumi destroy --stack <name>\n```\n```yaml\nnpm test\n```\n")).toEqual(new Set(["pulumi destroy"]));
  });
});

describe("secrets, concurrency, permissions and pinning", () => {
  it.each(workflows.map((w): [string, Workflow] => [w.file, w.workflow]))("%s passes every hygiene check", (file, workflow) => {
    expect(ALL_CHECKS.flatMap((check) => check(file, workflow))).toEqual([]);
  });

  it("gives secrets to Pulumi steps only, never to the tests of a pull request", () => {
    const pr = byFile("pull-request.yml");
    expect(JSON.stringify(pr.jobs.test)).not.toMatch(/secrets\./);
    expect(pr.jobs.test.if).toBeUndefined();
    for (const { file, workflow } of workflows) {
      for (const [jobId, job] of Object.entries(workflow.jobs)) {
        for (const step of stepsOf(job)) {
          const hasSecrets = /secrets\./.test(JSON.stringify(step.env ?? {}));
          if (!hasSecrets) continue;
          const isPulumi = isPulumiAction(step) || (typeof step.run === "string" && /\bpulumi\b/.test(step.run));
          const isPresenceCheck = step.id === "check" && typeof step.run === "string" && !commandsInScript(step.run).length;
          expect([file, jobId, step.name, isPulumi || isPresenceCheck]).toEqual([file, jobId, step.name, true]);
        }
      }
    }
  });

  it("serializes updates and destroys of a stack across workflows (one group name)", () => {
    const group = (job: Job) => (typeof job.concurrency === "object" ? job.concurrency.group : job.concurrency)?.replace(STACK_EXPRESSION, "<stack>");
    const up = byFile("deploy.yml").jobs.up;
    const destroy = byFile("destroy.yml").jobs;
    expect(group(up)).toBe("okta-stack-<stack>");
    expect(group(destroy["preview-destroy"])).toBe("okta-stack-<stack>");
    expect(group(destroy.destroy)).toBe("okta-stack-<stack>");
  });

  describe("each check reports a broken workflow", () => {
    const broken = parseYaml(`
on: push
permissions: write-all
env:
  LEAK: \${{ secrets.OKTA_API_TOKEN }}
jobs:
  up:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    strategy:
      matrix:
        stack: [dev]
    concurrency:
      group: deploy
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 18
      - run: echo "\${{ secrets.OKTA_API_TOKEN }}"
      - run: |
          set -x
          echo "$OKTA_API_TOKEN"
          pulumi up --stack \${{ matrix.stack }}
        env:
          OKTA_API_TOKEN: \${{ secrets.OKTA_API_TOKEN }}
          TOKEN: \${{ secrets.PULUMI_ACCESS_TOKEN }}
          GITHUB: \${{ secrets.GITHUB_TOKEN }}
      - uses: pulumi/actions@main
        with:
          command: destroy
          stack-name: \${{ matrix.stack }}
          github-token: \${{ secrets.GITHUB_TOKEN }}
  other:
    uses: ./.github/workflows/changed-stacks.yml
    secrets: inherit
`) as Workflow;
    const all = (check: (f: string, w: Workflow) => string[]) => check("broken.yml", broken).join("\n");

    it("secret placement", () => {
      const found = all(secretPlacementProblems);
      expect(found).toMatch(/env\.LEAK: a secrets\. expression outside a step's env:/);
      expect(found).toMatch(/steps\.2\.run: a secrets\. expression outside/);
      expect(found).toMatch(/with\.github-token: a secrets\. expression outside/);
      expect(found).toMatch(/secret PULUMI_ACCESS_TOKEN is exposed under another name \(TOKEN\)/);
      expect(found).toMatch(/GITHUB_TOKEN is exposed under another name|GITHUB: /);
      expect(found).toMatch(/jobs\.other\.secrets/);
    });

    it("scripts", () => {
      const found = all(scriptProblems);
      expect(found).toMatch(/reads secrets\.\* directly/);
      expect(found).toMatch(/interpolates \$\{\{ \}\}/);
      expect(found).toMatch(/set -x would print the secrets/);
      expect(found).toMatch(/uses the value of OKTA_API_TOKEN/);
    });

    it("concurrency", () => {
      expect(all(concurrencyProblems)).toMatch(/jobs\.up: touches a stack but its concurrency group does not contain the stack/);
      const noCancelFlag = { ...broken, jobs: { up: { ...broken.jobs.up, concurrency: { group: "okta-stack-${{ matrix.stack }}" } } } };
      expect(concurrencyProblems("broken.yml", noCancelFlag).join("\n")).toMatch(/cancel-in-progress: false/);
    });

    it("permissions", () => {
      const found = all(permissionProblems);
      expect(found).toMatch(/exactly \{ contents: read \}/);
      expect(found).toMatch(/contents: write is not needed/);
    });

    it("pinning and setup-node", () => {
      const found = all(actionProblems);
      expect(found).toMatch(/actions\/checkout@v4 is not pinned/);
      expect(found).toMatch(/pulumi\/actions@main is not pinned/);
      expect(found).toMatch(/node-version 20/);
      expect(found).toMatch(/cache: npm/);
      expect(found).toMatch(/persist-credentials: false/);
    });

    it("npm ci before Pulumi", () => {
      expect(all(installProblems)).toMatch(/jobs\.up: npm ci must run before Pulumi/);
    });
  });
});

describe("what each workflow does", () => {
  const matrixFromChanges = "${{ fromJSON(needs.changes.outputs.stacks) }}";

  it("pull request: fork-safe tests and offline plan, then a policy-pack preview per changed stack, commented on the PR", () => {
    const wf = byFile("pull-request.yml");
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    const testCommands = stepsOf(wf.jobs.test).flatMap((s) => (s.run ? commandsInScript(s.run) : []));
    expect(testCommands).toEqual(["npm ci", "npm run typecheck", "npm run lint", "npm test", "npm run plan -- --all"]);

    expect(wf.jobs.changes.uses).toBe("./.github/workflows/changed-stacks.yml");
    expect(wf.jobs.changes.with?.base).toBe("${{ github.event.pull_request.base.sha }}");

    const preview = wf.jobs.preview;
    expect(preview.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(preview.if).toContain("needs.credentials.outputs.configured == 'true'");
    expect(preview.if).toContain("needs.changes.outputs.stacks != '[]'");
    expect(preview.strategy?.matrix?.stack).toBe(matrixFromChanges);
    expect(preview.strategy?.["fail-fast"]).toBe(false);
    const action = stepsOf(preview).find(isPulumiAction)!;
    expect(action.with).toMatchObject({ command: "preview", policyPacks: "policies", "comment-on-pr": true });
    expect(String(action.with?.["stack-name"])).toContain("matrix.stack");
    expect(wf.jobs.credentials.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
  });

  it("pull request: one fixed-name Preview check fails when any stack's preview failed, passes when skipped", () => {
    const job = byFile("pull-request.yml").jobs.previews;
    expect(job).toMatchObject({ name: "Preview", needs: "preview", if: "always()" });
    const [step] = stepsOf(job);
    expect(step.env).toEqual({ RESULT: "${{ needs.preview.result }}" });
    const exitCode = (result: string) => spawnSync("bash", ["-e", "-c", step.run ?? "exit 99"], { env: { PATH: process.env.PATH, RESULT: result } }).status;
    expect(["success", "skipped", "failure", "cancelled"].map(exitCode)).toEqual([0, 0, 1, 1]);
  });

  it("push to main: tests, then pulumi up with the policy pack per changed stack", () => {
    const wf = byFile("deploy.yml");
    expect(wf.on).toEqual({ push: { branches: ["main"] } });
    expect(wf.jobs.changes.with?.base).toBe("${{ github.event.before }}");
    const up = wf.jobs.up;
    expect(up.needs).toEqual(["test", "changes", "credentials"]);
    expect(up.strategy?.matrix?.stack).toBe(matrixFromChanges);
    const action = stepsOf(up).find(isPulumiAction)!;
    expect(action.with).toMatchObject({ command: "up", policyPacks: "policies" });
    expect(String(action.with?.["stack-name"])).toContain("matrix.stack");
  });

  it("dispatch: a destroy preview, then pulumi destroy behind an approval environment", () => {
    const wf = byFile("destroy.yml");
    expect(Object.keys(wf.on)).toEqual(["workflow_dispatch"]);
    expect((wf.on.workflow_dispatch as { inputs: Dict }).inputs.stack).toMatchObject({ required: true, type: "string" });
    const preview = wf.jobs["preview-destroy"];
    expect(stackCommands(preview)).toEqual(["pulumi destroy --preview-only"]);
    expect(preview.environment).toBeUndefined();
    const destroy = wf.jobs.destroy;
    expect(destroy.needs).toBe("preview-destroy");
    expect(destroy.environment).toBe("okta-destroy");
    expect(stackCommands(destroy)).toEqual(["pulumi destroy"]);
    expect(String(stepsOf(destroy).find(isPulumiAction)!.with?.["stack-name"])).toContain("inputs.stack");
  });

  it("no workflow runs pull-request code with secrets through pull_request_target", () => {
    for (const { workflow } of workflows) expect(Object.keys(workflow.on)).not.toContain("pull_request_target");
  });
});
