// The component provider over its gRPC protocol, as `pulumi package add` and a program in another
// language use it: GetSchema, and Construct with the engine and the resource monitor played here.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { construct, Deployment, getSchema, ProviderProcess, startDeployment, startProvider } from "./harness";

const ROOT = path.resolve(__dirname, "..", "..");
const TOKEN = "okta-managed-device-check:index:ManagedDeviceCheck";
const OKTA = (token: string) => `/okta/v7.0.0/schema.json#/resources/${token.replace("/", "%2F")}`;
const ALICE = { id: "00ualice000000000000", login: "alice@acme.example", status: "ACTIVE" };
const BOB = { id: "00ubob00000000000000", login: "Bob@Acme.example", status: "ACTIVE" };
const CAROL = { id: "00ucarol000000000000", login: "carol@acme.example", status: "SUSPENDED" };

let deployment: Deployment;
let provider: ProviderProcess;
beforeAll(async () => {
  deployment = await startDeployment([ALICE, BOB, CAROL]);
  // The entry from the sources, transpiled; the schema is inferred from the same sources either way.
  provider = await startProvider(["-r", require.resolve("ts-node/register/transpile-only"), path.join(ROOT, "provider", "index.ts")], ROOT, deployment.engine);
}, 180_000);
afterAll(async () => {
  await provider?.stop();
  await deployment?.stop();
});
beforeEach(() => deployment.registered.splice(0));

describe("GetSchema", () => {
  let schema: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(async () => {
    schema = await getSchema(provider.client);
  }, 120_000);

  test("names the package and the component's token, depending on okta 7.0.0", () => {
    expect(schema.name).toBe("okta-managed-device-check");
    expect(Object.keys(schema.resources)).toEqual([TOKEN]);
    expect(schema.resources[TOKEN].isComponent).toBe(true);
    expect(schema.dependencies).toEqual([{ name: "okta", version: "7.0.0" }]);
  });

  test("the inputs: testUsers a plain list, the rest inputs, the factor mode and FastPass key as enums", () => {
    const component = schema.resources[TOKEN];
    const shape = Object.fromEntries(
      Object.entries(component.inputProperties as Record<string, Record<string, unknown>>).map(([name, p]) => [name, { type: p.type ?? p.$ref, plain: p.plain ?? false, optional: p.optional ?? false }]),
    );
    expect(shape).toEqual({
      testUsers: { type: "array", plain: true, optional: true },
      testGroups: { type: "array", plain: true, optional: true },
      bookmarkUrl: { type: "string", plain: false, optional: false },
      bookmarkLabel: { type: "string", plain: false, optional: true },
      policyName: { type: "string", plain: false, optional: true },
      ruleName: { type: "string", plain: false, optional: true },
      factorMode: { type: "#/types/okta-managed-device-check:index:FactorMode", plain: false, optional: true },
      fastPassKey: { type: "#/types/okta-managed-device-check:index:FastPassKey", plain: false, optional: true },
      expiresOn: { type: "string", plain: false, optional: true },
    });
    expect(component.inputProperties.testUsers.items).toEqual({ type: "string", plain: true });
    expect(component.requiredInputs).toEqual(["bookmarkUrl"]);
    expect(schema.types).toEqual({
      "okta-managed-device-check:index:FactorMode": {
        type: "string",
        enum: [
          { name: "OneFactor", value: "1FA", description: "FastPass alone." },
          { name: "TwoFactor", value: "2FA", description: "FastPass plus another factor (the provider's default)." },
        ],
      },
      "okta-managed-device-check:index:FastPassKey": {
        type: "string",
        enum: [
          { name: "OktaVerify", value: "okta_verify", description: "Most orgs." },
          { name: "OktaVerifyFastPass", value: "okta_verify_fastpass", description: 'Orgs with the Early Access feature "Flexible Okta Verify authenticator configuration".' },
        ],
      },
    });
  });

  test("the outputs: the children as references into okta's schema, the assignments as a list of them", () => {
    const { properties, required } = schema.resources[TOKEN];
    expect(Object.fromEntries(Object.entries(properties as Record<string, { $ref?: string; type?: string; items?: unknown }>).map(([name, p]) => [name, p.$ref ?? { type: p.type, items: p.items }]))).toEqual({
      policy: OKTA("okta:index/appSignonPolicy:AppSignonPolicy"),
      rule: OKTA("okta:index/appSignonPolicyRule:AppSignonPolicyRule"),
      bookmark: OKTA("okta:app/bookmark:Bookmark"),
      assignments: { type: "array", items: { $ref: OKTA("okta:app/user:User") } },
      groupAssignments: { type: "array", items: { $ref: OKTA("okta:app/groupAssignment:GroupAssignment") } },
      assignedUserIds: { type: "array", items: { type: "string" } },
    });
    expect(required).toEqual(["assignedUserIds", "assignments", "bookmark", "groupAssignments", "policy", "rule"]);
  });
});

