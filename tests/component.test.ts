import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import * as pulumi from "@pulumi/pulumi";
import { RawStackConfig, SecretConfigValue } from "../components/config";
import { captureProgram, CapturedResource, UNKNOWN } from "../tools/plan/capture";
import { OFFLINE_TENANT } from "../tools/plan/offlineTenant";
import { directoryOf } from "../tools/plan/providerContract";
import { mockedTenant, mockId, mockUserId } from "./support/mockedTenant";
import { CHECK_RULE_INPUTS } from "./support/checkRule";
import { byType, only, ROOT, runProgram, stackConfig } from "./support/program";

const run = promisify(execFile);

const BOOKMARK = "okta:app/bookmark:Bookmark";
const ASSIGNMENT = "okta:app/user:User";
const POLICY = "okta:index/appSignonPolicy:AppSignonPolicy";
const RULE = "okta:index/appSignonPolicyRule:AppSignonPolicyRule";
const COMPONENT = "okta-managed-device-check:index:ManagedDeviceCheck";
const K = (name: string) => `okta-managed-device-check:${name}`;
const URN = (stack: string, type: string, name: string) =>
  type === COMPONENT
    ? `urn:pulumi:${stack}::okta-managed-device-check::${COMPONENT}::${name}`
    : `urn:pulumi:${stack}::okta-managed-device-check::${COMPONENT}$${type}::${name}`;

const POLICY_DESCRIPTION =
  "Temporary managed-device check (okta-managed-device-check): the catch-all denies; only a registered, managed device signing in with Okta Verify FastPass is allowed.";

describe("the dev stack under mocks (pulumi up)", () => {
  let resources: CapturedResource[];
  let outputs: Record<string, unknown>;
  beforeAll(async () => {
    ({ resources, outputs } = await runProgram(stackConfig("dev")));
  });

  test("declares exactly the component, one policy, one rule, one bookmark and one assignment per user", () => {
    expect(resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        `${COMPONENT} managed-device-check`,
        `${POLICY} managed-device-check-policy`,
        `${RULE} managed-device-check-rule`,
        `${BOOKMARK} managed-device-check-bookmark`,
        `${ASSIGNMENT} managed-device-check-user-alice@acme.example`,
      ].sort(),
    );
  });

  test("every child is parented to the component", () => {
    const component = only(resources, COMPONENT);
    expect(component.urn).toBe(URN("dev", COMPONENT, "managed-device-check"));
    expect(component.parent).toBeUndefined();
    for (const child of resources.filter((r) => r.custom)) {
      expect(child.parent).toBe(component.urn);
      expect(child.urn).toBe(URN("dev", child.type, child.name));
    }
  });

  test("the authentication policy has an explicit name and its catch-all denies", () => {
    expect(only(resources, POLICY).inputs).toEqual({ name: "Require Managed Device", description: POLICY_DESCRIPTION, catchAll: false });
  });

  test("the rule allows only a registered, managed device with FastPass, prompting every time", () => {
    const rule = only(resources, RULE);
    expect(rule.inputs).toEqual({ policyId: mockId(POLICY, "managed-device-check-policy"), ...CHECK_RULE_INPUTS });
    expect(JSON.parse((rule.inputs.constraints as string[])[0])).toEqual({
      possession: { authenticationMethods: [{ key: "okta_verify", method: "signed_nonce" }], required: true },
    });
    expect(rule.propertyDependencies).toEqual({ policyId: [URN("dev", POLICY, "managed-device-check-policy")] });
  });

  test("the bookmark uses the check's own policy", () => {
    const bookmark = only(resources, BOOKMARK);
    expect(bookmark.inputs).toEqual({ label: "Managed Device Check", url: "https://www.okta.com/", authenticationPolicy: mockId(POLICY, "managed-device-check-policy") });
    expect(bookmark.propertyDependencies).toEqual({ authenticationPolicy: [URN("dev", POLICY, "managed-device-check-policy")] });
  });

  test("the test user, looked up by login, is assigned to the bookmark", () => {
    const assignment = only(resources, ASSIGNMENT);
    // The provider requires the user's login as the username of a Bookmark app's assignment (resource_okta_app_user.go).
    expect(assignment.inputs).toEqual({ appId: mockId(BOOKMARK, "managed-device-check-bookmark"), userId: mockUserId("alice@acme.example"), username: "alice@acme.example" });
    expect(assignment.propertyDependencies).toEqual({ appId: [URN("dev", BOOKMARK, "managed-device-check-bookmark")] });
  });

  test("each assignment waits for the rule as well as the bookmark: before the rule the tile could only deny", () => {
    expect(only(resources, ASSIGNMENT).dependencies).toEqual([URN("dev", BOOKMARK, "managed-device-check-bookmark"), URN("dev", RULE, "managed-device-check-rule")].sort());
  });

  test("only the policy, whose name is unique in the tenant, is replaced delete-first; nothing is protected or retained", () => {
    const options = Object.fromEntries(resources.filter((r) => r.custom).map((r) => [r.type, [r.deleteBeforeReplace, r.protect, r.retainOnDelete]]));
    expect(options).toEqual({
      [POLICY]: [true, false, false],
      [RULE]: [false, false, false],
      [BOOKMARK]: [false, false, false],
      [ASSIGNMENT]: [false, false, false],
    });
  });

  test("exports the ids, the assigned users and the next step", () => {
    expect(outputs).toEqual({
      bookmarkAppId: mockId(BOOKMARK, "managed-device-check-bookmark"),
      bookmarkLabel: "Managed Device Check",
      bookmarkUrl: "https://www.okta.com/",
      policyId: mockId(POLICY, "managed-device-check-policy"),
      ruleId: mockId(RULE, "managed-device-check-rule"),
      catchAllRuleId: mockId(RULE, "managed-device-check-policy/Catch-all Rule"),
      assignedUserIds: [mockUserId("alice@acme.example")],
      nextStep:
        'On the device under test, ask alice@acme.example to open the "Managed Device Check" tile on the Okta End-User Dashboard and sign in with Okta Verify (FastPass). If the app opens, the device is managed; if access is denied, it is not. Then read the outcome with: npm run verify -- --stack dev',
      expiresOn: undefined,
    });
  });
});

