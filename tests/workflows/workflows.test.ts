/**
 * The GitHub workflows under .github/workflows/: what each one does for this repository, and the
 * invariants that keep the tenants and their credentials safe. Where a step's script decides
 * something (a name check, an exit code, a comment, a job summary), the script is taken from the
 * workflow file and run in bash with stand-ins for npm, pulumi and gh, as the runner would run it.
 * The change detection of changed-stacks.yml is run for real in changed-stacks.test.ts; pins,
 * Node and CLI versions, logins, environments and refresh are in hardening.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { validateWorkflow } from "@action-validator/core";
import * as os from "os";
import { main as listStacks } from "../../tools/stack/cli";
import { ALL_JOBS, FILES, ROOT, SOURCES, WORKFLOWS, job, npmCommands, pulumiAction, runStep, step, type Dict } from "./support";

const LIST_STACKS = ["npm", "run", "--silent", "stacks", "--", "--json"];

/** What `npm run --silent stacks -- --json` prints for a project with these stack files (tools/stack/cli.ts, run for real). */
async function stackListing(files: Record<string, string>): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflow-stacks-"));
  try {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: okta-managed-device-check\nruntime: nodejs\n");
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    let stdout = "";
    await listStacks(["--json"], {}, { stdout: { write: (t: string) => ((stdout += t), true) }, stderr: { write: () => true } }, dir);
    return stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const PROVIDER_SECRETS = ["OKTA_API_CLIENT_ID", "OKTA_API_PRIVATE_KEY", "OKTA_API_PRIVATE_KEY_ID", "OKTA_API_SCOPES", "OKTA_API_TOKEN"];
const STATE_AND_PROVIDER_SECRETS = ["PULUMI_CONFIG_PASSPHRASE", ...PROVIDER_SECRETS].sort();
const VERIFY_SCOPES = "okta.logs.read okta.devices.read okta.policies.read okta.apps.read okta.users.read";
const SAME_REPOSITORY = "github.event.pull_request.head.repo.full_name == github.repository";
const MATRIX_OF_CHANGED_STACKS = "${{ fromJSON(needs.changes.outputs.stacks) }}";

describe("the workflow files", () => {
  it("are the five this repository runs, each on its own trigger", () => {
    expect(Object.fromEntries(FILES.map((f) => [f, WORKFLOWS[f].on]))).toEqual({
      "changed-stacks.yml": { workflow_call: expect.any(Object) },
      "deploy.yml": { push: { branches: ["main"] } },
      "destroy.yml": { workflow_dispatch: expect.any(Object) },
      "pull-request.yml": { pull_request: { branches: ["main"] } },
      "verify.yml": { workflow_dispatch: expect.any(Object) },
    });
  });

  it.each(FILES)("%s is valid against GitHub's workflow schema (@action-validator/core)", (file) => {
    expect(validateWorkflow(SOURCES[file])).toEqual({ actionType: "workflow", errors: [] });
  });

  it("the schema check reports a misspelt key and a job in needs that does not exist", () => {
    const source = SOURCES["deploy.yml"];
    for (const broken of [source.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"), source.replace("needs: [test, changes, credentials]", "needs: [test, changes, credential]")]) {
      expect(broken).not.toBe(source);
      expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
    }
  });
});

describe("secrets and tenants", () => {
  it("secrets reach only the env of the steps that use them, each under its own name", () => {
    const found: Record<string, string[]> = {};
    const visit = (value: unknown, at: string[]): void => {
      if (typeof value === "string") {
        if (!value.includes("secrets.")) return;
        const [fileName, jobs, jobId, steps, index, env, name] = at;
        const s = jobs === "jobs" && steps === "steps" && env === "env" ? WORKFLOWS[fileName].jobs[jobId].steps?.[Number(index)] : undefined;
        expect([at.join("."), value]).toEqual([at.join("."), `\${{ secrets.${name} }}`]);
        expect(s).toBeDefined();
        (found[`${fileName} ${jobId}: ${s?.name}`] ??= []).push(name);
      } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) visit(v, [...at, k]);
      }
    };
    for (const file of FILES) visit(WORKFLOWS[file], [file]);
    for (const names of Object.values(found)) names.sort();

    // The Pulumi Cloud token reaches the job's later steps through GITHUB_ENV, from OIDC or from the
    // one step that exports the secret (hardening.test.ts), never through a Pulumi step's env.
    const LOGIN = ["PULUMI_ACCESS_TOKEN"];
    expect(found).toEqual({
      "deploy.yml credentials: Check (the value is never printed)": LOGIN,
      "deploy.yml up: Log in to Pulumi Cloud with the access token": LOGIN,
      "deploy.yml up: pulumi up --refresh --policy-pack policies": STATE_AND_PROVIDER_SECRETS,
      "destroy.yml credentials: Check (the value is never printed)": LOGIN,
      "destroy.yml preview-destroy: Log in to Pulumi Cloud with the access token": LOGIN,
      "destroy.yml preview-destroy: pulumi destroy --refresh --preview-only": STATE_AND_PROVIDER_SECRETS,
      "destroy.yml destroy: Log in to Pulumi Cloud with the access token": LOGIN,
      "destroy.yml destroy: pulumi destroy --refresh": STATE_AND_PROVIDER_SECRETS,
      "pull-request.yml credentials: Check (the value is never printed)": LOGIN,
      "pull-request.yml preview: Log in to Pulumi Cloud with the access token": LOGIN,
      "pull-request.yml preview: pulumi preview --refresh --policy-pack policies": STATE_AND_PROVIDER_SECRETS,
      "pull-request.yml preview: Post the failed preview on the pull request": STATE_AND_PROVIDER_SECRETS,
      // Read-only: no Pulumi state, and the scopes are a fixed list rather than the deploy's secret.
      "verify.yml verify: npm run verify": PROVIDER_SECRETS.filter((n) => n !== "OKTA_API_SCOPES"),
    });
    // The called workflow (change detection) gets no secrets.
    expect(ALL_JOBS.filter(([, , j]) => j.secrets !== undefined)).toEqual([]);
  });

  it("on a pull request, only jobs for branches of this repository hold secrets; the tests run for forks too", () => {
    const jobs = WORKFLOWS["pull-request.yml"].jobs;
    const withSecrets = Object.keys(jobs).filter((id) => JSON.stringify(jobs[id]).includes("secrets."));
    expect(withSecrets).toEqual(["credentials", "preview"]);
    for (const id of withSecrets) expect(jobs[id].if).toContain(SAME_REPOSITORY);
    expect(jobs.test.if).toBeUndefined();
  });

  it("no script interpolates ${{ }}: stack names, inputs and pull request data reach scripts through env", () => {
    const scripts = ALL_JOBS.flatMap(([file, id, j]) => (j.steps ?? []).filter((s) => s.run !== undefined).map((s) => [`${file} ${id}: ${s.name}`, s.run ?? ""]));
    expect(scripts.length).toBeGreaterThan(10);
    expect(scripts.filter(([, run]) => run.includes("${{")).map(([where]) => where)).toEqual([]);
  });

  it("permissions: contents: read everywhere; id-token: write only for the jobs that log in to Pulumi Cloud, pull-requests: write only for the one that comments", () => {
    for (const file of FILES) expect([file, WORKFLOWS[file].permissions]).toEqual([file, { contents: "read" }]);
    const jobPermissions = ALL_JOBS.filter(([, , j]) => j.permissions !== undefined).map(([file, id, j]) => [file, id, j.permissions]);
    const oidc = { contents: "read", "id-token": "write" };
    expect(jobPermissions).toEqual([
      ["deploy.yml", "up", oidc],
      ["destroy.yml", "preview-destroy", oidc],
      ["destroy.yml", "destroy", oidc],
      ["pull-request.yml", "preview", { ...oidc, "pull-requests": "write" }],
    ]);
  });

  it("every job with Okta credentials runs in its stack's concurrency group; updates and destroys share one and are never cancelled", () => {
    const tenantJobs = ALL_JOBS.filter(([, , j]) => (j.steps ?? []).some((s) => Object.keys(s.env ?? {}).some((k) => k.startsWith("OKTA_"))));
    expect(Object.fromEntries(tenantJobs.map(([file, id, j]) => [`${file} ${id}`, j.concurrency]))).toEqual({
      "deploy.yml up": { group: "okta-stack-${{ matrix.stack }}", "cancel-in-progress": false },
      "destroy.yml preview-destroy": { group: "okta-stack-${{ inputs.stack }}", "cancel-in-progress": false },
      "destroy.yml destroy": { group: "okta-stack-${{ inputs.stack }}", "cancel-in-progress": false },
      // A newer push to the same pull request supersedes its preview.
      "pull-request.yml preview": { group: "okta-preview-${{ matrix.stack }}-pr-${{ github.event.pull_request.number }}", "cancel-in-progress": true },
      "verify.yml verify": { group: "okta-verify-${{ inputs.stack }}", "cancel-in-progress": false },
    });
  });
});

