import * as fs from "fs";
import * as path from "path";
import { CATCH_ALL_RULE_NAME, EVERY_SIGN_IN, FASTPASS_CONSTRAINT, MANAGED_DEVICE_CHECK_TYPE } from "../../components";
import { POLICIES, POLICY_PACK_ENFORCEMENT_LEVEL, POLICY_PACK_NAME } from "../../policies/all";
import {
  deserializeProps,
  evaluate,
  evaluatePolicies,
  Finding,
  POLICY_PACK_VERSION,
  policyVerdicts,
  reconcilePolicyConfig,
  SECRET_SIG,
  SECRET_SIG_KEY,
  UNKNOWN,
} from "../../policies/evaluate";
import * as scope from "../../policies/scope";
import { toEngineStruct } from "../support/analyzerClient";
import { runProgram, stackConfig } from "../support/program";
import { checkResources, componentRule, engineView, find, Res, urn } from "./harness";

const { TYPES } = scope;
const ROOT = path.resolve(__dirname, "..", "..");
const secret = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });
const mandatory = (findings: Finding[]) => findings.filter((f) => f.enforcementLevel === "mandatory");

const EXPECTED_POLICIES = [
  ["no-catch-all-allow", "mandatory"],
  ["no-allow-rule-without-managed-device", "mandatory"],
  ["no-allow-rule-without-fastpass", "mandatory"],
  ["no-allow-rule-without-reauthentication", "mandatory"],
  ["no-check-policy-on-other-apps", "mandatory"],
  ["no-rule-on-policy-outside-stack", "mandatory"],
  ["no-resource-types-outside-check", "mandatory"],
  ["no-bookmark-assignment-beyond-test-users", "mandatory"],
  ["no-insecure-bookmark-url", "mandatory"],
  ["no-bookmark-without-check-policy", "mandatory"],
  ["no-expired-check", "advisory"],
];

