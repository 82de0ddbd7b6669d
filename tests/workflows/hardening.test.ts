/**
 * The workflows as GitHub's 2026 runners and Pulumi's advice want them: every action pinned by
 * commit to a release that runs on node24, the Node version from .nvmrc, the Pulumi CLI version
 * from .pulumi.version, Pulumi Cloud login by OIDC or the access token, each tenant change in the
 * GitHub environment named after its stack, and a refresh before every preview, update and destroy.
 */
import * as fs from "fs";
import * as path from "path";
import { ALL_JOBS, FILES, ROOT, SOURCES, job, runStep, step, type Job, type Step } from "./support";

/**
 * The releases the workflows may use: each tag's commit, and `runs.using: node24` in the
 * action.yml at that commit (read in each repository's git history: actions/checkout v7.0.1,
 * actions/setup-node v7.0.0, pulumi/actions v7.0.0, pulumi/auth-actions v2.1.0).
 */
const NODE24_RELEASES: Record<string, { commit: string; version: string }> = {
  "actions/checkout": { commit: "3d3c42e5aac5ba805825da76410c181273ba90b1", version: "v7.0.1" },
  "actions/setup-node": { commit: "820762786026740c76f36085b0efc47a31fe5020", version: "v7.0.0" },
  "pulumi/actions": { commit: "8e5e406f4007fca908480587cb9893c07090f58d", version: "v7.0.0" },
  "pulumi/auth-actions": { commit: "141415910c3beb54e03b48e9057c204c97b956f2", version: "v2.1.0" },
};

const stepsOf = (j: Job) => j.steps ?? [];
const usesOf = (s: Step, action: string) => (s.uses ?? "").startsWith(`${action}@`);
const runsPulumi = (s: Step) => usesOf(s, "pulumi/actions") || /(^|\n)\s*pulumi /.test(s.run ?? "");
const holdsTenantCredentials = (j: Job) => stepsOf(j).some((s) => Object.keys(s.env ?? {}).some((k) => k.startsWith("OKTA_")));
const PULUMI_JOBS = ALL_JOBS.filter(([, , j]) => stepsOf(j).some(runsPulumi));

