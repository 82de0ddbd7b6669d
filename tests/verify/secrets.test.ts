import { Redactor } from "../../tools/redact";
import { expectNoCredential, forms, PEM, PEM_ONE_LINE, PUBLIC_KEY as publicKey, TOKEN } from "../support/credentials";
import { FakeOkta, oktaError } from "./fakeOkta";
import { fixedClock, makeProject, removeProjects, runVerify } from "./harness";
import { ALICE, BOB, device, factor, healthyTenant, signOnEvaluation } from "./tenantFixtures";

// Every exit path of verify, with credentials full of special characters
// (tests/support/credentials.ts): no part of any credential, in any form, may appear on stdout or stderr.

const CLIENT_ID = "0oa1secretsvc00d7x1";

let fake: FakeOkta;
let projectDir: string;

beforeAll(async () => {
  projectDir = makeProject();
  require("@okta/okta-sdk-nodejs");
}, 30_000);
beforeEach(async () => {
  fake = await FakeOkta.start(healthyTenant([ALICE, BOB]), { apiToken: TOKEN, oauthApp: { clientId: CLIENT_ID, publicKey, grantedScopes: ["okta.logs.read", "okta.devices.read", "okta.policies.read", "okta.apps.read", "okta.users.read"] } });
});
afterEach(() => fake.stop());
afterAll(removeProjects);

const token = () => ({ OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: TOKEN });
const key = (pem = PEM_ONE_LINE) => ({ OKTA_ORG_URL: fake.url, OKTA_API_CLIENT_ID: CLIENT_ID, OKTA_API_PRIVATE_KEY: pem });
const echo = (text: string) => fake.faults.push({ path: "/api/v1/apps", status: 400, body: oktaError("E0000001", `Api validation failed: ${text}`) });

const paths: Array<[string, number, () => Record<string, string>, string[], () => void]> = [
  ["managed", 0, token, ["--user", ALICE.login], () => fake.tenant.logs.push(signOnEvaluation({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" }))],
  ["denied", 1, key, ["--user", BOB.login], () => fake.tenant.logs.push(signOnEvaluation({ user: BOB, published: "2025-06-15T10:00:00.000Z", result: "DENY" }))],
  ["no evaluation", 2, token, ["--user", BOB.login], () => undefined],
  ["drift", 3, token, [], () => (fake.tenant.assignments = {})],
  ["Okta echoes the token", 4, token, [], () => echo(TOKEN)],
  ["Okta echoes the token JSON-escaped", 4, token, [], () => echo(JSON.stringify(TOKEN))],
  ["Okta echoes the token percent-encoded", 4, token, [], () => echo(encodeURIComponent(TOKEN))],
  ["Okta echoes a line of the key", 4, key, [], () => echo(PEM.split("\n")[3])],
  ["a wrong token", 4, () => ({ ...token(), OKTA_API_TOKEN: `${TOKEN}x` }), [], () => undefined],
  ["not ready", 5, token, ["--preflight", "--user", ALICE.login], () => (fake.tenant.factors = { [ALICE.id]: [factor("push")] })],
  ["usage", 64, token, ["--since", "yesterday"], () => undefined],
  ["internal error", 70, token, [], () => undefined],
];

describe.each(["text", "--json"])("in %s", (format) => {
  test.each(paths)("%s: exit %i without any credential in the output", async (name, exitCode, env, argv, arrange) => {
    arrange();
    fake.tenant.devices.push(device("guo1alicemac0000d7x1", "Alice's MacBook Pro", "MACOS", [{ user: ALICE, managementStatus: "MANAGED" }]));
    const clock = name === "internal error" ? { now: () => Number.NaN, sleep: async () => undefined } : fixedClock();
    const result = await runVerify(["--stack", "dev", ...argv, ...(format === "--json" ? ["--json"] : [])], env(), { projectDir, clock });
    expect(result.exitCode).toBe(exitCode);
    expectNoCredential(result);
    if (name.startsWith("Okta echoes")) expect(result.stdout + result.stderr).toContain("[redacted]");
  });
});

test.each([
  ["OKTA_API_TOKEN", { OKTA_API_TOKEN: `${TOKEN}\nsecond-line-of-token` }],
  ["OKTA_API_TOKEN", { OKTA_API_TOKEN: `${TOKEN}\u001b[31m` }],
  ["OKTA_API_PRIVATE_KEY", { OKTA_API_CLIENT_ID: CLIENT_ID, OKTA_API_PRIVATE_KEY: `${PEM}\u0000` }],
  ["OKTA_API_CLIENT_ID", { OKTA_API_CLIENT_ID: `0oa1\r${CLIENT_ID}`, OKTA_API_PRIVATE_KEY: PEM }],
])("a control character or line break in %s is refused up front, naming the variable only", async (variable, env) => {
  const result = await runVerify(["--stack", "dev", "--json"], { OKTA_ORG_URL: fake.url, ...env }, { projectDir, clock: fixedClock() });
  expect(result.exitCode).toBe(64);
  expect(result.stderr.split("\n")[0]).toMatch(new RegExp(`^verify: ${variable} contains a control character`));
  expectNoCredential(result);
  expect(result.stdout + result.stderr).not.toContain("second-line-of-token");
  expect(fake.requests).toHaveLength(0);
});

test("the redactor masks every form of a credential: whole, line by line, JSON-escaped, percent-encoded", () => {
  const redactor = new Redactor([TOKEN, PEM_ONE_LINE]);
  for (const form of [...forms(TOKEN), ...forms(PEM)]) {
    const redacted = redactor.redact(`before ${form} after`);
    expect(redacted).toMatch(/^before \[redacted\](\s|\\n|%0A|\+)* after$/);
  }
});