describe("the pack's contents", () => {
  it("lists every policy once, with its level", () => {
    expect(POLICIES.map((p) => [p.name, p.enforcementLevel])).toEqual(EXPECTED_POLICIES);
    expect(POLICY_PACK_NAME).toBe("okta-managed-device-check");
    expect(POLICY_PACK_ENFORCEMENT_LEVEL).toBe("mandatory");
  });

  it("has a package.json with a version and the root's @pulumi versions, and a nodejs PulumiPolicy.yaml", () => {
    const pack = JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8"));
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pack.version).toBe(POLICY_PACK_VERSION);
    expect(pack.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pack.dependencies).toEqual({ "@pulumi/policy": root.dependencies["@pulumi/policy"], "@pulumi/pulumi": root.dependencies["@pulumi/pulumi"] });
    expect(fs.readFileSync(path.join(ROOT, "policies", "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
    expect(fs.existsSync(path.join(ROOT, "policies", "node_modules"))).toBe(false);
  });

  it("uses the component's own values", () => {
    expect(scope.TYPES.component).toBe(MANAGED_DEVICE_CHECK_TYPE);
    expect(scope.EVERY_SIGN_IN).toBe(EVERY_SIGN_IN);
    expect(scope.CATCH_ALL_RULE_NAME).toBe(CATCH_ALL_RULE_NAME);
    expect(JSON.parse(FASTPASS_CONSTRAINT).possession.authenticationMethods).toEqual([scope.FASTPASS_METHOD]);
    expect(componentRule().constraints).toEqual([FASTPASS_CONSTRAINT]);
  });

  it("uses the engine's sentinels", () => {
    const rpc = require("@pulumi/pulumi/runtime/rpc");
    expect(UNKNOWN).toBe(rpc.unknownValue);
    expect(SECRET_SIG_KEY).toBe(rpc.specialSigKey);
    expect(SECRET_SIG).toBe(rpc.specialSecretSig);
  });
});

describe("evaluatePolicies on the program under mocks", () => {
  // The engine-protocol test runs the dev stack through the real pack and this evaluator.
  it("finds nothing but the expiry advisory for the prod stack past its expiresOn, in a first preview", async () => {
    const raw = { ...stackConfig("prod"), "okta-managed-device-check:expiresOn": "2020-01-31" };
    const { resources } = await runProgram(raw, { stack: "prod", preview: true, tenant: "unknown" });
    const findings = evaluatePolicies(engineView(resources, "prod", { apiToken: secret("t0ken") }));
    expect(findings).toEqual([
      {
        policyName: "no-expired-check",
        enforcementLevel: "advisory",
        message: expect.stringContaining("The managed-device check expired on 2020-01-31"),
        urn: "urn:pulumi:prod::okta-managed-device-check::okta-managed-device-check:index:ManagedDeviceCheck$okta:index/appSignonPolicy:AppSignonPolicy::managed-device-check-policy",
        name: "managed-device-check-policy",
        phase: "resource",
      },
    ]);
    expect(findings[0].message).toContain("`pulumi destroy --stack prod`");
  });
});

describe("the engine's semantics", () => {
  const bookmark = (resources: Res[]) => find(resources, TYPES.bookmark);

  it("prefixes a violation with the policy's description, as the engine prints it", () => {
    const resources = checkResources();
    bookmark(resources).props.url = "http://www.okta.com/";
    const [finding] = evaluatePolicies(resources);
    expect(finding).toEqual({
      policyName: "no-insecure-bookmark-url",
      enforcementLevel: "mandatory",
      message: expect.stringMatching(/^Forbids a bookmark URL that is not https\.\nBookmark check-bookmark: url is "http:\/\/www\.okta\.com\/", which uses http instead of https\./),
      urn: bookmark(resources).urn,
      name: "check-bookmark",
      phase: "resource",
    });
  });

  it("turns a value unknown during preview into the engine's advisory, never a mandatory violation", () => {
    const resources = checkResources({ unknownIds: true });
    find(resources, TYPES.appSignonPolicy).props.catchAll = UNKNOWN;
    expect(evaluatePolicies(resources)).toEqual([
      {
        policyName: "no-catch-all-allow",
        enforcementLevel: "advisory",
        message: "can't run policy 'no-catch-all-allow' from policy pack 'okta-managed-device-check@v0.1.0' during preview: string value at .catchAll can't be known during preview",
        urn: find(resources, TYPES.appSignonPolicy).urn,
        name: "check-policy",
        phase: "resource",
      },
    ]);
  });

  it("reports a stack policy's unknown without a URN, after the violations it found", () => {
    const resources = checkResources({ users: ["a@x.io", "b@x.io"] });
    resources.push({ urn: urn(TYPES.groupAssignment, "g"), type: TYPES.groupAssignment, name: "g", props: { appId: UNKNOWN, groupId: UNKNOWN }, propertyDependencies: { appId: [bookmark(resources).urn] } });
    const findings = evaluatePolicies(resources, { config: { "no-bookmark-assignment-beyond-test-users": { maxUsers: 1 } } });
    expect(findings.map((f) => [f.policyName, f.enforcementLevel, f.urn, f.phase])).toEqual([
      ["no-bookmark-assignment-beyond-test-users", "mandatory", bookmark(resources).urn, "stack"],
      ["no-bookmark-assignment-beyond-test-users", "advisory", undefined, "stack"],
    ]);
    expect(findings[1].message).toBe(
      "can't run policy 'no-bookmark-assignment-beyond-test-users' from policy pack 'okta-managed-device-check@v0.1.0' during preview: string value at .groupId can't be known during preview",
    );
  });

  it("unwraps secrets and skips internal keys, as the engine marshals properties", () => {
    const resources = checkResources();
    Object.assign(bookmark(resources).props, { url: secret("http://www.okta.com/"), __defaults: ["label"] });
    const findings = evaluatePolicies(resources);
    expect(findings.map((f) => f.policyName)).toEqual(["no-insecure-bookmark-url"]);
    expect(findings[0].message).toContain('url is "http://www.okta.com/"');
  });

  it("deserializes like @pulumi/policy does from the engine's Struct", () => {
    const { deserializeProperties } = require("@pulumi/policy/deserialize");
    const props = { a: secret({ b: [1, "x", null, secret(true)] }), c: UNKNOWN, d: { e: [] }, f: null, g: undefined, __defaults: [] };
    expect(deserializeProps(props)).toEqual(deserializeProperties(toEngineStruct(props), false));
    expect(deserializeProps(props)).toEqual({ a: { b: [1, "x", null, true] }, c: UNKNOWN, d: { e: [] }, f: null });
  });

  it("drops property dependencies on resources that are not in the stack", () => {
    const resources = checkResources();
    const rule = find(resources, TYPES.appSignonPolicyRule);
    rule.propertyDependencies = { policyId: ["urn:pulumi:dev::other::okta:index/appSignonPolicy:AppSignonPolicy::elsewhere"] };
    expect(evaluatePolicies(resources).map((f) => [f.policyName, f.urn])).toEqual([["no-rule-on-policy-outside-stack", rule.urn]]);
  });

  it("catches the component's unsafe variants in singular and plural form", () => {
    const resources = checkResources({ unknownIds: true });
    const rule = find(resources, TYPES.appSignonPolicyRule);
    rule.props = componentRule({ policyId: UNKNOWN, deviceIsManaged: undefined, constraints: [], reAuthenticationFrequency: undefined });
    const plural: Res = {
      ...rule,
      urn: rule.urn.replace(TYPES.appSignonPolicyRule, TYPES.signonPolicyRules).replace("check-rule", "check-rules"),
      type: TYPES.signonPolicyRules,
      name: "check-rules",
      props: { policyId: UNKNOWN, rules: [{ ...componentRule(), policyId: undefined, deviceIsManaged: undefined, constraints: [], reAuthenticationFrequency: undefined }] },
    };
    resources.push(plural);
    const names = mandatory(evaluatePolicies(resources)).map((f) => `${f.policyName} ${f.name}`);
    expect(names).toEqual([
      "no-allow-rule-without-managed-device check-rule",
      "no-allow-rule-without-fastpass check-rule",
      "no-allow-rule-without-reauthentication check-rule",
      "no-allow-rule-without-managed-device check-rules",
      "no-allow-rule-without-fastpass check-rules",
      "no-allow-rule-without-reauthentication check-rules",
    ]);
  });
});

describe("policy config, as --policy-pack-config", () => {
  const unsafe = () => {
    const resources = checkResources({ users: ["a@x.io", "b@x.io"] });
    find(resources, TYPES.bookmark).props.url = "http://www.okta.com/";
    return resources;
  };
  const levels = (findings: Finding[]) => findings.map((f) => `${f.policyName}=${f.enforcementLevel}`);

  it("runs every policy at its own level by default, with schema defaults", () => {
    expect(levels(evaluatePolicies(unsafe()))).toEqual(["no-insecure-bookmark-url=mandatory"]);
    expect(reconcilePolicyConfig()["no-bookmark-assignment-beyond-test-users"]).toEqual({ enforcementLevel: "mandatory", properties: { maxUsers: 5, allowedGroupIds: [] } });
    expect(reconcilePolicyConfig()["no-expired-check"]).toEqual({ enforcementLevel: "advisory", properties: {} });
  });

  it("sets a level by name, as a string or in an object, disables, and treats remediate as mandatory", () => {
    expect(levels(evaluatePolicies(unsafe(), { config: { "no-insecure-bookmark-url": "advisory" } }))).toEqual(["no-insecure-bookmark-url=advisory"]);
    expect(levels(evaluatePolicies(unsafe(), { config: { "no-insecure-bookmark-url": { enforcementLevel: "disabled" } } }))).toEqual([]);
    expect(levels(evaluatePolicies(unsafe(), { config: { "no-insecure-bookmark-url": "remediate" } }))).toEqual(["no-insecure-bookmark-url=mandatory"]);
  });

  it("applies `all` first and a policy's own entry over it", () => {
    const config = { all: "advisory", "no-bookmark-assignment-beyond-test-users": { maxUsers: 1 } } as const;
    expect(levels(evaluatePolicies(unsafe(), { config }))).toEqual(["no-insecure-bookmark-url=advisory", "no-bookmark-assignment-beyond-test-users=advisory"]);
    const own = { all: "advisory", "no-bookmark-assignment-beyond-test-users": { enforcementLevel: "mandatory", maxUsers: 1 } } as const;
    expect(levels(evaluatePolicies(unsafe(), { config: own }))).toEqual(["no-insecure-bookmark-url=advisory", "no-bookmark-assignment-beyond-test-users=mandatory"]);
  });

  it("refuses invalid config, as the CLI does", () => {
    expect(() => evaluatePolicies([], { config: { "no-insecure-bookmark-url": "blocking" as never } })).toThrow('Value "blocking" for "no-insecure-bookmark-url" is not a valid enforcement level');
    expect(() => evaluatePolicies([], { config: { "no-bookmark-assignment-beyond-test-users": { maxUsers: "two" } } })).toThrow(
      "no-bookmark-assignment-beyond-test-users.maxUsers: Invalid type. Expected: integer, given: string",
    );
    expect(() => evaluatePolicies([], { config: { "no-bookmark-assignment-beyond-test-users": { maxUsers: 0 } } })).toThrow("Must be greater than or equal to 1");
    expect(() => evaluatePolicies([], { config: { "no-resource-types-outside-check": { additionalAllowedTypes: ["nope"] } } })).toThrow("Does not match pattern");
    expect(() => evaluatePolicies([], { config: { "no-insecure-bookmark-url": { allowHttp: true } } })).toThrow("no-insecure-bookmark-url: Additional property allowHttp is not allowed");
  });
});

describe("policyVerdicts", () => {
  it("summarises each policy in the pack's order", () => {
    const resources = checkResources({ expiresOn: "2020-01-01" });
    find(resources, TYPES.bookmark).props.url = "http://www.okta.com/";
    find(resources, TYPES.appSignonPolicy).props.catchAll = UNKNOWN;
    const config = { "no-resource-types-outside-check": "disabled" } as const;
    const verdicts = policyVerdicts(evaluatePolicies(resources, { config }), { config });
    expect(verdicts.map((v) => [v.policyName, v.enforcementLevel, v.verdict, v.mandatory, v.advisory, v.undetermined])).toEqual([
      ["no-catch-all-allow", "mandatory", "violations", 0, 1, true],
      ["no-allow-rule-without-managed-device", "mandatory", "pass", 0, 0, false],
      ["no-allow-rule-without-fastpass", "mandatory", "pass", 0, 0, false],
      ["no-allow-rule-without-reauthentication", "mandatory", "pass", 0, 0, false],
      ["no-check-policy-on-other-apps", "mandatory", "pass", 0, 0, false],
      ["no-rule-on-policy-outside-stack", "mandatory", "pass", 0, 0, false],
      ["no-resource-types-outside-check", "disabled", "disabled", 0, 0, false],
      ["no-bookmark-assignment-beyond-test-users", "mandatory", "pass", 0, 0, false],
      ["no-insecure-bookmark-url", "mandatory", "violations", 1, 0, false],
      ["no-bookmark-without-check-policy", "mandatory", "pass", 0, 0, false],
      ["no-expired-check", "advisory", "violations", 0, 1, false],
    ]);
  });

  it("reports which policies did not apply", () => {
    const { notApplicable } = evaluate(checkResources().filter((r) => r.type === TYPES.bookmark));
    expect(notApplicable.map((n) => n.policyName)).toEqual([
      "no-catch-all-allow",
      "no-allow-rule-without-managed-device",
      "no-allow-rule-without-fastpass",
      "no-allow-rule-without-reauthentication",
      "no-expired-check",
      "no-check-policy-on-other-apps",
      "no-rule-on-policy-outside-stack",
      "no-bookmark-assignment-beyond-test-users",
    ]);
  });
});