describe("consistency with the repository", () => {
  it("the workflows run only npm scripts that package.json defines", () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const used = new Set(ALL_JOBS.flatMap(([, , j]) => (j.steps ?? []).flatMap((s) => [...(s.run ?? "").matchAll(/\bnpm (?:run (?:--silent )?([\w:-]+)|(test)\b)/g)].map((m) => m[1] ?? m[2]))));
    expect([...used].sort()).toEqual(["lint", "plan", "stacks", "test", "typecheck", "verify"]);
    expect([...used].filter((name) => !(name in scripts))).toEqual([]);
  });

  it("the policy pack they name is the repository's (policies/PulumiPolicy.yaml)", () => {
    const packs = ALL_JOBS.flatMap(([, , j]) => (j.steps ?? []).flatMap((s) => [s.with?.policyPacks, ...[...(s.run ?? "").matchAll(/--policy-pack ([\w./-]+)/g)].map((m) => m[1])]));
    expect([...new Set(packs.filter((p) => p !== undefined))]).toEqual(["policies"]);
    expect(fs.existsSync(path.join(ROOT, "policies", "PulumiPolicy.yaml"))).toBe(true);
  });
});

describe("pull-request.yml", () => {
  const wf = WORKFLOWS["pull-request.yml"];

  it("tests, type-checks, lints and plans every stack offline, with no secrets, so forks get the same review", () => {
    expect(npmCommands(wf.jobs.test)).toEqual(["npm ci", "npm run typecheck", "npm run lint", "npm test", "npm run plan -- --all"]);
    expect(JSON.stringify(wf.jobs.test)).not.toContain("secrets.");
  });

  it("copies the offline plan into the job summary, and a failing plan fails the job", () => {
    const plan = runStep(step(wf.jobs.test, "Offline plan of every stack"), { fakes: { npm: { exit: 1, stdout: "dev: mandatory no-catch-all-allow\n" } } });
    expect(plan.status).toBe(1);
    expect(plan.calls).toEqual([["npm", "run", "plan", "--", "--all"]]);
    const summaryStep = step(wf.jobs.test, "Offline plan in the job summary");
    expect(summaryStep.if).toBe("always()");
    const summary = runStep(summaryStep, { files: { "offline-plan.txt": plan.file("offline-plan.txt") ?? "" } });
    expect(summary.summary).toBe("### Offline plan (`npm run plan -- --all`, no tenant contacted)\n```\ndev: mandatory no-catch-all-allow\n```\n");
    expect(runStep(summaryStep).summary).toBe("");
  });

  it("previews each changed stack with the policy pack and comments on the pull request, for this repository's branches only", () => {
    expect(wf.jobs.changes).toMatchObject({ uses: "./.github/workflows/changed-stacks.yml", with: { base: "${{ github.event.pull_request.base.sha }}" } });
    expect(wf.jobs.credentials.if).toBe(SAME_REPOSITORY);
    const preview = wf.jobs.preview;
    expect(preview.needs).toEqual(["test", "changes", "credentials"]);
    expect(preview.if?.split("&&").map((c) => c.trim())).toEqual([SAME_REPOSITORY, "needs.credentials.outputs.login != 'none'", "needs.changes.outputs.stacks != '[]'"]);
    expect(preview.strategy).toEqual({ "fail-fast": false, matrix: { stack: MATRIX_OF_CHANGED_STACKS } });
    expect(pulumiAction(preview)?.with).toMatchObject({ command: "preview", policyPacks: "policies", refresh: true, "comment-on-pr": true, "edit-pr-comment": true });
    expect(String(pulumiAction(preview)?.with?.["stack-name"])).toContain("matrix.stack");
  });

  it("posts a failed preview's output on the pull request, since the Pulumi action comments only on success", () => {
    const s = step(wf.jobs.preview, "Post the failed preview on the pull request");
    expect(s.if).toBe("failure() && steps.preview.outcome == 'failure'");
    const run = runStep(s, {
      env: { STACK: "dev", PULUMI_ORG: "acme", PR_NUMBER: "42" },
      fakes: { pulumi: { exit: 255, stdout: "mandatory: no-catch-all-allow\n" }, gh: {} },
    });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      ["pulumi", "preview", "--refresh", "--policy-pack", "policies", "--stack", "acme/dev", "--non-interactive", "--color", "never"],
      ["gh", "pr", "comment", "42", "--body-file", "comment.md"],
    ]);
    expect(run.file("comment.md")).toMatch(/^#### :no_entry: `pulumi preview --refresh --policy-pack policies` failed on stack `dev` \(exit 255\)\n[\s\S]*```\nmandatory: no-catch-all-allow\n```\n<\/details>\n$/);
    expect(run.summary).toBe(run.file("comment.md"));
    const withoutOrg = runStep(s, { env: { STACK: "dev", PR_NUMBER: "42" }, fakes: { pulumi: {}, gh: {} } });
    expect(withoutOrg.calls[0]).toEqual(["pulumi", "preview", "--refresh", "--policy-pack", "policies", "--stack", "dev", "--non-interactive", "--color", "never"]);
  });

  it("sums the previews up in one fixed-name check: failed or cancelled fails it, skipped passes", () => {
    const j = wf.jobs.previews;
    expect(j).toMatchObject({ name: "Preview", needs: "preview", if: "always()" });
    const [only] = j.steps ?? [];
    expect(only.env).toEqual({ RESULT: "${{ needs.preview.result }}" });
    expect(["success", "skipped", "failure", "cancelled"].map((RESULT) => runStep(only, { env: { RESULT } }).status)).toEqual([0, 0, 1, 1]);
  });

});