describe("edge configs", () => {
  const base = (): RawStackConfig => stackConfig("dev");

  test("many users mixing logins and ids: one assignment each, ids used as given", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `00u${String(i).padStart(17, "0")}`);
    const logins = Array.from({ length: 13 }, (_, i) => `user${i}@acme.example`);
    const users = [...logins, ...ids];
    const { resources, outputs } = await runProgram({ ...base(), [K("testUsers")]: users });
    const assignments = byType(resources, ASSIGNMENT);
    expect(assignments).toHaveLength(25);
    expect(assignments.map((a) => [a.name, a.inputs.userId, a.inputs.username]).sort()).toEqual(
      users.map((u) => [`managed-device-check-user-${u}`, u.startsWith("00u") ? u : mockUserId(u), u.startsWith("00u") ? `${u}@users.example` : u]).sort(),
    );
    expect(new Set(assignments.map((a) => a.inputs.appId))).toEqual(new Set([mockId(BOOKMARK, "managed-device-check-bookmark")]));
    expect(outputs.assignedUserIds).toEqual(users.map((u) => (u.startsWith("00u") ? u : mockUserId(u))));
    expect(outputs.nextStep).toMatch(/^On the device under test, ask each of the 25 test users to open/);
    expect(byType(resources, BOOKMARK)).toHaveLength(1);
    expect(byType(resources, POLICY)).toHaveLength(1);
    expect(byType(resources, RULE)).toHaveLength(1);
  });

  test("the prod stack: custom label, 1FA, an id and a login, expiry recorded in the policy", async () => {
    const { resources, outputs } = await runProgram(stackConfig("prod"), { stack: "prod" });
    expect(only(resources, BOOKMARK).inputs).toMatchObject({ label: "Managed Device Check (IT)", url: "https://intranet.acme.example/" });
    expect(only(resources, RULE).inputs).toMatchObject({ factorMode: "1FA", name: "Managed Device Allowed" });
    expect(only(resources, POLICY).inputs.description).toBe(`${POLICY_DESCRIPTION} Expires 2027-01-31.`);
    expect(byType(resources, ASSIGNMENT).map((a) => [a.inputs.userId, a.inputs.username]).sort()).toEqual(
      [
        [mockUserId("it-test@acme.example"), "it-test@acme.example"],
        ["00u1a2b3c4d5e6f7g8h9", "00u1a2b3c4d5e6f7g8h9@users.example"],
      ].sort(),
    );
    expect(outputs.expiresOn).toBe("2027-01-31");
    expect(outputs.nextStep).toContain("ask it-test@acme.example and 00u1a2b3c4d5e6f7g8h9 each to open");
  });

  test("custom policy and rule names", async () => {
    const { resources } = await runProgram({ ...base(), [K("policyName")]: "IT: managed only", [K("ruleName")]: "IT managed allowed", [K("bookmarkLabel")]: "Is my laptop managed?" });
    expect(only(resources, POLICY).inputs.name).toBe("IT: managed only");
    expect(only(resources, RULE).inputs.name).toBe("IT managed allowed");
    expect(only(resources, BOOKMARK).inputs.label).toBe("Is my laptop managed?");
  });
});