describe("the README's examples from other languages", () => {
  let schema: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(async () => {
    schema = await getSchema(provider.client);
  }, 120_000);
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const block = (after: string, language: string) => {
    const from = readme.indexOf(after);
    const start = readme.indexOf(`\`\`\`${language}\n`, from) + language.length + 4;
    return readme.slice(start, readme.indexOf("```", start));
  };
  const enumValues = (ref: string) => (schema.types[ref.replace("#/types/", "")].enum as { name: string; value: string }[]);

  test("Pulumi YAML: the type token, every property and enum value, every output it reads", () => {
    const program = parse(block("From Pulumi YAML", "yaml")) as { resources: Record<string, { type: string; properties: Record<string, unknown> }>; outputs: Record<string, string> };
    const { type, properties } = program.resources.check;
    expect(type).toBe(TOKEN);
    const inputs = schema.resources[TOKEN].inputProperties;
    for (const [name, value] of Object.entries(properties)) {
      expect(inputs).toHaveProperty([name]);
      if (inputs[name].$ref) expect(enumValues(inputs[name].$ref).map((e) => e.value)).toContain(value);
    }
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(schema.resources[TOKEN].requiredInputs));
    for (const output of Object.values(program.outputs)) expect(schema.resources[TOKEN].properties).toHaveProperty([/^\$\{check\.(\w+)/.exec(output)![1]]);
  });

  test("Python: every keyword (snake_case of a property), every enum member (UPPER_SNAKE of its name), every output it reads", () => {
    const program = block("From Python", "python");
    const camel = (snake: string) => snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    const pascal = (upper: string) => upper.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
    const call = /ManagedDeviceCheck\(([\s\S]*?)\n\)/.exec(program)![1];
    const keywords = [...call.matchAll(/^\s+(\w+)=/gm)].map((m) => camel(m[1]));
    expect(keywords).toEqual(["testUsers", "bookmarkUrl", "factorMode", "fastPassKey"]);
    for (const name of keywords) expect(schema.resources[TOKEN].inputProperties).toHaveProperty([name]);
    for (const [, type, member] of call.matchAll(/device_check\.(\w+)\.(\w+)/g)) {
      expect(enumValues(`okta-managed-device-check:index:${type}`).map((e) => e.name)).toContain(pascal(member));
    }
    for (const [, output] of program.matchAll(/(?<!\w)check\.(\w+)\./g)) expect(schema.resources[TOKEN].properties).toHaveProperty([output]);
  });
});

