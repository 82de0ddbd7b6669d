import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PlanDocument } from "../../tools/plan/json";
import { policies } from "../../policies/policies";
import { devStackWith, plan, PlanRun, ROOT, tempProject } from "./support";

// Every policy of the pack, in the pack's order: the plan reports a verdict for each.
const POLICY_NAMES = policies().map((policy) => policy.name);
const LEVEL = new Map(policies().map((policy) => [policy.name, policy.enforcementLevel]));

// Before prod's expiresOn (2027-01-31), so that no test depends on the day it runs.
const TODAY = ["--today", "2026-06-01"];

/** Lines of the output with trailing spaces removed, and the column padding collapsed to two spaces. */
const lines = (text: string) => text.split("\n").map((line) => line.trimEnd().replace(/ {2,}/g, "  "));

function spawnPlan(args: string[], cwd = ROOT): Promise<PlanRun> {
  return new Promise((resolve, reject) => {
    // Exactly what a user runs: the package's script, on the sources as they are.
    const child = spawn("npm", ["run", "--silent", "plan", "--", ...args], { cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("npm run plan -- --stack dev", () => {
  let run: PlanRun;
  // The bin entry, run as a process (started first: it runs on the other core while the rest plan in-process).
  let spawned: Promise<PlanRun>;
  beforeAll(async () => {
    spawned = spawnPlan(["--stack", "dev", "--json", ...TODAY]);
    run = await plan(["--stack", "dev", ...TODAY]);
  });

  test("exits 0, first line says the plan is offline and no tenant was contacted", () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n")[0]).toBe(
      "Offline plan of stack dev (Pulumi.dev.yaml): no tenant was contacted and no Pulumi CLI was run; values only the tenant knows are marked as such.",
    );
  });

  test("the table shows what pulumi up would create, with tenant-only values marked", () => {
    const out = lines(run.stdout);
    expect(out).toContain("Tenant: https://acme-preview.oktapreview.com (not contacted); credentials: none in the stack file: pulumi up reads OKTA_API_TOKEN, or OKTA_API_CLIENT_ID with OKTA_API_PRIVATE_KEY, from the environment (or run: pulumi config set --secret okta:apiToken)");
    expect(out).toContain("Resources pulumi up would create (4 in the tenant, plus 1 component):");
    expect(out).toContain("  TYPE  NAME  PROPERTY  VALUE");
    for (const line of [
      "  okta-managed-device-check:index:ManagedDeviceCheck  managed-device-check  (component)  groups the resources below; nothing of its own in the tenant",
      "  okta:index/appSignonPolicy:AppSignonPolicy  managed-device-check-policy  name  Require Managed Device",
      "  catch-all  DENY: the system Catch-all Rule denies every other sign-in (catchAll: false)",
      "  okta:app/bookmark:Bookmark  managed-device-check-bookmark  label  Managed Device Check",
      "  URL  https://www.okta.com/",
      "  authentication policy  (id of managed-device-check-policy: known after pulumi up)",
      "  okta:index/appSignonPolicyRule:AppSignonPolicyRule  managed-device-check-rule  name  Managed Device Allowed",
      "  policy  (id of managed-device-check-policy: known after pulumi up)",
      "  access  ALLOW",
      "  users  any user assigned to the app",
      "  device conditions  registered, managed",
      "  authentication method  possession: Okta Verify FastPass (okta_verify/signed_nonce), required",
      "  re-authentication  every sign-in (PT0S)",
      "  factor mode  2FA",
      "  priority  1",
      "  okta:app/user:User  managed-device-check-user-alice@acme.example  app  (id of managed-device-check-bookmark: known after pulumi up)",
      "  user  (looked up in tenant: alice@acme.example)",
      "  username  (login looked up in tenant: alice@acme.example)",
    ]) {
      expect(out).toContain(line);
    }
  });

  test("every policy of the pack passes, in the pack's order", () => {
    const out = lines(run.stdout);
    const verdicts = out.filter((line) => /^ {2}(pass|ADVISORY|VIOLATION|disabled) /.test(line));
    expect(POLICY_NAMES).toEqual(expect.arrayContaining(["no-catch-all-allow", "no-allow-rule-without-managed-device", "no-insecure-bookmark-url", "no-expired-check"]));
    expect(verdicts).toEqual(POLICY_NAMES.map((name) => `  pass  ${name}  (${LEVEL.get(name)})`));
    expect(out).toContain("Result: clean: every policy passes (exit 0).");
  });

  test("next steps: pulumi up with the pack, preflight, what the test user does, wait for the outcome, destroy", () => {
    const out = lines(run.stdout);
    const steps = out.slice(out.indexOf("Next steps:") + 1, out.indexOf("Next steps:") + 6);
    expect(steps[0]).toMatch(/^ {2}1\. .*: pulumi up --policy-pack policies --stack dev$/);
    expect(steps[1]).toMatch(/^ {2}2\. .*: npm run verify -- --stack dev --preflight$/);
    expect(steps[2]).toBe(
      '  3. On the device under test, alice@acme.example opens the "Managed Device Check" tile on the Okta End-User Dashboard and signs in with Okta Verify (FastPass): the app opens only on a registered, managed device; anywhere else the catch-all denies access.',
    );
    expect(steps[3]).toMatch(/^ {2}4\. .*: npm run verify -- --stack dev --wait 30m$/);
    expect(steps[4]).toBe("  5. Remove it all afterwards: pulumi destroy --stack dev");
  });

  test("npm run plan, as a process, prints the same plan as one JSON document and exits 0", async () => {
    const { code, stdout, stderr } = await spawned;
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const document = JSON.parse(stdout) as PlanDocument;
    expect(document.exitCode).toBe(0);
    expect(document.stacks[0].resources?.map((r) => r.name)).toEqual([
      "managed-device-check",
      "managed-device-check-policy",
      "managed-device-check-bookmark",
      "managed-device-check-rule",
      "managed-device-check-user-alice@acme.example",
    ]);
  }, 30_000);
});

describe("--json", () => {
  test("prints one JSON document: offline, the resources with markers, each policy's verdict, next steps", async () => {
    const { code, stdout, stderr } = await plan(["--stack", "dev", "--json", ...TODAY]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const document = JSON.parse(stdout) as PlanDocument;
    expect(document).toMatchObject({ mode: "offline", tenantContacted: false, exitCode: 0, warnings: [] });
    expect(document.notice).toMatch(/no tenant was contacted/);
    expect(document.stacks).toHaveLength(1);
    const [dev] = document.stacks;
    expect(dev).toMatchObject({
      stack: "dev",
      stackFile: "Pulumi.dev.yaml",
      status: "clean",
      exitCode: 0,
      tenant: { orgName: "acme-preview", baseUrl: "oktapreview.com", url: "https://acme-preview.oktapreview.com", credentials: "none in the stack file: pulumi up reads OKTA_API_TOKEN, or OKTA_API_CLIENT_ID with OKTA_API_PRIVATE_KEY, from the environment (or run: pulumi config set --secret okta:apiToken)" },
      warnings: [],
    });
    const byName = new Map(dev.resources?.map((r) => [r.name, r]));
    expect(byName.get("managed-device-check-policy")).toMatchObject({
      type: "okta:index/appSignonPolicy:AppSignonPolicy",
      component: false,
      deleteBeforeReplace: true,
      inputs: { name: "Require Managed Device", catchAll: false },
    });
    expect(byName.get("managed-device-check-bookmark")?.inputs).toEqual({
      label: "Managed Device Check",
      url: "https://www.okta.com/",
      authenticationPolicy: "(id of managed-device-check-policy: known after pulumi up)",
    });
    expect(byName.get("managed-device-check-user-alice@acme.example")?.inputs).toEqual({
      appId: "(id of managed-device-check-bookmark: known after pulumi up)",
      userId: "(looked up in tenant: alice@acme.example)",
      username: "(login looked up in tenant: alice@acme.example)",
    });
    expect(byName.get("managed-device-check-rule")?.properties).toContainEqual({ label: "re-authentication", input: "reAuthenticationFrequency", value: "every sign-in (PT0S)" });
    expect(dev.policies?.map((p) => [p.policyName, p.verdict])).toEqual(POLICY_NAMES.map((name) => [name, "pass"]));
    expect(dev.nextSteps.join("\n")).toMatch(/pulumi up --policy-pack policies --stack dev[\s\S]*npm run verify -- --stack dev/);
  });
});

describe("--all", () => {
  test("plans every Pulumi.*.yaml of the project; an expired check warns and names pulumi destroy", async () => {
    const { code, stdout } = await plan(["--all", "--json", "--today", "2027-02-01"]);
    expect(code).toBe(0);
    const document = JSON.parse(stdout) as PlanDocument;
    expect(document.stacks.map((s) => [s.stack, s.status, s.exitCode])).toEqual([
      ["dev", "clean", 0],
      ["prod", "advisory", 0],
    ]);
    const prod = document.stacks[1];
    expect(prod.resources?.find((r) => r.type === "okta:app/user:User" && r.name.endsWith("00u1a2b3c4d5e6f7g8h9"))?.inputs).toEqual({
      appId: "(id of managed-device-check-bookmark: known after pulumi up)",
      userId: "(looked up in tenant: 00u1a2b3c4d5e6f7g8h9)",
      username: "(login looked up in tenant: 00u1a2b3c4d5e6f7g8h9)",
    });
    expect(prod.tenant?.credentials).toBe(
      "OAuth service app 0oa8f5j3ecb5w3dF35d7 (kid kid-managed-device-check), private key not in the stack file: pulumi up reads OKTA_API_PRIVATE_KEY (or run: pulumi config set --secret okta:privateKey < key.pem), scopes okta.apps.manage okta.apps.read okta.policies.manage okta.policies.read okta.users.read",
    );
    expect(prod.warnings).toEqual([
      "this check expired on 2027-01-31 (okta-managed-device-check:expiresOn in Pulumi.prod.yaml); remove it with: pulumi destroy --stack prod",
    ]);
    expect(document.warnings).toEqual(prod.warnings);
    expect(prod.policies?.find((p) => p.policyName === "no-expired-check")).toMatchObject({ verdict: "advisory" });
    expect(prod.nextSteps[0]).toBe("Remove it from the tenant: pulumi destroy --stack prod");
  });
});

describe("--all as text", () => {
  test("one headline for every stack, then a section and a summary line per stack", async () => {
    const { code, stdout } = await plan(["--all", ...TODAY]);
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out[0]).toBe("Offline plan of 2 stacks (dev, prod): no tenant was contacted and no Pulumi CLI was run; values only the tenant knows are marked as such.");
    expect(out).toContain("=== Stack dev (Pulumi.dev.yaml) ===");
    expect(out).toContain("=== Stack prod (Pulumi.prod.yaml) ===");
    expect(out.slice(out.indexOf("Summary:") + 1).filter(Boolean)).toEqual(["  dev  clean: every policy passes", "  prod  clean: every policy passes"]);
  });
});

describe("a program that fails under the mocks", () => {
  test("exits 70 with the program's message and no resource table", async () => {
    const { code, stdout } = await plan(["--stack", "dev", "--program", "tests/plan/fixtures/failingProgram.ts", ...TODAY]);
    expect(code).toBe(70);
    expect(stdout).toContain("Pulumi.dev.yaml: the program failed under Pulumi's mocks: the program refused to declare anything");
    expect(stdout).not.toContain("TYPE");
  });
});

describe("an unsafe program variant", () => {
  test("exits 1 naming the mandatory policy it violates", async () => {
    const { code, stdout } = await plan(["--stack", "dev", "--program", "tests/plan/fixtures/unsafeCatchAll.ts", ...TODAY]);
    expect(code).toBe(1);
    const out = lines(stdout);
    expect(out).toContain("  catch-all  ALLOW: the provider's default (catchAll: true) lets every other sign-in in");
    expect(out).toContain("  VIOLATION  no-catch-all-allow  (mandatory)");
    expect(stdout).toMatch(/mandatory on unsafe-policy: AppSignonPolicy .*leaves catchAll unset/);
    expect(out).toContain("Result: mandatory policy violation (no-catch-all-allow) (exit 1).");
    expect(out).toContain("  1. Fix the mandatory violation (no-catch-all-allow): pulumi up --policy-pack policies --stack dev would refuse this plan.");
  });
});

describe("a program the provider would refuse", () => {
  test("an app user without username on a bookmark: exit 1, naming the resource and quoting the provider", async () => {
    const { code, stdout } = await plan(["--stack", "dev", "--program", "tests/plan/fixtures/appUserWithoutUsername.ts", ...TODAY]);
    expect(code).toBe(1);
    const out = lines(stdout);
    expect(out).toContain(
      "Pulumi.dev.yaml: bare-assignment (okta:app/user:User): the provider would refuse it: " +
        "'username' is required (the only exception is when the assigned app has 'SHARED_USERNAME_AND_PASSWORD' credentials scheme)",
    );
    expect(out).toContain("No resources planned.");
    expect(out).toContain("Result: the provider would refuse the program's inputs (exit 1).");
    expect(stdout).not.toContain("clean");
  });
});

describe("invalid config: exit 2, the config errors, no resource table", () => {
  test("a plain-http bookmarkUrl names okta-managed-device-check:bookmarkUrl", async () => {
    const project = tempProject({ web: devStackWith({ "okta-managed-device-check:bookmarkUrl": "http://www.okta.com/" }) });
    try {
      const { code, stdout } = await plan(["--stack", "web", "--dir", project.dir]);
      expect(code).toBe(2);
      const out = stdout.split("\n");
      expect(out[0]).toMatch(/^Offline plan of stack web \(Pulumi\.web\.yaml\): no tenant was contacted/);
      expect(out).toContain("Pulumi.web.yaml: invalid stack config (1 problem):");
      expect(out.find((line) => line.includes("okta-managed-device-check:bookmarkUrl"))).toMatch(/^ {2}Pulumi\.web\.yaml: okta-managed-device-check:bookmarkUrl: expected an https URL/);
      expect(stdout).not.toMatch(/TYPE|Resources pulumi up would create|Policy verdicts/);
      expect(stdout).toContain("No resources planned.");
    } finally {
      project.remove();
    }
  });

  test("--json lists every problem by key", async () => {
    const project = tempProject({
      bad: devStackWith({ "okta-managed-device-check:bookmarkUrl": "http://www.okta.com/", "okta-managed-device-check:factorMode": "3FA" }),
    });
    try {
      const { code, stdout } = await plan(["--stack", "bad", "--json"], { cwd: project.dir });
      expect(code).toBe(2);
      const [bad] = (JSON.parse(stdout) as PlanDocument).stacks;
      expect(bad.status).toBe("invalid-config");
      expect(bad.resources).toBeUndefined();
      expect(bad.configErrors?.map((p) => p.key).sort()).toEqual(["okta-managed-device-check:bookmarkUrl", "okta-managed-device-check:factorMode"]);
    } finally {
      project.remove();
    }
  });
});

describe("usage errors: exit 64", () => {
  test("an unknown flag", async () => {
    const { code, stdout, stderr } = await plan(["--stack", "dev", "--verbose"]);
    expect(code).toBe(64);
    expect(stdout).toBe("");
    expect(stderr).toBe("okta-managed-device-plan: unknown option --verbose\nRun with --help for usage.\n");
  });

  test("an unknown stack: the message lists the stacks that exist", async () => {
    const { code, stderr } = await plan(["--stack", "staging"]);
    expect(code).toBe(64);
    expect(stderr.split("\n")[0]).toBe(
      `okta-managed-device-plan: unknown stack "staging": there is no Pulumi.staging.yaml in ${ROOT}. Stacks that exist: dev, prod`,
    );
  });

  test("no stack given", async () => {
    const { code, stderr } = await plan([]);
    expect(code).toBe(64);
    expect(stderr.split("\n")[0]).toBe("okta-managed-device-plan: missing --stack <name> (or --all to plan every stack). Stacks that exist: dev, prod");
  });

  test("a --program that does not exist", async () => {
    const { code, stderr } = await plan(["--stack", "dev", "--program", "no/such/program.ts"]);
    expect(code).toBe(64);
    expect(stderr.split("\n")[0]).toBe(`okta-managed-device-plan: --program: cannot find the module ${path.join(ROOT, "no/such/program.ts")}`);
  });

  test("a malformed --today", async () => {
    expect((await plan(["--stack", "dev", "--today", "2026-13-01"])).code).toBe(64);
  });

  test("--help exits 0 with the usage", async () => {
    const { code, stdout } = await plan(["--help"]);
    expect(code).toBe(0);
    // Every exit code, worded exactly as docs/plan.md's table words it.
    const table = fs.readFileSync(path.join(ROOT, "docs", "plan.md"), "utf8").split("\n").flatMap((line) => {
      const row = /^\| (`\d+`(?:, `\d+`)*) \| (.*?) \| .* \|$/.exec(line);
      return row ? [`  ${row[1].replace(/`/g, "").padEnd(13)} ${row[2]}`] : [];
    });
    expect(table.map((line) => line.trim().split(" ")[0])).toEqual(["0", "1", "2", "64", "70", "74", "130,"]);
    const usage = stdout.split("\n");
    expect(usage.slice(usage.indexOf("Exit codes (as docs/plan.md's table):") + 1, -1)).toEqual(table);
  });
});

describe("npm run plan runs the sources as they are", () => {
  test("right after an edit to a component default, the plan shows the edit (no stale build)", async () => {
    // A copy of the project whose component default is edited, sharing this checkout's node_modules.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "okta-plan-edit-"));
    try {
      for (const entry of ["package.json", "tsconfig.json", "Pulumi.yaml", "Pulumi.dev.yaml", "index.ts", "components", "policies", "tools"]) {
        fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
      }
      fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
      const defaults = path.join(copy, "components", "settings.ts");
      fs.writeFileSync(defaults, fs.readFileSync(defaults, "utf8").replace('default: "Managed Device Check"', 'default: "Edited Device Check"'));
      const { code, stdout } = await spawnPlan(["--stack", "dev", ...TODAY], copy);
      expect(code).toBe(0);
      expect(lines(stdout)).toContain("  okta:app/bookmark:Bookmark  managed-device-check-bookmark  label  Edited Device Check");
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("values the plan cannot see", () => {
  test("a secure: value on a plain key is shown as secret and listed as unchecked; the plan cannot check it offline, exit 0", async () => {
    const project = tempProject({ sec: devStackWith({ "okta-managed-device-check:bookmarkLabel": "\n    secure: v1:bm90LWEtcmVhbC1jaXBoZXJ0ZXh0" }) });
    try {
      const { code, stdout } = await plan(["--stack", "sec", "--dir", project.dir, ...TODAY]);
      expect(code).toBe(0);
      const out = lines(stdout);
      expect(out).toContain("Config the plan cannot check without the tenant (the program checks it when Pulumi runs it):");
      expect(out).toContain(
        "  okta-managed-device-check:bookmarkLabel: is encrypted (secure:): its value cannot be checked without the tenant; the program checks the decrypted value when Pulumi runs it",
      );
      expect(out).toContain("Result: cannot check offline: config okta-managed-device-check:bookmarkLabel (exit 0).");
      expect(stdout).not.toContain("bm90LWEtcmVhbC1jaXBoZXJ0ZXh0");
    } finally {
      project.remove();
    }
  });

  test("an ESC environment may supply the credentials: they are listed as unchecked, not refused", async () => {
    const stack = `environment:\n  - acme/okta-preview\n${devStackWith({ "okta:orgName": null, "okta:baseUrl": null })}`;
    const project = tempProject({ esc: stack });
    try {
      const { code, stdout } = await plan(["--stack", "esc", "--dir", project.dir, "--json", ...TODAY]);
      expect(code).toBe(0);
      const [esc] = (JSON.parse(stdout) as PlanDocument).stacks;
      expect(esc.status).toBe("unchecked");
      expect(esc.unchecked?.map((problem) => problem.key)).toEqual(["okta:privateKey", "okta:apiToken", "okta:accessToken"]);
      expect(esc.tenant?.credentials).toBe(
        "none in the stack file: they may come from its ESC environment (acme/okta-preview), else pulumi up reads OKTA_API_TOKEN, or OKTA_API_CLIENT_ID with OKTA_API_PRIVATE_KEY, from the environment",
      );
    } finally {
      project.remove();
    }
  });
});

describe("secrets never appear", () => {
  const CIPHERTEXT_TOKEN = "00aCipherLooksLikeAToken0123456789abcdefXY";
  const PLAINTEXT_TOKEN = "00bPlainTextApiToken9876543210zyxwvutsrqPQ";

  describe("a stack with an encrypted token and an expiresOn that has passed", () => {
    let project: ReturnType<typeof tempProject>;
    let text: PlanRun;
    let json: PlanRun;
    beforeAll(async () => {
      project = tempProject({ old: devStackWith({ "okta:apiToken": `\n    secure: ${CIPHERTEXT_TOKEN}`, "okta-managed-device-check:expiresOn": '"2026-05-31"' }) });
      text = await plan(["--stack", "old", "--dir", project.dir, ...TODAY]);
      json = await plan(["--stack", "old", "--dir", project.dir, "--json", ...TODAY]);
    });
    afterAll(() => project.remove());

    test("the encrypted value is neither decrypted nor echoed, in text or JSON", () => {
      for (const run of [text, json]) {
        expect(run.code).toBe(0);
        expect(run.stdout + run.stderr).not.toContain(CIPHERTEXT_TOKEN);
        expect(run.stdout).toContain("okta:apiToken [secret]");
      }
    });

    test("a warning line names pulumi destroy --stack <name>, and so do warnings in JSON", () => {
      const warning =
        "this check expired on 2026-05-31 (okta-managed-device-check:expiresOn in Pulumi.old.yaml); remove it with: pulumi destroy --stack old";
      expect(text.stdout.split("\n").slice(0, 3)).toEqual([expect.stringMatching(/^Offline plan of stack old /), "", `WARNING: ${warning}`]);
      expect(lines(text.stdout)).toContain("  ADVISORY  no-expired-check  (advisory)");
      expect(lines(text.stdout)).toContain("  1. Remove it from the tenant: pulumi destroy --stack old");
      const document = JSON.parse(json.stdout) as PlanDocument;
      expect(document.warnings).toEqual([warning]);
      expect(document.stacks[0]).toMatchObject({ status: "advisory", exitCode: 0, expiresOn: "2026-05-31", warnings: [warning] });
    });
  });

  test("a credential written in the program itself (an explicit provider's apiToken) is redacted", async () => {
    const LITERAL_TOKEN = "00cLiteralTokenInTheProgram1234567890abcdef";
    for (const extra of [[], ["--json"]]) {
      const { code, stdout, stderr } = await plan(["--stack", "dev", "--program", "tests/plan/fixtures/providerWithToken.ts", ...TODAY, ...extra]);
      expect(code).toBe(0);
      expect(stdout + stderr).not.toContain(LITERAL_TOKEN);
      if (extra.length === 0) {
        expect(lines(stdout)).toContain("  pulumi:providers:okta  tenant  apiToken  [secret]");
        expect(lines(stdout)).toContain("Resources pulumi up would create (4 in the tenant, plus 1 component and 1 provider):");
      } else {
        expect((JSON.parse(stdout) as PlanDocument).stacks[0].resources?.find((r) => r.type === "pulumi:providers:okta")?.inputs.apiToken).toBe("[secret]");
      }
    }
  });

  test("a plaintext okta:apiToken is refused with exit 2 naming the key, never echoing the value", async () => {
    const project = tempProject({ leak: devStackWith({ "okta:apiToken": PLAINTEXT_TOKEN }) });
    try {
      for (const extra of [[], ["--json"]]) {
        const { code, stdout, stderr } = await plan(["--stack", "leak", "--dir", project.dir, ...extra]);
        expect(code).toBe(2);
        expect(stdout + stderr).toMatch(/Pulumi\.leak\.yaml: okta:apiToken: must be stored encrypted: a plaintext value was found \(not shown\)/);
        expect(stdout + stderr).not.toContain(PLAINTEXT_TOKEN);
      }
    } finally {
      project.remove();
    }
  });
});