describe("test users as the tenant knows them", () => {
  const ALICE = { id: "00ualice000000000000", login: "Alice@Acme.example", status: "ACTIVE" };

  test("the username is the tenant's own login, whatever its case in the stack", async () => {
    const { resources } = await runProgram(stackConfig("dev"), { tenant: mockedTenant(directoryOf([ALICE])) });
    expect(only(resources, ASSIGNMENT).inputs).toMatchObject({ userId: ALICE.id, username: "Alice@Acme.example" });
  });

  test("a user given by id is looked up by id to learn the login", async () => {
    const { resources } = await runProgram({ ...stackConfig("dev"), [K("testUsers")]: [ALICE.id] }, { tenant: mockedTenant(directoryOf([ALICE])) });
    expect(only(resources, ASSIGNMENT).inputs).toMatchObject({ userId: ALICE.id, username: "Alice@Acme.example" });
  });

  // In a process of its own: Pulumi reports these errors as unhandled rejections.
  async function outcomeInChild(users: object[]): Promise<Record<string, unknown>> {
    const args = [path.join(__dirname, "support", "captureInChild.js"), ROOT, "dev", JSON.stringify(users)];
    // The runtime's exit handler sets exit code 1 for the promises a failed program leaves behind; the outcome is on stdout.
    const stdout = await run(process.execPath, args, { cwd: ROOT, timeout: 60_000 }).then(
      (done) => done.stdout,
      (failed: { stdout: string }) => failed.stdout,
    );
    return JSON.parse(stdout.trim().split("\n").pop() as string);
  }

  test("a user who is not ACTIVE is refused, naming the user and the status", async () => {
    expect(await outcomeInChild([{ ...ALICE, status: "DEPROVISIONED" }])).toEqual({
      error: "Error",
      message:
        'error serializing property "userId": error serializing property "outputs": ManagedDeviceCheck managed-device-check: test user alice@acme.example is DEPROVISIONED, not ACTIVE, and cannot sign in to open the bookmark; activate the user in Okta or remove them from testUsers',
    });
  }, 60_000);

  test("a login no user has fails with the provider's own message, which names the login", async () => {
    expect(await outcomeInChild([])).toEqual({
      error: "ProviderRefusal",
      message: 'lookup of user alice@acme.example (okta:user/getUser:getUser): the provider would refuse it: no users found using search criteria: profile.login eq "alice@acme.example"',
    });
  }, 60_000);
});

describe("FastPass in orgs with Flexible Okta Verify", () => {
  test("fastPassKey okta_verify_fastpass sends the per-method authenticator key", async () => {
    const { resources } = await runProgram({ ...stackConfig("dev"), [K("fastPassKey")]: "okta_verify_fastpass" });
    expect(only(resources, RULE).inputs.constraints).toEqual(['{"possession":{"authenticationMethods":[{"key":"okta_verify_fastpass","method":"signed_nonce"}],"required":true}}']);
  });
});

describe("a first preview, before anything exists in the tenant", () => {
  test("ids and looked-up users are unknown, the references still hold", async () => {
    const { resources, outputs } = await runProgram(stackConfig("dev"), { preview: true, tenant: OFFLINE_TENANT });
    const policyUrn = URN("dev", POLICY, "managed-device-check-policy");
    expect(only(resources, BOOKMARK).inputs.authenticationPolicy).toBe(UNKNOWN);
    expect(only(resources, BOOKMARK).propertyDependencies).toEqual({ authenticationPolicy: [policyUrn] });
    expect(only(resources, RULE).inputs.policyId).toBe(UNKNOWN);
    expect(only(resources, RULE).propertyDependencies).toEqual({ policyId: [policyUrn] });
    expect(only(resources, ASSIGNMENT).inputs).toEqual({ appId: UNKNOWN, userId: UNKNOWN, username: UNKNOWN });
    expect(only(resources, ASSIGNMENT).propertyDependencies).toEqual({ appId: [URN("dev", BOOKMARK, "managed-device-check-bookmark")] });
    expect(only(resources, RULE).inputs).toMatchObject({ access: "ALLOW", deviceIsRegistered: true, deviceIsManaged: true, reAuthenticationFrequency: "PT0S", priority: 1 });
    expect(only(resources, POLICY).inputs.catchAll).toBe(false);
    expect(outputs.bookmarkAppId).toBe(UNKNOWN);
    expect(outputs.assignedUserIds).toBe(UNKNOWN);
  });
});

describe("an invalid config", () => {
  test("ends the program with a RunError listing every problem, before any resource is declared", async () => {
    const raw = { ...stackConfig("dev"), [K("bookmarkUrl")]: "http://www.okta.com/", [K("testUsers")]: [], "okta:apiToken": "plaintext-token-123" };
    let thrown: unknown;
    const { resources } = await captureProgram({
      stack: "dev",
      config: raw,
      preview: true,
      tenant: OFFLINE_TENANT,
      program: () => {
        try {
          jest.isolateModules(() => require("../index"));
        } catch (error) {
          thrown = error;
        }
      },
    });
    expect(resources).toEqual([]);
    expect(pulumi.RunError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toBe(
      [
        "Pulumi.dev.yaml: invalid stack config (3 problems):",
        `  Pulumi.dev.yaml: ${K("testUsers")}: expected at least 1 test user`,
        `  Pulumi.dev.yaml: ${K("bookmarkUrl")}: expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused`,
        "  Pulumi.dev.yaml: okta:apiToken: must be stored encrypted: a plaintext value was found (not shown). Remove it from the stack file and run `pulumi config set --secret okta:apiToken`",
      ].join("\n"),
    );
    expect((thrown as Error).message).not.toContain("plaintext-token-123");
  });

  test("a secret Pulumi decrypted is accepted and never reaches a resource", async () => {
    const raw = { ...stackConfig("dev"), "okta:apiToken": new SecretConfigValue() };
    const { resources } = await runProgram(raw);
    expect(JSON.stringify(resources)).not.toContain("[secret]");
  });
});