describe("Construct", () => {
  const URN = (type: string, name: string) => `urn:pulumi:dev::consumer::${TOKEN}$${type}::${name}`;

  test("registers the six resources with their inputs and returns the children as references", async () => {
    const { urn, state } = await construct(provider.client, deployment, TOKEN, "check", {
      testUsers: ["alice@acme.example", BOB.id],
      bookmarkUrl: "https://intranet.acme.example/",
      factorMode: "1FA",
    });
    expect(urn).toBe(`urn:pulumi:dev::consumer::${TOKEN}::check`);
    const byName = Object.fromEntries(deployment.registered.map((r) => [r.name, r]));
    expect(deployment.registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      `${TOKEN} check`,
      "okta:app/bookmark:Bookmark check-bookmark",
      `okta:app/user:User check-user-${BOB.id}`,
      "okta:app/user:User check-user-alice@acme.example",
      "okta:index/appSignonPolicy:AppSignonPolicy check-policy",
      "okta:index/appSignonPolicyRule:AppSignonPolicyRule check-rule",
    ]);
    expect(byName["check-policy"].inputs).toMatchObject({ name: "Require Managed Device", catchAll: false });
    expect(byName["check-rule"].inputs).toEqual({
      policyId: "check-policy-id",
      name: "Managed Device Allowed",
      access: "ALLOW",
      deviceIsRegistered: true,
      deviceIsManaged: true,
      constraints: ['{"possession":{"authenticationMethods":[{"key":"okta_verify","method":"signed_nonce"}],"required":true}}'],
      factorMode: "1FA",
      reAuthenticationFrequency: "PT0S",
      priority: 1,
    });
    expect(byName["check-bookmark"].inputs).toEqual({ label: "Managed Device Check", url: "https://intranet.acme.example/", authenticationPolicy: "check-policy-id" });
    expect(byName["check-user-alice@acme.example"].inputs).toEqual({ appId: "check-bookmark-id", userId: ALICE.id, username: ALICE.login });
    expect(byName[`check-user-${BOB.id}`].inputs).toEqual({ appId: "check-bookmark-id", userId: BOB.id, username: BOB.login });
    expect(byName[`check-user-${BOB.id}`].dependencies).toEqual([URN("okta:app/bookmark:Bookmark", "check-bookmark"), URN("okta:index/appSignonPolicyRule:AppSignonPolicyRule", "check-rule")].sort());
    for (const child of deployment.registered.filter((r) => r.custom)) expect(child.parent).toBe(urn);
    expect(state.assignedUserIds).toEqual([ALICE.id, BOB.id]);
    expect((state.bookmark as { urn: string }).urn).toBe(URN("okta:app/bookmark:Bookmark", "check-bookmark"));
    expect((state.assignments as { urn: string }[]).map((a) => a.urn)).toEqual([URN("okta:app/user:User", "check-user-alice@acme.example"), URN("okta:app/user:User", `check-user-${BOB.id}`)]);
  }, 60_000);

  test("bad arguments from another language are named, all at once, and nothing is registered", async () => {
    await expect(construct(provider.client, deployment, TOKEN, "bad", { testUsers: ["alice@acme.example", "alice@acme.example"], bookmarkUrl: "http://www.okta.com/", fastPassKey: "fastpass" })).rejects.toThrow(
      [
        "ManagedDeviceCheck bad: invalid arguments (3 problems):",
        '  testUsers[1]: duplicate test user "alice@acme.example" (already listed at index 0); list each user once',
        "  bookmarkUrl: expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused",
        '  fastPassKey: expected "okta_verify" or "okta_verify_fastpass" (okta_verify_fastpass in orgs with Flexible Okta Verify authenticator configuration)',
      ].join("\n"),
    );
    expect(deployment.registered).toEqual([]);
  }, 60_000);

  // Last: the failed lookup fails the provider's whole deployment, as it fails an update.
  test("a user who is not ACTIVE is refused with the component's message", async () => {
    await expect(construct(provider.client, deployment, TOKEN, "suspended", { testUsers: [CAROL.login], bookmarkUrl: "https://www.okta.com/" })).rejects.toThrow(
      "ManagedDeviceCheck suspended: test user carol@acme.example is SUSPENDED, not ACTIVE, and cannot sign in to open the bookmark; activate the user in Okta or remove them from testUsers",
    );
  }, 60_000);
});