describe("the Pulumi Cloud login each workflow chooses, without printing the token", () => {
  it.each([
    ["pull-request.yml", "::notice::", 0],
    ["deploy.yml", "::warning::", 0],
    ["destroy.yml", "::error::", 1],
  ])("%s: the access token when the secret is set, else OIDC when PULUMI_ORG is set, else none (%s, exit %i)", (file, annotation, noneExit) => {
    const check = step(job(file, "credentials"), "Check (the value is never printed)");
    const login = (env: Record<string, string>) => runStep(check, { env });
    for (const [env, expected] of [
      [{ PULUMI_ACCESS_TOKEN: "pul-secret-value" }, "token"],
      [{ PULUMI_ACCESS_TOKEN: "pul-secret-value", PULUMI_ORG: "acme" }, "token"],
      [{ PULUMI_ORG: "acme" }, "oidc"],
    ] as const) {
      const run = login(env);
      expect([env, run.status, run.outputs, run.log]).toEqual([env, 0, { login: expected }, ""]);
    }
    const none = login({});
    expect(none.status).toBe(noneExit);
    expect(none.outputs).toEqual({ login: "none" });
    expect(none.log.startsWith(`${annotation}Neither the PULUMI_ORG variable (OIDC login) nor the PULUMI_ACCESS_TOKEN secret is set`)).toBe(true);
  });
});

