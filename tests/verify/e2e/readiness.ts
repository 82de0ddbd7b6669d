import * as fs from "fs";
import * as path from "path";
import { main } from "../../../tools/verify/cli";
import { authenticator, FakeOkta, oktaError } from "../fakeOkta";
import { lines, makeProject, NOW, RunResult, runVerify, stackYaml, virtualClock } from "../harness";
import { ALICE, BOB, CAROL, catchAllRule, cohort, device, factor, healthyTenant, IDS, managedDeviceRule, mfaEvent, signInDevice, signOnEvaluation, TestUser } from "../tenantFixtures";
import { useFakeTenant } from "./session";

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();
const ALICE_MAC = device("guo1alicemac0000d7x1", "Alice's MacBook Pro", "MACOS", [{ user: ALICE, managementStatus: "MANAGED" }]);

/** --wait, --preflight, evidence, request counts and pacing (issue 11), the FastPass forms (issue 13) and stale outputs (issue 10). */
export function readinessSuites(): void {
  const session = useFakeTenant();

  /** A fake whose clock is the run's virtual clock, so that minutes of waiting pass at once. */
  async function virtualTenant(options: Parameters<typeof FakeOkta.start>[1] = {}, onSleep?: (ms: number) => void) {
    const clock = virtualClock(NOW, onSleep);
    await session.restart({ now: clock.now, ...options });
    return clock;
  }

  describe("--wait", () => {
    test("a sign-in that lands after a few seconds is noticed within 10 s, one System Log query per poll", async () => {
      const clock = await virtualTenant();
      session.fake.tenant.devices.push(ALICE_MAC);
      session.signIns({ user: ALICE, published: at(7), result: "ALLOW", device: signInDevice("guo1alicemac0000d7x1") });
      session.fake.tenant.logs.push(mfaEvent(ALICE, at(6)));
      const result = await runVerify(["--stack", "dev", "--user", ALICE.login, "--wait", "10m", "--json"], session.env(), { projectDir: session.projectDir, clock });
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.waited.stopped).toBe("all_evaluated");
      expect(report.waited.seconds - 7).toBeLessThanOrEqual(10);
      expect(session.fake.requestsTo("/api/v1/logs")).toHaveLength(report.waited.polls);
      expect(report.users[0].evaluation.device).toEqual({
        id: "guo1alicemac0000d7x1",
        model: "Mac15,6",
        platform: "MACOS",
        managed: true,
        registered: true,
        from: ["the evaluation's UDDevice target"],
        inDevicesApi: { name: "Alice's MacBook Pro", managementStatus: "MANAGED" },
      });
      expect(report.users[0].fastPassProbe).toEqual({ found: true, at: at(6), result: "SUCCESS", authenticator: "Okta Verify", method: "Use Okta FastPass" });
    });

    test("the evidence is in the text report too, with a plain progress line per change on a pipe", async () => {
      const clock = await virtualTenant();
      session.signIns({ user: ALICE, published: at(12), result: "ALLOW", device: signInDevice("guo1alicemac0000d7x1") });
      session.fake.tenant.logs.push(mfaEvent(ALICE, at(11)));
      const result = await runVerify(["--stack", "dev", "--user", ALICE.login, "--wait", "1m"], session.env(), { projectDir: session.projectDir, clock });
      expect(result.exitCode).toBe(0);
      expect(lines(result.stderr)).toEqual(["verify: 0s: 0 of 1 test user evaluated; waiting for alice@acme.example", "verify: 15s: 1 of 1 test user evaluated", ""]);
      const out = lines(result.stdout);
      expect(out).toContain("  Device in the evaluation: macOS, model Mac15,6, device guo1alicemac0000d7x1: registered, managed (from the evaluation's UDDevice target)");
      expect(out).toContain(`  FastPass probe: user.authentication.auth_via_mfa at ${at(11)} (SUCCESS, Okta Verify, Use Okta FastPass)`);
      expect(out).toContain("Waited 15s (4 System Log queries): every test user has an evaluation");
    });

    test("on a terminal one line updates in place", async () => {
      const clock = await virtualTenant();
      session.signIns({ user: ALICE, published: at(7), result: "DENY" });
      let stderr = "";
      let stdout = "";
      const exitCode = await main(
        ["--stack", "dev", "--user", ALICE.login, "--wait", "1m"],
        session.env(),
        { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text), isTTY: true, columns: 200 } },
        { projectDir: session.projectDir, clock },
      );
      expect(exitCode).toBe(1);
      expect(stderr.startsWith("\r\u001b[2Kwaiting 0s of 1m00s: 0 of 1 test user evaluated; waiting for alice@acme.example")).toBe(true);
      expect(stderr.endsWith("\r\u001b[2Kwaiting 10s of 1m00s: 1 of 1 test user evaluated\n")).toBe(true);
      expect(stderr.split("\n")).toHaveLength(2);
      expect(stdout).toContain("alice@acme.example: NOT MANAGED");
    });

    test("a sign-in that never lands: the wait runs out and the exit is 2", async () => {
      const clock = await virtualTenant();
      const result = await runVerify(["--stack", "dev", "--user", ALICE.login, "--wait", "30s", "--json"], session.env(), { projectDir: session.projectDir, clock });
      expect(result.exitCode).toBe(2);
      const report = JSON.parse(result.stdout);
      expect(report.waited).toEqual({ seconds: 30, polls: 7, stopped: "time_out" });
      expect(report.users[0].verdict).toBe("no_evaluation");
      expect(session.fake.requestsTo("/api/v1/logs")).toHaveLength(7);
      // Later polls read the newest minute again, not the whole window.
      expect(session.fake.requestsTo("/api/v1/logs")[6].query.since).toBe(new Date(NOW.getTime() + 25_000 - 60_000).toISOString());
    });

    test("Ctrl-C stops it cleanly with the report so far", async () => {
      const controller = new AbortController();
      let sleeps = 0;
      const clock = await virtualTenant({}, () => {
        if (++sleeps === 2) controller.abort();
      });
      session.signIns({ user: ALICE, published: at(2), result: "ALLOW" });
      let stdout = "";
      let stderr = "";
      const exitCode = await main(
        ["--stack", "dev", "--wait", "1h"],
        session.env(),
        { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, signal: controller.signal },
        { projectDir: session.projectDir, clock },
      );
      expect(exitCode).toBe(2);
      expect(stdout).toContain("alice@acme.example: MANAGED");
      expect(stdout).toContain("bob@acme.example: NO EVALUATION YET");
      expect(stdout).toMatch(/Waited \d+s \(2 System Log queries\): stopped by Ctrl-C/);
      // Stopped: the report so far, without the device look-ups.
      expect(session.fake.requestsTo(/\/devices$/)).toEqual([]);
      expect(stderr).not.toMatch(/error/i);
    });

    test.each([
      [["--wait", "soon"], "--wait soon: expected a duration such as 30s, 10m or 1h"],
      [["--wait", "25h"], "--wait 25h: at most 24h; run verify again to wait longer"],
      [["--wait", "1m", "--preflight"], "--preflight and --wait do not go together: run the preflight first, then --wait after asking the user to sign in"],
    ])("%j is a usage error", async (argv, message) => {
      const result = await session.verify("--stack", "dev", ...argv);
      expect(result.exitCode).toBe(64);
      expect(result.stderr).toBe(`verify: ${message}\nRun with --help for usage.\n`);
    });
  });

  describe("--preflight", () => {
    function ready(users: TestUser[] = [ALICE]): void {
      for (const user of users) {
        session.fake.tenant.factors = { ...session.fake.tenant.factors, [user.id]: [factor("push"), factor("signed_nonce")] };
        session.fake.tenant.devices.push(device(`guo1${user.id.slice(4, 16)}dev`.padEnd(20, "0"), `${user.name}'s Mac`, "MACOS", [{ user, managementStatus: "NOT_MANAGED" }]));
      }
    }
    const preflight = (...argv: string[]) => session.verify("--stack", "dev", "--user", ALICE.login, "--preflight", ...argv);

    test("every criterion met: exit 0, the MDM integration named as a manual step", async () => {
      ready();
      const { exitCode, stdout } = await preflight();
      expect(exitCode).toBe(0);
      const out = lines(stdout);
      expect(out).toContain("  ok   Identity Engine: the org runs Okta Identity Engine");
      expect(out).toContain("alice@acme.example: READY");
      expect(out).toContain("  ok   Okta Verify with FastPass: enrolled (signed_nonce factor ACTIVE)");
      expect(out).toContain("  ok   registered device: 1 device, 0 managed so far");
      expect(out.some((line) => line.includes("Security > Device Integrations"))).toBe(true);
      expect(out).toContain("Result: READY: every test user can try the sign-in now (exit 0)");
    });

    test.each<[string, () => void, string]>([
      ["the user is not active", () => Object.assign(session.fake.tenant.users[0], { status: "SUSPENDED" }), "  FIX  user is active: status SUSPENDED"],
      ["Okta Verify without FastPass", () => (session.fake.tenant.factors = { [ALICE.id]: [factor("push")] }), "  FIX  Okta Verify with FastPass: Okta Verify is enrolled for push only: no signed_nonce (FastPass) factor"],
      ["a FastPass factor not yet active", () => (session.fake.tenant.factors = { [ALICE.id]: [factor("signed_nonce", "PENDING_ACTIVATION")] }), "  FIX  Okta Verify with FastPass: signed_nonce factor PENDING_ACTIVATION"],
      ["no registered device", () => (session.fake.tenant.devices = []), "  FIX  registered device: no device registered"],
      ["a Classic Engine org", () => (session.fake.tenant.pipeline = "v1"), "  FIX  Identity Engine: the org runs Okta Classic Engine"],
    ])("not ready when %s: exit 5 with the reason and its fix", async (_name, change, line) => {
      ready();
      change();
      const { exitCode, stdout } = await preflight();
      expect(exitCode).toBe(5);
      const out = lines(stdout);
      expect(out).toContain(line);
      expect(out[out.indexOf(line) + 1]).toMatch(/^ {7}fix: /);
      expect(out).toContain("Result: NOT READY: fix what is listed for each user, then run the preflight again (exit 5)");
    });

    test.each<[string, () => void, string]>([
      [
        "the factors (403)",
        () => session.fake.faults.push({ path: `/api/v1/users/${ALICE.id}/factors`, status: 403, body: oktaError("E0000006", "You do not have permission to perform the requested action") }),
        `  ??   Okta Verify with FastPass: cannot tell: missing scope okta.users.read: Okta refused GET /api/v1/users/${ALICE.id}/factors (HTTP 403 E0000006 You do not have permission to perform the requested action); the API token's admin lacks the permission behind okta.users.read`,
      ],
      [
        "the user's devices (404)",
        () => session.fake.faults.push({ path: `/api/v1/users/${ALICE.id}/devices`, status: 404, body: oktaError("E0000007", "Not found: Resource not found") }),
        `  ??   registered device: cannot tell: unexpected response from GET /api/v1/users/${ALICE.id}/devices: HTTP 404`,
      ],
      [
        "the org's metadata (500)",
        () => session.fake.faults.push({ path: "/.well-known/okta-organization", status: 500, body: oktaError("E0000009", "Internal Server Error") }),
        "  ??   Identity Engine: cannot tell: unexpected response from GET /.well-known/okta-organization: HTTP 500 E0000009 Internal Server Error",
      ],
    ])("a failed read of %s makes that criterion cannot tell, and the others still run (exit 5)", async (_name, fail, line) => {
      ready();
      fail();
      const { exitCode, stdout, stderr } = await preflight();
      expect(stderr).toBe("");
      expect(exitCode).toBe(5);
      const out = lines(stdout);
      expect(out).toContain(line);
      expect(out[out.indexOf(line) + 1]).toMatch(/^ {7}fix: /);
      const others = ["  ok   user is active: status ACTIVE", "  ok   Okta Verify with FastPass: enrolled (signed_nonce factor ACTIVE)", "  ok   registered device: 1 device, 0 managed so far", "  ok   Identity Engine: the org runs Okta Identity Engine"];
      expect(others.filter((other) => out.includes(other))).toHaveLength(others.length - 1);
      expect(out).toContain("Result: NOT READY: fix what is listed for each user, then run the preflight again (exit 5)");
    });

    test("the device search failing leaves the management status unknown, the device still counts as registered", async () => {
      ready();
      session.fake.faults.push({ path: "/api/v1/devices", status: 503, body: oktaError("E0000009", "Service Unavailable") });
      const { exitCode, stdout } = await preflight("--json");
      expect(exitCode).toBe(0);
      expect(JSON.parse(stdout).preflight.users[0].checks[3]).toEqual({
        criterion: "registered device",
        ok: true,
        detail: "1 device, management status unknown (unexpected response from GET /api/v1/devices: HTTP 503 E0000009 Service Unavailable)",
        fix: "on the device under test (one with secure hardware), install Okta Verify and add the account, so that Okta registers the device",
      });
    });

    test("a user who is not assigned or does not exist is drift: exit 3, with the preflight too", async () => {
      ready([ALICE, BOB]);
      session.fake.tenant.assignments[IDS.bookmark] = [ALICE.id];
      session.fake.tenant.users = session.fake.tenant.users.filter((user) => user.id !== CAROL.id);
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--preflight");
      expect(exitCode).toBe(3);
      const out = lines(stdout);
      expect(out).toContain('  - bob@acme.example is not assigned to the bookmark "Managed Device Check"');
      expect(out).toContain("  FIX  assigned to the bookmark: not assigned");
      expect(out).toContain("  FIX  user exists: no user carol@acme.example exists in the tenant");
    });

    test("names the org's FastPass form where the authenticators are per method", async () => {
      ready();
      session.fake.tenant.authenticators = [authenticator("okta_verify_push", "Okta Verify Push", "app"), authenticator("okta_verify_fastpass", "Okta FastPass", "app")];
      const { exitCode, stdout } = await preflight("--json");
      expect(exitCode).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.preflight.org[1].detail).toBe(
        "the org uses per-method Okta Verify authenticators (Flexible Okta Verify): FastPass is okta_verify_fastpass; the stack needs okta-managed-device-check:fastPassKey okta_verify_fastpass (it sends okta_verify)",
      );
      expect(report.advice[0]).toMatch(/^the org uses per-method Okta Verify authenticators .*set okta-managed-device-check:fastPassKey to okta_verify_fastpass in Pulumi\.dev\.yaml/);
    });
  });

  describe("FastPass in the per-method form (Flexible Okta Verify)", () => {
    test("reports the outcome (exit 0 for a managed device) and advises the stack's form, not drift", async () => {
      session.fake.tenant.rules[IDS.policy] = [
        managedDeviceRule((rule) => (rule.actions.appSignOn.verificationMethod.constraints = [{ possession: { authenticationMethods: [{ key: "okta_verify_fastpass", method: "signed_nonce" }], required: true } }])),
        catchAllRule(),
      ];
      session.fake.tenant.devices.push(ALICE_MAC);
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" });
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(exitCode).toBe(0);
      const out = lines(stdout);
      expect(out).toContain("Drift: none (the catch-all denies; the rule requires a registered, managed device, FastPass and a prompt at every sign-in)");
      expect(out.find((line) => line.startsWith("Advice: "))).toMatch(/answers the rule's FastPass as okta_verify_fastpass\/signed_nonce, but the stack sends okta_verify/);
      expect(out).toContain("alice@acme.example: MANAGED");
    });

    test("no advice when the stack already sends that form", async () => {
      const dir = makeProject({ dev: stackYaml(["okta-managed-device-check:fastPassKey: okta_verify_fastpass"]) });
      session.fake.tenant.rules[IDS.policy] = [
        managedDeviceRule((rule) => (rule.actions.appSignOn.verificationMethod.constraints = [{ possession: { authenticationMethods: [{ key: "okta_verify_fastpass", method: "signed_nonce" }], required: true } }])),
        catchAllRule(),
      ];
      const { stdout } = await runVerify(["--stack", "dev"], session.env(), { projectDir: dir, clock: virtualClock() });
      expect(stdout).not.toContain("Advice:");
    });
  });

  describe("cost grows with pages, not users", () => {
    test.each([1, 10, 100])("%i test users: at most N + 20 requests, one System Log query", async (size) => {
      const users = cohort(size);
      await session.restart({});
      session.fake.tenant = healthyTenant(users);
      for (const user of users) {
        session.fake.tenant.devices.push(device(`guo1${user.id.slice(10, 14)}dev0000000d7x1`.slice(0, 20), `${user.name}'s Mac`, "MACOS", [{ user, managementStatus: "MANAGED" }]));
        session.fake.tenant.logs.push(signOnEvaluation({ user, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" }));
      }
      const dir = makeProject({ dev: stackYaml([], users.map((user) => user.login)) });
      let sent: readonly string[] = [];
      const result = await runVerify(["--stack", "dev", "--json"], session.env(), { projectDir: dir, clock: virtualClock(), onRequests: (requests) => (sent = requests) });
      expect(result.exitCode).toBe(0);
      expect(JSON.parse(result.stdout).users).toHaveLength(size);
      expect(session.fake.requests.length).toBeLessThanOrEqual(size + 20);
      expect(sent).toHaveLength(session.fake.requests.length);
      expect(session.fake.requestsTo("/api/v1/logs")).toHaveLength(1);
      expect(session.fake.requestsTo(/^\/api\/v1\/users\/[^/]+$/)).toHaveLength(0);
    }, 20_000);
  });

  describe("rate limits", () => {
    test("a tenant with a small announced limit: no request is sent while its endpoint has none left", async () => {
      const users = cohort(12);
      const clock = await virtualTenant({ rateLimit: { limit: 3, windowMs: 60_000 } });
      session.fake.tenant = healthyTenant(users);
      for (const user of users) {
        session.fake.tenant.devices.push(device(`guo1${user.id.slice(10, 14)}dev0000000d7x1`.slice(0, 20), `${user.name}'s Mac`, "MACOS", [{ user, managementStatus: "MANAGED" }]));
        session.fake.tenant.logs.push(signOnEvaluation({ user, published: "2025-06-15T11:00:00.000Z", result: "ALLOW" }));
      }
      const dir = makeProject({ dev: stackYaml([], users.map((user) => user.login)) });
      const result = await runVerify(["--stack", "dev"], session.env(), { projectDir: dir, clock });
      // Each pause is said on stderr (tools/verify/executor.ts).
      expect(lines(result.stderr).filter(Boolean).every((line) => /^verify: Okta's rate limit on GET \/api\/v1\/users\/\{id\}\/devices has none of its 3 requests left until its window resets: waiting 60 s before GET /.test(line))).toBe(true);
      expect(result.exitCode).toBe(0);
      expect(session.fake.violations).toEqual([]);
      // Twelve /users/{id}/devices requests at three a minute: verify paused for the windows to reset.
      expect(clock.sleeps.filter((ms) => ms > 0).length).toBeGreaterThanOrEqual(3);
    }, 20_000);
  });

  describe("--outputs and --user (issue 10)", () => {
    const writeOutputs = (name: string, content: Buffer | string) => {
      const file = path.join(session.projectDir, name);
      fs.writeFileSync(file, content);
      return file;
    };
    const outputs = { bookmarkAppId: IDS.bookmark, policyId: IDS.policy, ruleId: IDS.managedRule, catchAllRuleId: IDS.catchAllRule };

    test("a replaced rule: stale outputs to export again, not drift", async () => {
      const replaced = "rul1replaced0000d7x1";
      session.fake.tenant.rules[IDS.policy] = [managedDeviceRule((rule) => (rule.id = replaced)), catchAllRule()];
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW", rule: { id: replaced, name: "Managed Device Allowed" } });
      const file = writeOutputs("stale.json", JSON.stringify(outputs));
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login, "--outputs", file);
      expect(exitCode).toBe(0);
      const out = lines(stdout);
      expect(out).toContain(
        `Stale --outputs: the rule ${IDS.managedRule} named by --outputs is no longer in "Require Managed Device", whose rule "Managed Device Allowed" is now ${replaced}; export them again: pulumi stack output --json --stack dev > <file>`,
      );
      expect(out).not.toContain("Drift found (1):");
      expect(stdout).not.toContain("deactivate or delete");
    });

    test.each([
      ["UTF-8 with a BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(outputs))])],
      ["UTF-16LE with a BOM (PowerShell)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(outputs), "utf16le")])],
      ["UTF-16BE with a BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(JSON.stringify(outputs), "utf16le").swap16()])],
      ["UTF-16LE without a BOM", Buffer.from(JSON.stringify(outputs), "utf16le")],
    ])("an outputs file in %s is read", async (_name, bytes) => {
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" });
      const { exitCode } = await session.verify("--stack", "dev", "--user", ALICE.login, "--outputs", writeOutputs("encoded.json", bytes));
      expect(exitCode).toBe(0);
      expect(session.fake.requestsTo("/api/v1/apps")).toHaveLength(0);
    });

    test("--user must name one of the stack's test users, by login or by the id of one", async () => {
      const message = "not one of the stack's test users (okta-managed-device-check:testUsers in Pulumi.dev.yaml: alice@acme.example, bob@acme.example, carol@acme.example)";
      const byLogin = await session.verify("--stack", "dev", "--user", "mallory@acme.example");
      expect(byLogin).toEqual({ exitCode: 64, stdout: "", stderr: `verify: --user mallory@acme.example: ${message}\nRun with --help for usage.\n` });
      expect(session.fake.requests).toHaveLength(0);
      session.fake.tenant.users.push({ ...session.fake.tenant.users[0], id: "00u1mallory000000009", profile: { login: "mallory@acme.example" } });
      const byId = await session.verify("--stack", "dev", "--user", "00u1mallory000000009");
      expect(byId.exitCode).toBe(64);
      expect(byId.stderr).toBe(`verify: --user 00u1mallory000000009: ${message}\nRun with --help for usage.\n`);
    });
  });

  test("an unexpected internal error is exit 70 with one line, never a stack trace", async () => {
    const broken = { now: () => Number.NaN, sleep: async () => undefined };
    const result: RunResult = await runVerify(["--stack", "dev"], session.env(), { projectDir: session.projectDir, clock: broken });
    expect(result.exitCode).toBe(70);
    expect(result.stderr).toBe("verify: internal error: Invalid time value\n");
  });
}
