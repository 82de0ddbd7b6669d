/**
 * The policy pack as the Pulumi CLI runs it: `@pulumi/pulumi/cmd/run-policy-pack` started in
 * `policies/` (ts-node with type checking), driven over the Analyzer gRPC protocol with Analyze per
 * resource and AnalyzeStack for the whole stack. Every answer is also compared with the in-process
 * evaluator the offline plan uses (tools/plan/evaluate.ts), which the policy specs run on.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawn } from "child_process";
import * as ts from "typescript";
import type { CapturedResource } from "../../tools/plan/capture";
import { TYPES } from "../../policies/okta";
import { evaluatePolicies, Finding, PolicyPackConfig } from "../../tools/plan/evaluate";
import { PolicyPackProcess, runPolicyPackScript, startPolicyPack } from "../support/analyzerClient";
import { AnalyzerDiagnostic, AnalyzerResourceInput, secret } from "../support/analyzerProtocol";
import { OFFLINE_TENANT } from "../../tools/plan/offlineTenant";
import { runProgram, stackConfig } from "../support/program";
import { componentRule, pluralEntry, UNKNOWN, urn } from "./harness";

const ROOT = path.resolve(__dirname, "..", "..");
const PACK_DIR = path.join(ROOT, "policies");
const STACK = "dev";
const PROJECT = "okta-managed-device-check";

type EngineResource = AnalyzerResourceInput & { dependencies: string[]; opts: { protect: boolean; deleteBeforeReplace?: boolean; parent?: string } };

/**
 * What the engine shows a policy pack for a program captured under mocks: the stack's root
 * resource and the default Okta provider are added (mocks do not register them), top-level
 * resources get the stack as parent, and custom resources carry their provider.
 */
function engineView(captured: CapturedResource[], stack: string, providerProps: Record<string, unknown>): EngineResource[] {
  const stackUrn = `urn:pulumi:${stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${stack}`;
  const provider = { urn: `urn:pulumi:${stack}::${PROJECT}::pulumi:providers:okta::default_7_0_0`, type: TYPES.oktaProvider, name: "default_7_0_0", props: { version: "7.0.0", ...providerProps } };
  return [
    { urn: stackUrn, type: TYPES.stack, name: `${PROJECT}-${stack}`, props: {}, dependencies: [], opts: { protect: false } },
    { ...provider, parent: stackUrn, dependencies: [], opts: { protect: false, parent: stackUrn } },
    ...captured.map((r) => {
      const parent = r.parent ?? stackUrn;
      return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: r.inputs,
        propertyDependencies: r.propertyDependencies,
        dependencies: r.dependencies,
        parent,
        opts: { protect: r.protect, parent, ...(r.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}) },
        ...(r.custom ? { provider } : {}),
      };
    }),
  ];
}

interface Diagnostic {
  policyName: string;
  enforcementLevel: string;
  message: string;
  urn?: string;
}

let pack: PolicyPackProcess;
let typeErrorPack: Promise<{ code: number | null; stderr: string; stdout: string }>;
let controlDir: string;
/**
 * The dev stack under mocks: a first preview (every id unknown) and an update (ids known); the same
 * stack past its expiry date; and with fastPassKey okta_verify_fastpass (orgs with Flexible Okta Verify).
 */
const devStack: Record<"unknownIds" | "knownIds" | "expired" | "flexible", EngineResource[]> = { unknownIds: [], knownIds: [], expired: [], flexible: [] };

/**
 * A pack with a deliberate type error, run by the same runner with the same tsconfig settings:
 * it must fail to start, which shows the runner type-checks (not just transpiles) the pack.
 */