describe("deploy.yml", () => {
  const wf = WORKFLOWS["deploy.yml"];

  it("on a push to main runs the pull request's tests and offline plan", () => {
    expect(npmCommands(wf.jobs.test)).toEqual(npmCommands(WORKFLOWS["pull-request.yml"].jobs.test));
  });

  it("then runs pulumi up with the policy pack for each changed stack, once tested and when credentials exist", () => {
    expect(wf.jobs.changes).toMatchObject({ uses: "./.github/workflows/changed-stacks.yml", with: { base: "${{ github.event.before }}" } });
    const up = wf.jobs.up;
    expect(up.needs).toEqual(["test", "changes", "credentials"]);
    expect(up.if).toBe("needs.credentials.outputs.login != 'none' && needs.changes.outputs.stacks != '[]'");
    expect(up.strategy).toEqual({ "fail-fast": false, matrix: { stack: MATRIX_OF_CHANGED_STACKS } });
    expect(up.environment).toBe("${{ matrix.stack }}");
    expect(pulumiAction(up)?.with).toMatchObject({ command: "up", policyPacks: "policies", refresh: true });
    expect(String(pulumiAction(up)?.with?.["stack-name"])).toContain("matrix.stack");
  });
});

describe("destroy.yml", () => {
  const wf = WORKFLOWS["destroy.yml"];
  const stacks = { "Pulumi.dev.yaml": "config: {}\n", "Pulumi.prod.yaml": "config: {}\n" };

  it("is dispatched by hand with a stack name", () => {
    expect((wf.on.workflow_dispatch as { inputs: Dict }).inputs).toEqual({ stack: expect.objectContaining({ type: "string", required: true }) });
  });

  it("refuses a name that is not a stack name, before anything else runs", () => {
    const check = step(wf.jobs["preview-destroy"], "Check the stack name");
    expect(wf.jobs["preview-destroy"].steps?.[0]).toBe(check);
    const status = (STACK: string) => runStep(check, { env: { STACK } }).status;
    expect(["dev", "prod.eu_1", "a-b"].map(status)).toEqual([0, 0, 0]);
    expect(["", "-dev", "../dev", "dev x", 'dev"; id #', "$(id)", "dev\nprod"].map(status)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it("refuses a stack whose file is not in the branch, naming the stacks that are (as npm run stacks lists them)", async () => {
    const check = step(wf.jobs["preview-destroy"], "Check the stack file exists");
    const npm = { stdout: await stackListing(stacks) };
    const found = runStep(check, { env: { STACK: "dev" }, fakes: { npm } });
    expect([found.status, found.calls]).toEqual([0, [LIST_STACKS]]);
    const missing = runStep(check, { env: { STACK: "qa" }, fakes: { npm } });
    expect(missing.status).toBe(1);
    expect(missing.log).toBe("::error::Pulumi.qa.yaml is not in this branch. Stacks here: dev prod\n");
    expect(runStep(check, { env: { STACK: "dev" }, fakes: { npm: { exit: 64 } } }).status).toBe(64);
  });

  it("lists the stacks only once npm ci has installed the resolver", () => {
    const names = (wf.jobs["preview-destroy"].steps ?? []).map((s) => s.name);
    expect(names.indexOf("Check the stack file exists")).toBe(names.indexOf("Install") + 1);
  });

  it("first previews the destroy into the job summary, with no approval needed and nothing deleted", () => {
    const preview = wf.jobs["preview-destroy"];
    expect(preview.environment).toBeUndefined();
    expect(pulumiAction(preview)).toBeUndefined();
    const previewStep = step(preview, "pulumi destroy --refresh --preview-only");
    const run = runStep(previewStep, { env: { STACK: "dev" }, fakes: { pulumi: { stdout: "- okta:app/bookmark:Bookmark delete\n" } } });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([["pulumi", "destroy", "--refresh", "--preview-only", "--stack", "dev", "--non-interactive", "--color", "never"]]);
    expect(run.summary).toBe("### What `pulumi destroy` will remove from `dev`\n\nApprove the `dev` environment to go ahead.\n```\n- okta:app/bookmark:Bookmark delete\n```\n");
    expect(runStep(previewStep, { env: { STACK: "dev" }, fakes: { pulumi: { exit: 255 } } }).status).toBe(255);
  });

  it("then destroys only after the preview, in the stack's environment (its required reviewers approve)", () => {
    const destroy = wf.jobs.destroy;
    expect(destroy.needs).toEqual(["credentials", "preview-destroy"]);
    expect(wf.jobs["preview-destroy"].needs).toBe("credentials");
    expect(destroy.environment).toBe("${{ inputs.stack }}");
    expect(pulumiAction(destroy)?.with).toMatchObject({ command: "destroy", refresh: true });
    expect(String(pulumiAction(destroy)?.with?.["stack-name"])).toContain("inputs.stack");
  });
});

describe("verify.yml", () => {
  const wf = WORKFLOWS["verify.yml"];
  const j = wf.jobs.verify;
  const stacks = { "Pulumi.dev.yaml": "config: {}\n", "Pulumi.prod.yaml": "config: {}\n" };

  it("is dispatched by hand with a stack, a mode (preflight or wait) and a wait of 30m by default", () => {
    expect((wf.on.workflow_dispatch as { inputs: Dict }).inputs).toEqual({
      stack: expect.objectContaining({ type: "string", required: true }),
      mode: expect.objectContaining({ type: "choice", options: ["preflight", "wait"], default: "preflight" }),
      wait: expect.objectContaining({ type: "string", default: "30m" }),
    });
  });

  it("checks the inputs before installing anything, and installs with npm ci before verify runs", () => {
    expect((j.steps ?? []).map((s) => s.name)).toEqual(["Check out", "Check the inputs", "Set up Node.js", "Install", "Check the stack file exists", "npm run verify", "Report in the job summary"]);
    expect(step(j, "Install").run).toBe("npm ci");
  });

  it.each([
    ["dev", "preflight", "", ""],
    ["prod", "preflight", "whatever", ""],
    ["dev", "wait", "30s", ""],
    ["dev", "wait", "300m", ""],
    ["dev", "wait", "5h", ""],
    ["dev; id", "preflight", "30m", "::error::'dev; id' is not a stack name"],
    ["$(id)", "preflight", "30m", "::error::'$(id)' is not a stack name"],
    ["../dev", "wait", "30m", "::error::'../dev' is not a stack name"],
    ["", "preflight", "30m", "::error::'' is not a stack name"],
    ["dev", "destroy", "30m", "::error::mode 'destroy' is neither preflight nor wait."],
    ["dev", "wait", "30", "::error::wait '30' is not a duration"],
    ["dev", "wait", "0m", "::error::wait '0m' is not a duration"],
    ["dev", "wait", "1d", "::error::wait '1d' is not a duration"],
    ["dev", "wait", "30m; id", "::error::wait '30m; id' is not a duration"],
    ["dev", "wait", "301m", "::error::wait '301m' is longer than 5h"],
    ["dev", "wait", "6h", "::error::wait '6h' is longer than 5h"],
  ])("input check: stack %j, mode %j, wait %j -> %j", (STACK, MODE, WAIT, error) => {
    const run = runStep(step(j, "Check the inputs"), { env: { STACK, MODE, WAIT } });
    expect(run.status).toBe(error ? 1 : 0);
    expect(run.log.startsWith(error)).toBe(true);
    if (!error) expect(run.log).toBe("");
  });

  it("refuses a stack whose file is not in the branch once installed, naming the stacks that are", async () => {
    const check = step(j, "Check the stack file exists");
    const npm = { stdout: await stackListing(stacks) };
    expect(runStep(check, { env: { STACK: "prod" }, fakes: { npm } })).toMatchObject({ status: 0, log: "", calls: [LIST_STACKS] });
    expect(runStep(check, { env: { STACK: "qa" }, fakes: { npm } })).toMatchObject({ status: 1, log: "::error::Pulumi.qa.yaml is not in this branch. Stacks here: dev prod\n" });
  });

  it("leaves the job time for the longest wait it accepts (5h) plus the install, within a hosted runner's 6h", () => {
    expect(j["timeout-minutes"]).toBeGreaterThanOrEqual(5 * 60 + 15);
    expect(j["timeout-minutes"]).toBeLessThanOrEqual(6 * 60);
  });

  it("runs verify with read-only credentials: the provider's variables and the read scopes, no Pulumi state", () => {
    const env = step(j, "npm run verify").env ?? {};
    expect(env.OKTA_API_SCOPES).toBe(VERIFY_SCOPES);
    expect(Object.keys(env).sort()).toEqual(["MODE", "OKTA_API_CLIENT_ID", "OKTA_API_PRIVATE_KEY", "OKTA_API_PRIVATE_KEY_ID", "OKTA_API_SCOPES", "OKTA_API_TOKEN", "STACK", "WAIT"]);
    expect(j.environment).toBeUndefined();
  });

  it.each([
    ["preflight", ["--preflight"]],
    ["wait", ["--wait", "10m"]],
  ])("mode %s runs npm run verify with %j and prints the report", (MODE, flags) => {
    const run = runStep(step(j, "npm run verify"), { env: { STACK: "dev", MODE, WAIT: "10m" }, fakes: { npm: { stdout: "Result: MANAGED (exit 0)\n" } } });
    expect(run.calls).toEqual([["npm", "run", "--silent", "verify", "--", "--stack", "dev", ...flags]]);
    expect(run.log).toBe("Result: MANAGED (exit 0)\n");
    expect(run.file("verify-report.txt")).toBe("Result: MANAGED (exit 0)\n");
  });

  it.each([0, 1, 2, 3, 4, 5, 64, 70])("the step ends with verify's exit code %i and records it", (code) => {
    const run = runStep(step(j, "npm run verify"), { env: { STACK: "dev", MODE: "preflight" }, fakes: { npm: { exit: code, stdout: "report\n" } } });
    expect(run.status).toBe(code);
    expect(run.outputs).toEqual({ "exit-code": String(code) });
    expect(run.file("verify-report.txt")).toBe("report\n");
  });

  describe("the job summary", () => {
    const summaryStep = step(j, "Report in the job summary");
    const heading = (MODE: string, CODE: string) => runStep(summaryStep, { env: { STACK: "dev", MODE, CODE }, files: { "verify-report.txt": "report\n" } }).summary.split("\n")[0];

    it("is written whenever verify ran, whatever its exit code", () => {
      expect(summaryStep.if).toBe("always() && steps.verify.outcome != 'skipped'");
      expect(step(j, "npm run verify").id).toBe("verify");
      expect(summaryStep.env?.CODE).toBe("${{ steps.verify.outputs.exit-code }}");
    });

    it("holds the report verify printed, under a heading with the outcome", () => {
      const run = runStep(summaryStep, { env: { STACK: "dev", MODE: "wait", CODE: "1" }, files: { "verify-report.txt": "alice@acme.example: NOT MANAGED\n" } });
      expect(run.status).toBe(0);
      expect(run.summary).toBe("### `verify --wait` of stack `dev`: a test user was denied (exit 1)\n\n````text\nalice@acme.example: NOT MANAGED\n````\n");
    });

    it.each([
      ["preflight", "0", "every test user is ready for the sign-in (exit 0)"],
      ["wait", "0", "every test user's device is managed (exit 0)"],
      ["wait", "2", "a test user has no evaluation yet (exit 2)"],
      ["preflight", "3", "the check in the tenant drifted from the stack (exit 3)"],
      ["preflight", "4", "the tenant could not be read (exit 4)"],
      ["preflight", "5", "a test user is not ready for the sign-in (exit 5)"],
      ["preflight", "64", "usage error (exit 64)"],
      ["wait", "70", "internal error (exit 70)"],
      ["wait", "", "verify did not finish (cancelled or timed out)"],
      ["wait", "9", "unexpected exit code (exit 9)"],
    ])("mode %s, exit %j: %s", (mode, code, outcome) => {
      expect(heading(mode, code)).toBe(`### \`verify --${mode}\` of stack \`dev\`: ${outcome}`);
    });

    it("says where to look when verify printed nothing", () => {
      const run = runStep(summaryStep, { env: { STACK: "dev", MODE: "preflight", CODE: "64" } });
      expect(run.summary).toBe('### `verify --preflight` of stack `dev`: usage error (exit 64)\n\nverify printed no report; see the log of the step "npm run verify".\n');
    });
  });
});
