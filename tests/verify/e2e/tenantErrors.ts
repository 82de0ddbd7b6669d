import { generateKeyPairSync } from "crypto";
import { FakeOkta, oktaError } from "../fakeOkta";
import { API_TOKEN, fixedClock, makeProject, RunResult, runVerify, TestClock } from "../harness";
import { ALICE, device, healthyTenant, IDS, signOnEvaluation } from "../tenantFixtures";

// Everything that keeps verify from reading the tenant ends in exit 4 with one line on stderr,
// no stack trace, and no credential in any output.

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PRIVATE_KEY_PEM = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const PRIVATE_KEY_JWK = JSON.stringify({ ...privateKey.export({ format: "jwk" }), kid: "kid-verify-test" });
const CLIENT_ID = "0oa1verifysvc000d7x1";
const VERIFY_SCOPES = ["okta.logs.read", "okta.devices.read", "okta.policies.read", "okta.apps.read", "okta.users.read"];

let fake: FakeOkta;
let projectDir: string;
let clock: TestClock;

async function startFake(grantedScopes: string[], options: Parameters<typeof FakeOkta.start>[1] = {}): Promise<FakeOkta> {
  const started = await FakeOkta.start(healthyTenant([ALICE]), { apiToken: API_TOKEN, oauthApp: { clientId: CLIENT_ID, publicKey, grantedScopes }, ...options });
  started.tenant.devices.push(device("guo1alicemac0000d7x1", "Alice's MacBook Pro", "MACOS", [{ user: ALICE, managementStatus: "MANAGED" }]));
  started.tenant.logs.push(signOnEvaluation({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" }));
  return started;
}

const tokenEnv = (token = API_TOKEN) => ({ OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: token });
const keyEnv = (extra: Record<string, string> = {}) => ({ OKTA_ORG_URL: fake.url, OKTA_API_CLIENT_ID: CLIENT_ID, OKTA_API_PRIVATE_KEY: PRIVATE_KEY_PEM, ...extra });

async function verify(env: Record<string, string>, ...argv: string[]): Promise<RunResult> {
  const result = await runVerify(["--stack", "dev", "--user", ALICE.login, ...argv], env, { projectDir, clock, retryLimits: { maxTotalWaitMs: 10_000 } });
  expectNoSecrets(result);
  return result;
}

function expectNoSecrets(result: RunResult): void {
  const output = result.stdout + result.stderr;
  expect(output).not.toContain(API_TOKEN);
  expect(output).not.toContain("fake-access-token");
  for (const line of PRIVATE_KEY_PEM.split("\n").filter((l) => l && !l.startsWith("-----"))) expect(output).not.toContain(line);
  expect(output).not.toContain(JSON.parse(PRIVATE_KEY_JWK).d);
  expect(output).not.toMatch(/\n\s+at /);
}

/** Exit 4 with exactly one line on stderr. */
function expectTenantError(result: RunResult, line: string): void {
  expect(result.exitCode).toBe(4);
  expect(result.stderr).toBe(`verify: ${line}\n`);
}

/** Every way of failing to read the tenant, end to end against the fake tenant. */
export function tenantErrorSuites(): void {
  beforeAll(() => {
    projectDir = makeProject();
  });
  beforeEach(async () => {
    clock = fixedClock();
    fake = await startFake(VERIFY_SCOPES);
  });
  afterEach(() => fake.stop());

  describe("rate limits", () => {
    test("a 429 with Retry-After is waited out and retried", async () => {
      fake.faults.push({ path: "/api/v1/logs", status: 429, headers: { "Retry-After": "1", "X-Rate-Limit-Remaining": "0" }, body: oktaError("E0000047", "API call exceeded rate limit due to too many requests.") });
      const result = await verify(tokenEnv());
      expect(result.exitCode).toBe(0);
      expect(clock.sleeps).toEqual([1000]);
      expect(fake.requestsTo("/api/v1/logs")).toHaveLength(2);
    });

    test("X-Rate-Limit-Reset is measured against the server's Date header", async () => {
      const serverNow = Date.parse("2025-06-15T11:59:00Z");
      fake.faults.push({
        path: "/api/v1/apps",
        status: 429,
        headers: { Date: new Date(serverNow).toUTCString(), "X-Rate-Limit-Reset": String(serverNow / 1000 + 2) },
        body: oktaError("E0000047", "API call exceeded rate limit due to too many requests."),
      });
      const result = await verify(tokenEnv());
      expect(result.exitCode).toBe(0);
      expect(clock.sleeps).toEqual([2000]);
    });

    test("a wait beyond the retry budget gives up at once", async () => {
      fake.faults.push({ path: "/api/v1/logs", status: 429, headers: { "Retry-After": "60" }, body: oktaError("E0000047", "API call exceeded rate limit due to too many requests.") });
      const result = await verify(tokenEnv());
      expectTenantError(result, "Okta rate-limited GET /api/v1/logs (HTTP 429) and asks to wait 60 s, beyond verify's 10 s retry budget (0 s used); try again later");
      expect(clock.sleeps).toEqual([]);
    });

    test("429 after 429 stops after a bounded number of attempts", async () => {
      fake.faults.push({ path: "/api/v1/logs", times: 10, status: 429, headers: { "Retry-After": "0" }, body: oktaError("E0000047", "API call exceeded rate limit due to too many requests.") });
      const result = await verify(tokenEnv());
      expectTenantError(result, "Okta kept rate-limiting GET /api/v1/logs (HTTP 429 4 times); try again in a few minutes");
      expect(fake.requestsTo("/api/v1/logs")).toHaveLength(4);
    });
  });

  describe("credentials and scopes", () => {
    test("401: a wrong API token", async () => {
      const result = await verify(tokenEnv("00aWrongTokenAlsoNeverPrinted-0000000000"));
      expectTenantError(result, "Okta rejected OKTA_API_TOKEN for GET /api/v1/apps (HTTP 401 E0000011 Invalid token provided): check the token is active and belongs to this org");
      expect(result.stdout + result.stderr).not.toContain("00aWrongTokenAlsoNeverPrinted");
    });

    test("403: the API token's admin may not read the System Log", async () => {
      await fake.stop();
      fake = await startFake(VERIFY_SCOPES, { apiTokenDeniedScopes: ["okta.logs.read"] });
      const result = await verify(tokenEnv());
      expectTenantError(
        result,
        "missing scope okta.logs.read: Okta refused GET /api/v1/logs (HTTP 403 E0000006 You do not have permission to perform the requested action); the API token's admin lacks the permission behind okta.logs.read",
      );
    });

    test("an OAuth service app with a PEM private key reads the tenant", async () => {
      const result = await verify(keyEnv());
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain("alice@acme.example: MANAGED");
      expect(fake.requestsTo("/api/v1/logs")[0].authorization).toMatch(/^Bearer fake-access-token-/);
    });

    test("an OAuth service app with a JWK private key reads the tenant", async () => {
      const result = await verify(keyEnv({ OKTA_API_PRIVATE_KEY: PRIVATE_KEY_JWK }));
      expect(result.exitCode).toBe(0);
    });

    test("the provisioning scopes exported for pulumi up are enough: verify asks for the read scopes it needs, never a manage scope", async () => {
      await fake.stop();
      fake = await startFake([...VERIFY_SCOPES, "okta.authenticators.read"]);
      const result = await verify(keyEnv({ OKTA_API_SCOPES: "okta.apps.manage okta.apps.read okta.policies.manage okta.policies.read okta.users.read okta.authenticators.read" }));
      expect(result.exitCode).toBe(0);
      expect(fake.tokenScopes).toEqual([[...VERIFY_SCOPES, "okta.authenticators.read"]]);
    });

    test("the token endpoint refuses scopes the service app was not granted", async () => {
      await fake.stop();
      fake = await startFake(["okta.apps.read"]);
      const result = await verify(keyEnv());
      expectTenantError(
        result,
        "Okta refused the scopes okta.logs.read okta.devices.read okta.policies.read okta.apps.read okta.users.read (HTTP 400 invalid_scope The authorization server does not allow the requested scope(s).): grant them to the service app (Okta API Scopes)",
      );
    });

    test("the token endpoint refuses a key it does not know", async () => {
      const other = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      const result = await verify(keyEnv({ OKTA_API_PRIVATE_KEY: other }));
      expectTenantError(
        result,
        "Okta refused the service app's sign-in at /oauth2/v1/token (HTTP 401 invalid_client The client_assertion signature is invalid.): check OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID and the public key registered for the app",
      );
      for (const line of other.split("\n").filter((l) => l && !l.startsWith("-----"))) expect(result.stdout + result.stderr).not.toContain(line);
    });
  });

  describe("unexpected answers", () => {
    test("a body that is not JSON", async () => {
      fake.faults.push({ path: `/api/v1/policies/${IDS.policy}/rules`, status: 200, body: "{not json" });
      expectTenantError(await verify(tokenEnv()), `unexpected response from GET /api/v1/policies/${IDS.policy}/rules: the body is not JSON (HTTP 200, 9 bytes)`);
    });

    test("JSON of the wrong shape", async () => {
      fake.faults.push({ path: "/api/v1/logs", status: 200, body: [{ uuid: "u1", published: "2025-06-15T10:00:00Z", eventType: "policy.evaluate_sign_on", actor: { type: "User" } }] });
      expectTenantError(await verify(tokenEnv()), "unexpected response from GET /api/v1/logs: item 1: actor.id: Invalid input: expected string, received undefined");
    });

    test("an object where a list belongs", async () => {
      fake.faults.push({ path: "/api/v1/apps", status: 200, body: { apps: [] } });
      expectTenantError(await verify(tokenEnv()), "unexpected response from GET /api/v1/apps: expected a JSON array, got an object");
    });

    test("a server error with an Okta error body", async () => {
      fake.faults.push({ path: "/api/v1/logs", status: 500, body: oktaError("E0000009", "Internal Server Error") });
      expectTenantError(await verify(tokenEnv()), "unexpected response from GET /api/v1/logs: HTTP 500 E0000009 Internal Server Error");
    });

    test("a gateway error page", async () => {
      fake.faults.push({ path: "/api/v1/apps", status: 502, headers: { "Content-Type": "text/html" }, body: "<html><body>Bad Gateway</body></html>" });
      expectTenantError(await verify(tokenEnv()), "unexpected response from GET /api/v1/apps: HTTP 502");
    });

    test("a bad filter answered with 400 and errorCauses", async () => {
      fake.faults.push({ path: "/api/v1/logs", status: 400, body: oktaError("E0000031", "Invalid search criteria.", [{ errorSummary: "filter: unsupported operator" }]) });
      expectTenantError(await verify(tokenEnv()), "unexpected response from GET /api/v1/logs: HTTP 400 E0000031 Invalid search criteria.: filter: unsupported operator");
    });

    test("a redirect is not followed", async () => {
      fake.faults.push({ path: "/api/v1/apps", status: 302, headers: { Location: "https://elsewhere.example/steal" }, body: "" });
      expectTenantError(await verify(tokenEnv()), "unexpected response from GET /api/v1/apps: HTTP 302 redirect (not followed)");
      expect(fake.requests.some((request) => request.path === "/steal")).toBe(false);
    });

    test("a next-page link to another host is refused", async () => {
      fake.faults.push({ path: "/api/v1/logs", status: 200, headers: { Link: '<https://elsewhere.example/api/v1/logs?after=1>; rel="next"' }, body: [] });
      expectTenantError(await verify(tokenEnv()), `unexpected response from GET /api/v1/logs: its next-page link leaves ${fake.url} (for https://elsewhere.example); the credentials are not sent there`);
    });

    test("an Okta error that echoes the token is redacted", async () => {
      fake.faults.push({ path: "/api/v1/apps", status: 400, body: oktaError("E0000001", `Api validation failed: token ${API_TOKEN}`) });
      const result = await verify(tokenEnv());
      expectTenantError(result, "unexpected response from GET /api/v1/apps: HTTP 400 E0000001 Api validation failed: token [redacted]");
    });

    test("the network is down", async () => {
      const url = fake.url;
      await fake.stop();
      const result = await runVerify(["--stack", "dev"], { OKTA_ORG_URL: url, OKTA_API_TOKEN: API_TOKEN }, { projectDir, clock });
      expectTenantError(result, `could not reach ${url} for GET /api/v1/apps: ECONNREFUSED`);
      fake = await startFake(VERIFY_SCOPES);
    });

    test("a request that gets no answer times out", async () => {
      fake.faults.push({ path: "/api/v1/apps", status: 200, body: [], hang: true });
      const result = await runVerify(["--stack", "dev"], tokenEnv(), { projectDir, clock, retryLimits: { requestTimeoutMs: 100 } });
      expectTenantError(result, `${fake.url} did not answer GET /api/v1/apps in time`);
    });

    test("--json reports the failure as a JSON document too", async () => {
      fake.faults.push({ path: "/api/v1/logs", status: 500, body: oktaError("E0000009", "Internal Server Error") });
      const result = await verify(tokenEnv(), "--json");
      expect(result.exitCode).toBe(4);
      expect(JSON.parse(result.stdout)).toEqual({ result: "error", exitCode: 4, error: "unexpected response from GET /api/v1/logs: HTTP 500 E0000009 Internal Server Error", warnings: [] });
    });
  });
}