function startTypeErrorPack(): Promise<{ code: number | null; stderr: string; stdout: string }> {
  controlDir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-typecheck-"));
  const tsconfigPath = path.join(PACK_DIR, "tsconfig.json");
  const tsconfig = ts.parseConfigFileTextToJson(tsconfigPath, fs.readFileSync(tsconfigPath, "utf8")).config;
  tsconfig.extends = path.join(ROOT, "tsconfig.json");
  tsconfig.compilerOptions = { ...tsconfig.compilerOptions, typeRoots: [path.join(ROOT, "node_modules", "@types")] };
  fs.writeFileSync(path.join(controlDir, "tsconfig.json"), JSON.stringify(tsconfig));
  fs.writeFileSync(path.join(controlDir, "package.json"), JSON.stringify({ name: "typecheck-control", version: "0.0.1", main: "index.ts" }));
  fs.writeFileSync(path.join(controlDir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
  fs.writeFileSync(path.join(controlDir, "index.ts"), 'const port: number = "not a number";\nexport { port };\n');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runPolicyPackScript(PACK_DIR), "127.0.0.1:0", "."], { cwd: controlDir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

beforeAll(async () => {
  typeErrorPack = startTypeErrorPack();
  const started = startPolicyPack(PACK_DIR, { stack: STACK, dryRun: true, tags: { purpose: "okta-managed-device-check" } });
  const dev = stackConfig(STACK);
  const provider = { orgName: "acme-preview", baseUrl: "oktapreview.com", apiToken: secret("[secret]") };
  devStack.unknownIds = engineView((await runProgram(dev, { stack: STACK, preview: true, tenant: OFFLINE_TENANT })).resources, STACK, provider);
  devStack.knownIds = engineView((await runProgram(dev, { stack: STACK, preview: false })).resources, STACK, provider);
  const expired = { ...dev, "okta-managed-device-check:expiresOn": "2020-01-31" };
  devStack.expired = engineView((await runProgram(expired, { stack: STACK, preview: true, tenant: OFFLINE_TENANT })).resources, STACK, provider);
  const flexible = { ...dev, "okta-managed-device-check:fastPassKey": "okta_verify_fastpass" };
  devStack.flexible = engineView((await runProgram(flexible, { stack: STACK, preview: true, tenant: OFFLINE_TENANT })).resources, STACK, provider);
  pack = await started;
}, 120_000);

afterAll(async () => {
  await pack?.stop();
  await typeErrorPack;
  if (controlDir) fs.rmSync(controlDir, { recursive: true, force: true });
});

/** What `pulumi preview --policy-pack policies` gets: Analyze for each resource, then AnalyzeStack. */
async function analyzeAll(resources: EngineResource[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const strip = (d: AnalyzerDiagnostic, resourceUrn?: string): Diagnostic => ({
    policyName: d.policyName,
    enforcementLevel: d.enforcementLevel,
    message: d.message,
    // The engine attributes an Analyze diagnostic to the resource it analyzed.
    ...(resourceUrn ?? d.urn ? { urn: resourceUrn ?? d.urn } : {}),
  });
  for (const resource of resources) {
    const { diagnostics } = await pack.analyze(resource);
    for (const d of diagnostics) {
      expect(d.policyPackName).toBe("okta-managed-device-check");
      expect(d.policyPackVersion).toBe("0.1.0");
      out.push(strip(d, resource.urn));
    }
  }
  const { diagnostics } = await pack.analyzeStack(resources);
  out.push(...diagnostics.map((d) => strip(d)));
  return out;
}

function inProcess(resources: EngineResource[], config?: PolicyPackConfig): Diagnostic[] {
  return evaluatePolicies(resources, { config }).map((f: Finding) => ({ policyName: f.policyName, enforcementLevel: f.enforcementLevel, message: f.message, ...(f.urn ? { urn: f.urn } : {}) }));
}

const mandatoryNames = (diagnostics: Diagnostic[]) => [...new Set(diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.policyName))].sort();

function byType(resources: EngineResource[], type: string): EngineResource {
  const found = resources.find((r) => r.type === type);
  if (!found) throw new Error(`no ${type}`);
  return found;
}

describe("the pack as the Pulumi CLI starts it", () => {
  it("loads through ts-node with type checking, from policies/, and prints its port", async () => {
    expect(pack.port).toBeGreaterThan(0);
    expect(pack.stdout().trim()).toBe(String(pack.port));
    expect(pack.stderr()).toBe("");
    expect(pack.handshake).toBe("unimplemented");
    // The same runner refuses a pack with a type error: it type-checks, it does not just transpile.
    const control = await typeErrorPack;
    expect(control.code).not.toBe(0);
    expect(control.stdout).toBe("");
    expect(control.stderr).toContain("TS2322");
    expect(control.stderr).toContain("Type 'string' is not assignable to type 'number'");
  });

  it("describes every policy, its level, kind and config schema", () => {
    expect(pack.info).toMatchObject({ name: "okta-managed-device-check", version: "0.1.0", supportsConfig: true });
    expect(pack.info.policies.map((p) => [p.name, p.enforcementLevel, p.policyType])).toEqual([
      ["no-catch-all-allow", "mandatory", "resource"],
      ["no-allow-rule-without-managed-device", "mandatory", "resource"],
      ["no-allow-rule-without-fastpass", "mandatory", "resource"],
      ["no-allow-rule-without-reauthentication", "mandatory", "resource"],
      ["no-narrowed-allow-rule", "mandatory", "resource"],
      ["no-check-policy-on-other-apps", "mandatory", "stack"],
      ["no-rule-on-policy-outside-stack", "mandatory", "stack"],
      ["no-resource-types-outside-check", "mandatory", "resource"],
      ["no-bookmark-assignment-beyond-test-users", "mandatory", "stack"],
      ["no-insecure-bookmark-url", "mandatory", "resource"],
      ["no-bookmark-without-check-policy", "mandatory", "resource"],
      ["no-bookmark-on-policy-outside-stack", "mandatory", "stack"],
      ["no-check-on-other-org", "mandatory", "stack"],
      ["no-expired-check", "advisory", "resource"],
    ]);
    const schema = (name: string) => pack.info.policies.find((p) => p.name === name)?.configSchema?.properties;
    expect(schema("no-bookmark-assignment-beyond-test-users")).toMatchObject({ maxUsers: { type: "integer", default: 5 }, allowedGroupIds: { type: "array", default: [] } });
    expect(schema("no-resource-types-outside-check")).toMatchObject({ additionalAllowedTypes: { type: "array", default: [] } });
  });
});

describe("(a) the resources the component declares for Pulumi.dev.yaml, under mocks", () => {
  it.each(["unknownIds", "knownIds"] as const)("give no diagnostic at all (%s)", async (which) => {
    const resources = devStack[which];
    expect(resources.map((r) => r.type).sort()).toEqual(
      [TYPES.stack, TYPES.oktaProvider, TYPES.component, TYPES.appSignonPolicy, TYPES.appSignonPolicyRule, TYPES.bookmark, TYPES.appUser].sort(),
    );
    const ids = [byType(resources, TYPES.appSignonPolicyRule).props.policyId, byType(resources, TYPES.bookmark).props.authenticationPolicy, byType(resources, TYPES.appUser).props.appId];
    expect(ids.every((id) => id === UNKNOWN)).toBe(which === "unknownIds");
    expect(await analyzeAll(resources)).toEqual([]);
    expect(inProcess(resources)).toEqual([]);
  });
});

type Variant = [string, (resources: EngineResource[]) => void, string[]];

const clone = (resources: EngineResource[]): EngineResource[] => JSON.parse(JSON.stringify(resources));
const add = (resources: EngineResource[], r: Omit<EngineResource, "dependencies" | "opts"> & Partial<EngineResource>) =>
  resources.push({ dependencies: Object.values(r.propertyDependencies ?? {}).flat(), opts: { protect: false, parent: r.parent }, ...r });

const VARIANTS: Variant[] = [
  ["catchAll left unset", (rs) => delete byType(rs, TYPES.appSignonPolicy).props.catchAll, ["no-catch-all-allow"]],
  ["an allow rule without deviceIsManaged", (rs) => (byType(rs, TYPES.appSignonPolicyRule).props.deviceIsManaged = false), ["no-allow-rule-without-managed-device"]],
  ["an allow rule without constraints", (rs) => (byType(rs, TYPES.appSignonPolicyRule).props.constraints = []), ["no-allow-rule-without-fastpass"]],
  ["an allow rule with the provider's reauthentication default", (rs) => delete byType(rs, TYPES.appSignonPolicyRule).props.reAuthenticationFrequency, ["no-allow-rule-without-reauthentication"]],
  [
    "plural rules with an unsafe allow entry and an allowing catch-all",
    (rs) => {
      const rule = byType(rs, TYPES.appSignonPolicyRule);
      Object.assign(rule, {
        type: TYPES.signonPolicyRules,
        urn: rule.urn.replace(TYPES.appSignonPolicyRule, TYPES.signonPolicyRules),
        props: { policyId: rule.props.policyId, rules: [pluralEntry({ deviceIsManaged: false, constraints: [], reAuthenticationFrequency: "PT2H" }), { name: "Catch-all Rule", access: "ALLOW" }] },
      });
    },
    ["no-allow-rule-without-fastpass", "no-allow-rule-without-managed-device", "no-allow-rule-without-reauthentication", "no-catch-all-allow"],
  ],
  [
    "a singular rule on a policy the stack does not create",
    (rs) => add(rs, { urn: urn(TYPES.appSignonPolicyRule, "default-rule"), type: TYPES.appSignonPolicyRule, name: "default-rule", props: componentRule({ policyId: "00pDEFAULTPOLICY0001" }) }),
    ["no-rule-on-policy-outside-stack"],
  ],
  [
    "plural rules on a policy the stack does not create",
    (rs) => add(rs, { urn: urn(TYPES.signonPolicyRules, "default-rules"), type: TYPES.signonPolicyRules, name: "default-rules", props: { policyId: "00pDEFAULTPOLICY0001", rules: [pluralEntry()] } }),
    ["no-rule-on-policy-outside-stack"],
  ],
  [
    "the check's policy on a production OAuth app",
    (rs) => {
      const policy = byType(rs, TYPES.appSignonPolicy);
      add(rs, { urn: urn("okta:app/oAuth:OAuth", "payroll"), type: "okta:app/oAuth:OAuth", name: "payroll", props: { label: "Payroll", authenticationPolicy: UNKNOWN }, propertyDependencies: { authenticationPolicy: [policy.urn] } });
    },
    ["no-check-policy-on-other-apps", "no-resource-types-outside-check"],
  ],
  [
    "an access policy assignment of the check's policy to another app",
    (rs) => {
      const policy = byType(rs, TYPES.appSignonPolicy);
      add(rs, { urn: urn(TYPES.accessPolicyAssignment, "payroll"), type: TYPES.accessPolicyAssignment, name: "payroll", props: { appId: "0oaPRODUCTIONAPP0001", policyId: UNKNOWN }, propertyDependencies: { policyId: [policy.urn] } });
    },
    ["no-check-policy-on-other-apps", "no-resource-types-outside-check"],
  ],
  [
    "the org's global session policy and a rule on it",
    (rs) => {
      add(rs, { urn: urn("okta:policy/signon:Signon", "global"), type: "okta:policy/signon:Signon", name: "global", props: { name: "Default Policy" } });
      add(rs, { urn: urn("okta:policy/ruleSignon:RuleSignon", "global-rule"), type: "okta:policy/ruleSignon:RuleSignon", name: "global-rule", props: { policyId: "00pGLOBAL", access: "ALLOW" } });
    },
    ["no-resource-types-outside-check"],
  ],
  [
    "the bookmark assigned to a group",
    (rs) => {
      const bookmark = byType(rs, TYPES.bookmark);
      add(rs, { urn: urn(TYPES.groupAssignment, "everyone"), type: TYPES.groupAssignment, name: "everyone", props: { appId: UNKNOWN, groupId: "00gEVERYONE000000001" }, propertyDependencies: { appId: [bookmark.urn] } });
    },
    ["no-bookmark-assignment-beyond-test-users"],
  ],
  [
    "the bookmark assigned to more users than the maximum",
    (rs) => {
      const user = byType(rs, TYPES.appUser);
      for (let i = 0; i < 5; i++) add(rs, { ...user, urn: `${user.urn}-${i}`, name: `${user.name}-${i}`, props: { ...user.props, userId: `00u0000000000000000${i}` } });
    },
    ["no-bookmark-assignment-beyond-test-users"],
  ],
  ["a bookmark URL over http", (rs) => (byType(rs, TYPES.bookmark).props.url = "http://www.okta.com/"), ["no-insecure-bookmark-url"]],
  ["a bookmark that skips its authentication policy", (rs) => (byType(rs, TYPES.bookmark).props.skipAuthenticationPolicy = true), ["no-bookmark-without-check-policy"]],
  [
    "an allow rule narrowed to a network zone",
    (rs) => Object.assign(byType(rs, TYPES.appSignonPolicyRule).props, { networkConnection: "ZONE", networkIncludes: ["nzo1office0000000d7x1"] }),
    ["no-narrowed-allow-rule"],
  ],
  ["a bookmark with an empty authenticationPolicy", (rs) => Object.assign(byType(rs, TYPES.bookmark), { props: { ...byType(rs, TYPES.bookmark).props, authenticationPolicy: "" }, propertyDependencies: {} }), ["no-bookmark-without-check-policy"]],
  [
    "a bookmark on the literal id of the tenant's default policy",
    (rs) => Object.assign(byType(rs, TYPES.bookmark), { props: { ...byType(rs, TYPES.bookmark).props, authenticationPolicy: "rst1default00000d7x1" }, propertyDependencies: {} }),
    ["no-bookmark-on-policy-outside-stack"],
  ],
  ["a bookmark URL with credentials", (rs) => (byType(rs, TYPES.bookmark).props.url = "https://admin:hunter2@intranet.example/"), ["no-insecure-bookmark-url"]],
  ["a bookmark URL on localhost", (rs) => (byType(rs, TYPES.bookmark).props.url = "https://127.0.0.1/"), ["no-insecure-bookmark-url"]],
  [
    "the check on an explicit provider for another org",
    (rs) => {
      const production = { urn: urn(TYPES.oktaProvider, "production"), type: TYPES.oktaProvider, name: "production", props: { orgName: "acme", baseUrl: "okta.com", apiToken: secret("[secret]") } };
      add(rs, { ...production, parent: rs[0].urn });
      for (const r of rs) if (r.provider) r.provider = production;
    },
    ["no-check-on-other-org"],
  ],
];

describe("(b) unsafe variants of the component's resources", () => {
  it.each(VARIANTS)("%s: rejected at mandatory level by the expected policies, in a first preview", async (_what, mutate, expected) => {
    const resources = clone(devStack.unknownIds);
    mutate(resources);
    const diagnostics = await analyzeAll(resources);
    expect(mandatoryNames(diagnostics)).toEqual([...expected].sort());
    expect(diagnostics.filter((d) => d.enforcementLevel !== "mandatory")).toEqual([]);
    expect(inProcess(resources)).toEqual(diagnostics);
  });

  it("with known ids too (an update)", async () => {
    const resources = clone(devStack.knownIds);
    delete byType(resources, TYPES.appSignonPolicy).props.catchAll;
    add(resources, { urn: urn(TYPES.appSignonPolicyRule, "default-rule"), type: TYPES.appSignonPolicyRule, name: "default-rule", props: componentRule({ policyId: "00pDEFAULTPOLICY0001" }) });
    const diagnostics = await analyzeAll(resources);
    expect(mandatoryNames(diagnostics)).toEqual(["no-catch-all-allow", "no-rule-on-policy-outside-stack"]);
    expect(inProcess(resources)).toEqual(diagnostics);
  });
});

describe("ids laundered through apply, seen in the outputs AnalyzeStack is called on", () => {
  it("a bookmark, a rule and an assignment computed from the check's ids but holding others are rejected once ids are known", async () => {
    const resources = clone(devStack.knownIds);
    const policy = byType(resources, TYPES.appSignonPolicy);
    const bookmark = byType(resources, TYPES.bookmark);
    const rule = byType(resources, TYPES.appSignonPolicyRule);
    const user = byType(resources, TYPES.appUser);
    const ids = { policy: rule.props.policyId, bookmark: user.props.appId };
    expect(bookmark.props.authenticationPolicy).toBe(ids.policy);
    bookmark.props.authenticationPolicy = "rst1default00000d7x1";
    rule.props.policyId = "rst1default00000d7x1";
    user.props.appId = "0oaPRODUCTIONAPP0001";
    // The engine sends outputs to AnalyzeStack: the provider echoes the inputs and adds each id.
    const outputs = resources.map((r) => (r === policy ? { ...r, props: { ...r.props, id: ids.policy } } : r === bookmark ? { ...r, props: { ...r.props, id: ids.bookmark } } : r));
    const { diagnostics } = await pack.analyzeStack(outputs);
    expect(diagnostics.map((d) => `${d.policyName}=${d.enforcementLevel}@${d.urn?.split("::").pop()}`).sort()).toEqual(
      ["no-bookmark-assignment-beyond-test-users=mandatory@check-user-alice@acme.example", "no-bookmark-on-policy-outside-stack=mandatory@check-bookmark", "no-rule-on-policy-outside-stack=mandatory@check-rule"].map((d) =>
        d.replace("check-", `${byType(resources, TYPES.component).name}-`),
      ),
    );
    const withOutputs = resources.map((r) => (r === policy || r === bookmark ? { ...r, outputs: { ...r.props, id: r === policy ? ids.policy : ids.bookmark } } : r));
    const offline = evaluatePolicies(withOutputs).filter((f) => ["no-bookmark-assignment-beyond-test-users", "no-bookmark-on-policy-outside-stack", "no-rule-on-policy-outside-stack"].includes(f.policyName));
    expect(offline.map((f) => f.message).sort()).toEqual(diagnostics.map((d) => d.message).sort());
  });
});

describe("Okta Verify FastPass in either form (issue 13)", () => {
  const ruleOf = (resources: EngineResource[]) => byType(resources, TYPES.appSignonPolicyRule);
  const only = (...authenticationMethods: Record<string, unknown>[]) => [JSON.stringify({ possession: { authenticationMethods, required: true } })];

  it("the stack with fastPassKey okta_verify_fastpass declares that form, and the pack accepts it", async () => {
    const resources = devStack.flexible;
    expect(ruleOf(resources).props.constraints).toEqual(['{"possession":{"authenticationMethods":[{"key":"okta_verify_fastpass","method":"signed_nonce"}],"required":true}}']);
    expect(await analyzeAll(resources)).toEqual([]);
    expect(inProcess(resources)).toEqual([]);
  });

  it.each([
    ["okta_verify, with userPresence added to the method and to possession", [JSON.stringify({ possession: { authenticationMethods: [{ key: "okta_verify", method: "signed_nonce", userPresence: { required: true } }], required: true, userPresence: "REQUIRED" } })]],
    ["either key in one list", only({ key: "okta_verify", method: "signed_nonce" }, { key: "okta_verify_fastpass", method: "signed_nonce" })],
  ])("accepts FastPass as %s", async (_what, constraints) => {
    const resources = clone(devStack.unknownIds);
    ruleOf(resources).props.constraints = constraints;
    expect(await analyzeAll(resources)).toEqual([]);
    expect(inProcess(resources)).toEqual([]);
  });

  it.each([
    ["Okta Verify push", { key: "okta_verify", method: "push" }],
    ["Okta Verify push, per-method key", { key: "okta_verify_push", method: "push" }],
    ["Okta Verify TOTP", { key: "okta_verify", method: "totp" }],
    ["Okta Verify TOTP, per-method key", { key: "okta_verify_totp", method: "totp" }],
    ["the FastPass key with another method", { key: "okta_verify_fastpass", method: "push" }],
  ])("rejects %s at mandatory level, alone or beside FastPass", async (_what, method) => {
    for (const constraints of [only(method), only({ key: "okta_verify_fastpass", method: "signed_nonce" }, method)]) {
      const resources = clone(devStack.flexible);
      ruleOf(resources).props.constraints = constraints;
      const diagnostics = await analyzeAll(resources);
      expect(diagnostics.map((d) => `${d.policyName}=${d.enforcementLevel}`)).toEqual(["no-allow-rule-without-fastpass=mandatory"]);
      expect(diagnostics[0].message).toContain(`${method.key}/${method.method}`);
      expect(inProcess(resources)).toEqual(diagnostics);
    }
  });
});

describe("the engine's marshalling and resolution, as the evaluator reproduces them", () => {
  it("unwraps secrets and skips internal keys", async () => {
    const resources = clone(devStack.knownIds);
    Object.assign(byType(resources, TYPES.bookmark).props, { url: secret("http://www.okta.com/"), __defaults: ["label"] });
    const diagnostics = await analyzeAll(resources);
    expect(diagnostics.map((d) => d.policyName)).toEqual(["no-insecure-bookmark-url"]);
    expect(diagnostics[0].message).toContain('url is "http://www.okta.com/"');
    expect(inProcess(resources)).toEqual(diagnostics);
  });

  it("drops property dependencies on resources outside the stack", async () => {
    const resources = clone(devStack.knownIds);
    byType(resources, TYPES.appSignonPolicyRule).propertyDependencies = { policyId: ["urn:pulumi:dev::other::okta:index/appSignonPolicy:AppSignonPolicy::elsewhere"] };
    const diagnostics = await analyzeAll(resources);
    expect(mandatoryNames(diagnostics)).toEqual(["no-rule-on-policy-outside-stack"]);
    expect(inProcess(resources)).toEqual(diagnostics);
  });

  it("reports a policy as not applicable to a resource type it does not cover", async () => {
    const { diagnostics, notApplicable } = await pack.analyze(byType(devStack.knownIds, TYPES.bookmark));
    expect(diagnostics).toEqual([]);
    expect(notApplicable).toEqual([
      { policyName: "no-catch-all-allow", reason: "Policy only applies to app sign-on policies and their rules" },
      { policyName: "no-allow-rule-without-managed-device", reason: "Policy only applies to app sign-on policy rules (okta.AppSignonPolicyRule, okta.app.SignonPolicyRules)" },
      { policyName: "no-allow-rule-without-fastpass", reason: "Policy only applies to app sign-on policy rules (okta.AppSignonPolicyRule, okta.app.SignonPolicyRules)" },
      { policyName: "no-allow-rule-without-reauthentication", reason: "Policy only applies to app sign-on policy rules (okta.AppSignonPolicyRule, okta.app.SignonPolicyRules)" },
      { policyName: "no-narrowed-allow-rule", reason: "Policy only applies to app sign-on policy rules (okta.AppSignonPolicyRule, okta.app.SignonPolicyRules)" },
      { policyName: "no-expired-check", reason: "Policy only applies to resources of type 'okta:index/appSignonPolicy:AppSignonPolicy'" },
    ]);
  });
});

describe("preview-time unknowns and advisories", () => {
  it("an unknown value gives the engine's advisory, not a mandatory violation", async () => {
    const resources = clone(devStack.unknownIds);
    const rule = byType(resources, TYPES.appSignonPolicyRule);
    rule.props.deviceIsManaged = UNKNOWN;
    const diagnostics = await analyzeAll(resources);
    expect(diagnostics).toEqual([
      {
        policyName: "no-allow-rule-without-managed-device",
        enforcementLevel: "advisory",
        message: "can't run policy 'no-allow-rule-without-managed-device' from policy pack 'okta-managed-device-check@v0.1.0' during preview: string value at .deviceIsManaged can't be known during preview",
        urn: rule.urn,
      },
    ]);
    expect(inProcess(resources)).toEqual(diagnostics);
  });

  it("a stack policy reports its unknown without a URN, after the violations it found", async () => {
    const resources = clone(devStack.unknownIds);
    add(resources, { urn: urn(TYPES.groupAssignment, "g"), type: TYPES.groupAssignment, name: "g", props: { appId: UNKNOWN, groupId: UNKNOWN }, propertyDependencies: { appId: [byType(resources, TYPES.bookmark).urn] } });
    const diagnostics = await analyzeAll(resources);
    expect(diagnostics).toEqual([
      {
        policyName: "no-bookmark-assignment-beyond-test-users",
        enforcementLevel: "advisory",
        message: "can't run policy 'no-bookmark-assignment-beyond-test-users' from policy pack 'okta-managed-device-check@v0.1.0' during preview: string value at .groupId can't be known during preview",
      },
    ]);
    expect(inProcess(resources)).toEqual(diagnostics);
  });

  it("an expired check (expiresOn in the stack config has passed) is reported as advisory, naming pulumi destroy for the stack", async () => {
    const resources = devStack.expired;
    const policy = byType(resources, TYPES.appSignonPolicy);
    expect(policy.props.description).toMatch(/ Expires 2020-01-31\.$/);
    const diagnostics = await analyzeAll(resources);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ policyName: "no-expired-check", enforcementLevel: "advisory", urn: policy.urn });
    expect(diagnostics[0].message).toContain("The managed-device check expired on 2020-01-31");
    expect(diagnostics[0].message).toContain("Fix: run `pulumi destroy --stack dev`");
    expect(inProcess(resources)).toEqual(diagnostics);
  });
});

describe("policy config sent with Configure, as --policy-pack-config", () => {
  afterEach(async () => {
    await pack.configure();
  });

  it("changes levels and parameters, as the in-process evaluator does", async () => {
    const resources = clone(devStack.unknownIds);
    byType(resources, TYPES.bookmark).props.url = "http://www.okta.com/";
    const valid: PolicyPackConfig = { all: "advisory", "no-resource-types-outside-check": "disabled", "no-bookmark-assignment-beyond-test-users": { enforcementLevel: "mandatory", allowedGroupIds: ["00gTESTERS0000000001"] } };
    const bookmark = byType(resources, TYPES.bookmark);
    add(resources, { urn: urn(TYPES.groupAssignment, "testers"), type: TYPES.groupAssignment, name: "testers", props: { appId: UNKNOWN, groupId: "00gTESTERS0000000001" }, propertyDependencies: { appId: [bookmark.urn] } });
    add(resources, { urn: urn("okta:group/group:Group", "testers"), type: "okta:group/group:Group", name: "testers", props: { name: "Testers" } });
    const sent = await pack.configure(valid);
    expect(sent["no-insecure-bookmark-url"]).toEqual({ enforcementLevel: "advisory", properties: {} });
    expect(sent["no-bookmark-assignment-beyond-test-users"]).toEqual({ enforcementLevel: "mandatory", properties: { maxUsers: 5, allowedUserIds: [], allowedGroupIds: ["00gTESTERS0000000001"] } });
    const diagnostics = await analyzeAll(resources);
    expect(diagnostics.map((d) => `${d.policyName}=${d.enforcementLevel}`)).toEqual(["no-insecure-bookmark-url=advisory"]);
    expect(inProcess(resources, valid)).toEqual(diagnostics);
  });
});
