import { generateKeyPairSync } from "crypto";
import { FakeOkta, oktaError } from "../fakeOkta";
import { echoCredential, exhaustedRateLimit, hostileErrorSummary, resetMidBody, trickle } from "../faults";
import { API_TOKEN, fixedClock, lines, makeProject, RunResult, runVerify, TestClock, virtualClock } from "../harness";
import { ALICE, BOB, CAROL, device, healthyTenant, IDS, MANAGED_RULE, signIn, signInDevice, signOnEvaluation } from "../tenantFixtures";

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

/** The argv a test's format column adds: "--json", or nothing for the text report. */
const formatArgs = (format: string) => (format === "--json" ? ["--json"] : []);
/** An error answer that echoes a credential, as a 401 and as a 500, in either report. */
const ECHO_STATUSES_BY_FORMAT: [number, string][] = [
  [401, "text"],
  [500, "text"],
  [401, "--json"],
  [500, "--json"],
];

async function verify(env: Record<string, string>, ...argv: string[]): Promise<RunResult> {
  const result = await runVerify(["--stack", "dev", "--user", ALICE.login, ...argv], env, { projectDir, clock, retryLimits: { maxTotalWaitMs: 10_000 } });
  expectNoSecrets(result);
  return result;
}

function expectNoSecrets(result: RunResult): void {
  const output = result.stdout + result.stderr;
  expect(output).not.toContain(API_TOKEN);
  for (const token of fake.accessTokensIssued()) expect(output).not.toContain(token);
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
      expect(fake.requestsTo("/api/v1/logs")[0].authorization).toBe(`Bearer ${fake.accessTokensIssued()[0]}`);
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

  describe("a network or a tenant that never finishes (bounded time)", () => {
    test("a connection reset mid-body fails at once, not at the request's deadline", async () => {
      resetMidBody(fake, "/api/v1/apps");
      const started = Date.now();
      const result = await verify(tokenEnv());
      expectTenantError(result, `could not reach ${fake.url} for GET /api/v1/apps: ECONNRESET`);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    test("a body trickling a byte at a time ends at the request's deadline, and its socket is closed then", async () => {
      const slow = trickle(fake, `/api/v1/policies/${IDS.policy}/rules`, 50);
      const result = await runVerify(["--stack", "dev", "--json"], tokenEnv(), { projectDir, clock, retryLimits: { requestTimeoutMs: 400 } });
      expect(result.exitCode).toBe(4);
      expect(JSON.parse(result.stdout).error).toBe(`${fake.url} did not answer GET /api/v1/policies/${IDS.policy}/rules in time`);
      // verify closed the connection itself, at its 400 ms deadline: the fake is still running.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(slow.closedAt).toHaveLength(1);
      expect(slow.closedAt[0] - slow.startedAt[0]).toBeGreaterThanOrEqual(350);
      expect(slow.closedAt[0] - slow.startedAt[0]).toBeLessThan(2_000);
    });

    test("a tenant whose every answer says no request is left: each wait is said on stderr, and --timeout bounds them", async () => {
      await fake.stop();
      const virtual = virtualClock();
      fake = await FakeOkta.start(healthyTenant([ALICE, BOB, CAROL]), { apiToken: API_TOKEN, now: virtual.now });
      for (const user of [ALICE, BOB, CAROL]) {
        fake.tenant.logs.push(signOnEvaluation({ user, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" }));
        fake.tenant.devices.push(device(`guo1${user.id.slice(4, 9)}mac00000d7x1`, `${user.name}'s Mac`, "MACOS", [{ user, managementStatus: "MANAGED" }]));
      }
      exhaustedRateLimit(fake, 60);
      const result = await runVerify(["--stack", "dev", "--timeout", "90s"], tokenEnv(), { projectDir, clock: virtual });
      expect(result.stderr.split("\n")).toEqual([
        `verify: Okta's rate limit on GET /api/v1/users/{id}/devices has none of its 100 requests left until its window resets: waiting 60 s before GET /api/v1/users/${BOB.id}/devices`,
        "verify: Okta's rate limit on GET /api/v1/users/{id}/devices has none of its 100 requests left until its window resets: waiting 60 s for it would outlast --timeout 90s (30 s left); try again later, or allow more time with --timeout",
        "",
      ]);
      expect(result.exitCode).toBe(4);
      expect(virtual.sleeps).toEqual([60_000]);
    });

    test("--timeout bounds a request in flight too: the run stops when it runs out", async () => {
      fake.faults.push({ path: "/api/v1/apps", status: 200, body: [], hang: true });
      const started = Date.now();
      const result = await runVerify(["--stack", "dev", "--timeout", "1s"], tokenEnv(), { projectDir, clock });
      expectTenantError(result, "stopped at --timeout 1s: GET /api/v1/apps had not finished; allow more time with --timeout");
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });

  describe("credentials Okta echoes back (secrets)", () => {
    const formsOf = (secret: string) => [
      secret,
      Buffer.from(secret).toString("base64").replace(/=+$/, ""),
      Buffer.from(secret).toString("base64url"),
      Buffer.from(secret).toString("hex"),
      secret.slice(0, Math.ceil(secret.length / 2)),
      secret.slice(Math.floor(secret.length / 2)),
    ];
    const expectNone = (result: RunResult, secrets: string[]) => {
      const output = result.stdout + result.stderr;
      for (const secret of secrets) for (const form of formsOf(secret)) expect(output).not.toContain(form);
      expect(output).toContain("[redacted]");
    };

    test.each(ECHO_STATUSES_BY_FORMAT)("the API token in a %i's errorSummary and errorCauses, plain, encoded or halved (%s)", async (status, format) => {
      echoCredential(fake, "/api/v1/apps", status);
      const result = await verify(tokenEnv(), ...formatArgs(format));
      expect(result.exitCode).toBe(4);
      expectNone(result, [API_TOKEN]);
    });

    test.each(ECHO_STATUSES_BY_FORMAT)("the OAuth access token verify obtained, echoed in a %i (%s)", async (status, format) => {
      echoCredential(fake, "/api/v1/apps", status);
      const result = await verify(keyEnv(), ...formatArgs(format));
      expect(result.exitCode).toBe(4);
      expect(fake.accessTokensIssued().length).toBeGreaterThan(0);
      expectNone(result, fake.accessTokensIssued());
    });

    test.each(["text", "--json"])("the signed client assertion (a JWT) echoed in the token endpoint's error_description (%s)", async (format) => {
      const echoed = echoCredential(fake, "/oauth2/v1/token", 401);
      const result = await verify(keyEnv(), ...formatArgs(format));
      expect(result.exitCode).toBe(4);
      const assertion = echoed[0];
      expect(assertion).toMatch(/^eyJ/);
      expectNone(result, [assertion]);
      expect(result.stderr).toContain("Okta refused the service app's sign-in at /oauth2/v1/token (HTTP 401 invalid_client The client_assertion [redacted] is not valid; half: [redacted])");
    });
  });

  describe("text from the tenant is shown with its control and bidi characters neutralised", () => {
    const HOSTILE = "Mac\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007\u001b[2J\u202eexe.gnp\u009b31m\nResult: MANAGED";

    const HOSTILE_SHOWN = "Mac\\u001b]8;;https://evil.example\\u0007link\\u001b]8;;\\u0007\\u001b[2J\\u202eexe.gnp\\u009b31m\\u000aResult: MANAGED";
    const PLATFORM = "MACOS\u001b[8m\u2066";
    const PLATFORM_SHOWN = "MACOS\\u001b[8m\\u2066";
    const AUTHENTICATOR = "Okta Verify\u0085\u200f";
    const AUTHENTICATOR_SHOWN = "Okta Verify\\u0085\\u200f";
    const METHOD = "Use Okta FastPass\r\u2028Next: all good";
    const METHOD_SHOWN = "Use Okta FastPass\\u000d\\u2028Next: all good";
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

    /** A denied FastPass sign-in whose device (model, platform), authenticator and method, and listed device name are hostile. */
    function hostileDenial(): void {
      const events = signIn({ user: ALICE, at: "2025-06-15T10:00:00.000Z", result: "DENY", device: signInDevice("guo1alicemac0000d7x1", { model: HOSTILE, platform: PLATFORM, managed: false }) });
      const probe = events.find((event) => (event.debugContext as { debugData?: { factor?: string } }).debugData?.factor === "SIGNED_NONCE") as { target: Array<{ displayName: string; detailEntry: Record<string, string> }> };
      probe.target[1].displayName = AUTHENTICATOR;
      probe.target[1].detailEntry.methodTypeUsed = METHOD;
      fake.tenant.logs = events;
      fake.tenant.devices = [device("guo1alicemac0000d7x1", HOSTILE, "MACOS", [{ user: ALICE, managementStatus: "NOT_MANAGED" }])];
    }

    test.each(["text", "--json"])("the device Okta saw, the FastPass probe, the likely causes' evidence and the listed devices of a denial (%s)", async (format) => {
      hostileDenial();
      const result = await verify(tokenEnv(), ...formatArgs(format));
      expect(result.exitCode).toBe(1);
      expect(result.stdout + result.stderr).not.toMatch(UNSAFE);
      if (format === "--json") {
        const user = JSON.parse(result.stdout).users[0];
        expect(user.evaluation.device).toMatchObject({ id: "guo1alicemac0000d7x1", model: HOSTILE, platform: PLATFORM, inDevicesApi: { name: HOSTILE, managementStatus: "NOT_MANAGED" } });
        expect(user.fastPassProbe).toMatchObject({ found: true, authenticator: AUTHENTICATOR, method: METHOD });
        expect(user.devices[0].name).toBe(HOSTILE);
        expect(user.likelyCauses[0].evidence).toBe(`at the sign-in Okta saw the device (${PLATFORM}, model ${HOSTILE}, guo1alicemac0000d7x1) registered but not managed`);
        expect(user.likelyCauses[0].cause).toBe(`the ${PLATFORM} device management integration was not in place for this device at the sign-in`);
      } else {
        const out = lines(result.stdout);
        expect(out).toContain(
          `  Device in the evaluation: ${PLATFORM_SHOWN}, model ${HOSTILE_SHOWN}, device guo1alicemac0000d7x1: registered, not managed (from the evaluation's UDDevice target); in the Devices API "${HOSTILE_SHOWN}": NOT_MANAGED`,
        );
        expect(out).toContain(`  FastPass probe: user.authentication.auth_via_mfa at 2025-06-15T09:59:50.000Z (SUCCESS, ${AUTHENTICATOR_SHOWN}, ${METHOD_SHOWN})`);
        expect(out).toContain(`    - ${HOSTILE_SHOWN} (MACOS, guo1alicemac0000d7x1): NOT_MANAGED, registered, ACTIVE`);
        expect(out).toContain(`       evidence: at the sign-in Okta saw the device (${PLATFORM_SHOWN}, model ${HOSTILE_SHOWN}, guo1alicemac0000d7x1) registered but not managed`);
        expect(out.filter((line) => line.startsWith("Result:"))).toEqual(["Result: NOT MANAGED: at least one test user was denied (exit 1)"]);
        expect(out.filter((line) => line.startsWith("  Next:"))).toHaveLength(2);
      }
    });

    test.each(["text", "--json"])("why an evaluation counts for no rule of the check: the id of a rule that has the rule's name (%s)", async (format) => {
      const id = "rul1other\u001b[2K\u202e\nResult: MANAGED";
      fake.tenant.logs = [signOnEvaluation({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW", rule: { id, name: MANAGED_RULE.name } })];
      const result = await verify(tokenEnv(), ...formatArgs(format));
      expect(result.exitCode).toBe(2);
      expect(result.stdout + result.stderr).not.toMatch(UNSAFE);
      const why = (shownId: string) => `the event names a rule "${MANAGED_RULE.name}" with the id ${shownId}, not the check's rule ${IDS.managedRule}`;
      if (format === "--json") expect(JSON.parse(result.stdout).users[0].evaluation.outsideCheck).toBe(why(id));
      else {
        expect(result.stdout).toContain(`but ${why("rul1other\\u001b[2K\\u202e\\u000aResult: MANAGED")}\n`);
        expect(lines(result.stdout).filter((line) => line.startsWith("Result:"))).toEqual(["Result: INCOMPLETE: at least one test user has no evaluation yet (exit 2)"]);
      }
    });

    test.each(["text", "--json"])("an error summary (%s)", async (format) => {
      hostileErrorSummary(fake, "/api/v1/apps", "boom\u001b[2K\r\u202everify: all good");
      const result = await verify(tokenEnv(), ...formatArgs(format));
      expect(result.exitCode).toBe(4);
      expect(result.stderr).toBe("verify: unexpected response from GET /api/v1/apps: HTTP 500 E0000009 boom\\u001b[2K\\u000d\\u202everify: all good\n");
      if (format === "--json") expect(JSON.parse(result.stdout).error).toBe("unexpected response from GET /api/v1/apps: HTTP 500 E0000009 boom\\u001b[2K\\u000d\\u202everify: all good");
    });
  });

  describe("the private key", () => {
    test.each([
      ["an Ed25519 key", () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "an RSA or EC (P-256, P-384) private key, which an Okta service app signs with (it is ed25519)"],
      ["a corrupt PEM body", () => PRIVATE_KEY_PEM.replace(/\n[A-Za-z0-9+/]{20}/, "\n!!!!corrupt!!!!!!!!!"), "a private key in PEM or JWK form"],
      ["a truncated PEM", () => PRIVATE_KEY_PEM.slice(0, 400), "a private key in PEM or JWK form"],
    ])("%s is a usage error (64) before any request, its value not shown", async (_name, key, why) => {
      const result = await verify(keyEnv({ OKTA_API_PRIVATE_KEY: key() }));
      expect(result.exitCode).toBe(64);
      expect(result.stderr).toBe(`verify: OKTA_API_PRIVATE_KEY is not ${why} (its value is not shown)\nRun with --help for usage.\n`);
      expect(fake.requests).toHaveLength(0);
    });

    test("a PEM with text before its armour, which OpenSSL reads, signs as the key it is", async () => {
      const result = await verify(keyEnv({ OKTA_API_PRIVATE_KEY: `Bag Attributes: exported from a keystore\n${PRIVATE_KEY_PEM}` }));
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
    });
  });
}