describe("actions", () => {
  const uses = FILES.flatMap((file) =>
    SOURCES[file]
      .split("\n")
      .filter((line) => /^\s*(- )?uses: /.test(line))
      .map((line): [string, string] => [file, line.replace(/^\s*(- )?uses: /, "")]),
  );

  it("every action is pinned by its full commit with the release in a comment, and that release runs on node24", () => {
    const remote = uses.filter(([, ref]) => !ref.startsWith("./"));
    expect(remote.length).toBeGreaterThan(15);
    for (const [file, ref] of remote) {
      const [, action, commit, version] = /^([\w-]+\/[\w-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(ref) ?? [];
      expect([file, ref, action && NODE24_RELEASES[action]]).toEqual([file, ref, { commit, version }]);
    }
    expect([...new Set(remote.map(([, ref]) => ref.split("@")[0]))].sort()).toEqual(Object.keys(NODE24_RELEASES).sort());
  });

  it("the only local reference is the change detection workflow", () => {
    expect([...new Set(uses.filter(([, ref]) => ref.startsWith("./")).map(([, ref]) => ref))]).toEqual(["./.github/workflows/changed-stacks.yml"]);
  });
});

describe("versions from one place each", () => {
  it("every Node.js set-up reads .nvmrc; only jobs without tenant credentials restore npm's cache", () => {
    const setups = ALL_JOBS.flatMap(([file, id, j]) => stepsOf(j).filter((s) => usesOf(s, "actions/setup-node")).map((s): [string, Step, Job] => [`${file} ${id}`, s, j]));
    // pull-request (2), deploy (2), destroy (2), verify, and changed-stacks (for npm run stacks).
    expect(setups.length).toBe(8);
    for (const [where, s, j] of setups) {
      expect([where, s.name, s.with]).toEqual([where, "Set up Node.js", holdsTenantCredentials(j) ? { "node-version-file": ".nvmrc" } : { "node-version-file": ".nvmrc", cache: "npm" }]);
    }
    expect(fs.readFileSync(path.join(ROOT, ".nvmrc"), "utf8")).toMatch(/^\d+\n$/);
  });

  it("every Pulumi action installs the CLI of .pulumi.version, the release of the @pulumi/pulumi the project pins", () => {
    const actions = ALL_JOBS.flatMap(([, , j]) => stepsOf(j).filter((s) => usesOf(s, "pulumi/actions")));
    expect(actions.length).toBe(4);
    for (const s of actions) expect(s.with?.["pulumi-version-file"]).toBe(".pulumi.version");
    const devDependencies = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies;
    expect(fs.readFileSync(path.join(ROOT, ".pulumi.version"), "utf8")).toBe(`${devDependencies["@pulumi/pulumi"]}\n`);
  });

  it("a script runs pulumi only after a Pulumi action of its job installed that CLI", () => {
    for (const [file, id, j] of PULUMI_JOBS) {
      const steps = stepsOf(j);
      const install = steps.findIndex((s) => usesOf(s, "pulumi/actions"));
      const scripts = steps.map((s, index) => [s, index] as const).filter(([s]) => /(^|\n)\s*pulumi /.test(s.run ?? ""));
      for (const [, index] of scripts) expect([file, id, install >= 0 && install < index]).toEqual([file, id, true]);
    }
  });
});

describe("Pulumi Cloud login", () => {
  it("every job that runs pulumi logs in first: OIDC for PULUMI_ORG, or the access token, as its workflow's check chose", () => {
    expect(PULUMI_JOBS.map(([file, id]) => `${file} ${id}`)).toEqual(["deploy.yml up", "destroy.yml preview-destroy", "destroy.yml destroy", "pull-request.yml preview"]);
    for (const [file, id, j] of PULUMI_JOBS) {
      const steps = stepsOf(j);
      const oidc = step(j, "Log in to Pulumi Cloud with OIDC");
      const token = step(j, "Log in to Pulumi Cloud with the access token");
      expect([file, id, oidc.if, token.if]).toEqual([file, id, "needs.credentials.outputs.login == 'oidc'", "needs.credentials.outputs.login == 'token'"]);
      expect(oidc.with).toEqual({ organization: "${{ vars.PULUMI_ORG }}", "requested-token-type": "urn:pulumi:token-type:access_token:organization" });
      expect(usesOf(oidc, "pulumi/auth-actions")).toBe(true);
      expect(token.env).toEqual({ PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" });
      const first = steps.findIndex(runsPulumi);
      expect([file, id, steps.indexOf(oidc) < first, steps.indexOf(token) < first]).toEqual([file, id, true, true]);
      expect([file, id, j.permissions?.["id-token"]]).toEqual([file, id, "write"]);
      expect([file, id, ([] as string[]).concat(j.needs ?? [])]).toEqual([file, id, expect.arrayContaining(["credentials"])]);
    }
  });

  it("the access token step hands the token to the job's later steps (GITHUB_ENV) and prints nothing", () => {
    const run = runStep(step(job("deploy.yml", "up"), "Log in to Pulumi Cloud with the access token"), { env: { PULUMI_ACCESS_TOKEN: "pul-secret-value" } });
    expect([run.status, run.log, run.exported]).toEqual([0, "", { PULUMI_ACCESS_TOKEN: "pul-secret-value" }]);
  });

  it("no Pulumi step receives the token in its own env, which would mask the one OIDC exported", () => {
    for (const [file, id, j] of PULUMI_JOBS) {
      for (const s of stepsOf(j).filter(runsPulumi)) expect([file, id, s.name, s.env?.PULUMI_ACCESS_TOKEN]).toEqual([file, id, s.name, undefined]);
    }
  });
});

describe("tenants", () => {
  it("each change to a tenant runs in the GitHub environment named after its stack; previews and verify need no approval", () => {
    const environments = Object.fromEntries(ALL_JOBS.filter(([, , j]) => holdsTenantCredentials(j)).map(([file, id, j]) => [`${file} ${id}`, j.environment]));
    expect(environments).toEqual({
      "deploy.yml up": "${{ matrix.stack }}",
      "destroy.yml preview-destroy": undefined,
      "destroy.yml destroy": "${{ inputs.stack }}",
      "pull-request.yml preview": undefined,
      "verify.yml verify": undefined,
    });
  });

  it("every preview, update and destroy refreshes from the tenant first", () => {
    const commands = PULUMI_JOBS.flatMap(([file, id, j]) =>
      stepsOf(j).flatMap((s) => {
        if (usesOf(s, "pulumi/actions")) return s.with?.command ? [[`${file} ${id}`, `${s.with.command} refresh=${s.with.refresh}`]] : [];
        return [...(s.run ?? "").matchAll(/(?:^|\n)\s*pulumi (\w+)( --refresh)?/g)].map((m) => [`${file} ${id}`, `${m[1]} refresh=${m[2] !== undefined}`]);
      }),
    );
    expect(commands).toEqual([
      ["deploy.yml up", "up refresh=true"],
      ["destroy.yml preview-destroy", "destroy refresh=true"],
      ["destroy.yml destroy", "destroy refresh=true"],
      ["pull-request.yml preview", "preview refresh=true"],
      ["pull-request.yml preview", "preview refresh=true"],
    ]);
  });
});
