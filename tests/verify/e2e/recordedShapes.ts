import { appSsoEvent, classicPolicyTargets, GLOBAL_SESSION_RULE, ruleTarget, sessionStartEvent } from "../fixtures/recordedEvents";
import { lines } from "../harness";
import { ALICE, CATCH_ALL_RULE, device, IDS, LABEL, MANAGED_RULE, RULE_NAME, signIn, signInDevice, signOnEvaluation } from "../tenantFixtures";
import { useFakeTenant } from "./session";

const AT = "2025-06-15T10:00:00.000Z";
const MAC = "guo1alicemac0000d7x1";
const causesOf = (stdout: string) => {
  const out = lines(stdout);
  const start = out.indexOf("  Likely causes, most likely first:");
  return out.slice(start + 1, out.findIndex((line, index) => index > start && line.startsWith("  Next:")));
};

/** Verdicts from events in the shapes recorded Identity Engine (and Classic) events show (issue 16). */
export function recordedShapeSuites(): void {
  const session = useFakeTenant();
  const apiDevice = (managementStatus: "MANAGED" | "NOT_MANAGED", platform = "MACOS") =>
    session.fake.tenant.devices.push(device(MAC, "Alice's MacBook Pro", platform, [{ user: ALICE, managementStatus }]));
  const logs = (...events: Array<Record<string, unknown>>) => void session.fake.tenant.logs.push(...events);
  const runFor = () => session.verify("--stack", "dev", "--user", ALICE.login);

  describe("the rule that decides", () => {
    test("the global session rule named first does not hide the check's rule: managed, with the FastPass probe as its evidence (exit 0)", async () => {
      apiDevice("MANAGED");
      // The FastPass probe first, the password after it and closer to the evaluation.
      logs(...signIn({ user: ALICE, at: AT, result: "ALLOW", methods: ["fastpass", "password"], device: signInDevice(MAC) }));
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(exitCode).toBe(0);
      const out = lines(stdout);
      expect(out).toContain(`  allowed by "${RULE_NAME}" at ${AT}: the device is registered and managed`);
      expect(out).toContain(`  FastPass probe: user.authentication.auth_via_mfa at 2025-06-15T09:59:45.000Z (SUCCESS, Okta Verify, Use Okta FastPass)`);
      expect(out).toContain(
        `  Device in the evaluation: macOS, model Mac15,6, device ${MAC}: registered, managed (from the evaluation's UDDevice target and the device block of user.authentication.sso); in the Devices API "Alice's MacBook Pro": MANAGED`,
      );
      expect(stdout).not.toContain("Default Rule");
    });

    test("a denial names the check's Catch-all Rule, not the global session rule before it (exit 1)", async () => {
      apiDevice("NOT_MANAGED");
      logs(...signIn({ user: ALICE, at: AT, result: "DENY", device: signInDevice(MAC, { managed: false }) }));
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(exitCode).toBe(1);
      expect(lines(stdout)).toContain(`  denied by "Catch-all Rule" at ${AT}: the sign-in did not meet the rule of the check (a registered, managed device signing in with FastPass)`);
      expect(stdout).not.toContain("Default Rule");
    });

    test.each<[string, Array<Record<string, unknown>>, string]>([
      ["no Rule target", [], "the event names no rule, so no rule of the check decided it"],
      ["a Rule without an id", [ruleTarget({ name: RULE_NAME })], "the event names a rule without an id, so no rule of the check is known to have decided it"],
      [
        "the check's rule name with another id",
        [ruleTarget(GLOBAL_SESSION_RULE), ruleTarget({ id: "rul1othrrule0000d7x1", name: RULE_NAME }, "2FA")],
        `the event names a rule "${RULE_NAME}" with the id rul1othrrule0000d7x1, not the check's rule ${IDS.managedRule}`,
      ],
      ["a Classic PolicyEntity and PolicyRule", classicPolicyTargets(), "the event is in the Classic Engine's shape (a PolicyRule, no Rule): it names no rule of an authentication policy"],
    ])("an ALLOW with %s is not managed (exit 2)", async (_name, rules, why) => {
      const app = { id: IDS.bookmark, type: "AppInstance", alternateId: LABEL, displayName: LABEL, detailEntry: { signOnModeType: "BOOKMARK", signOnModeEvaluationResult: "AUTHENTICATED" } };
      logs(signOnEvaluation({ user: ALICE, published: AT, result: "ALLOW", targets: [app, ...rules] }));
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(exitCode).toBe(2);
      expect(lines(stdout)).toContain(`  no evaluation yet: the last sign-in at ${AT} was allowed, but ${why}`);
      expect(stdout).not.toContain("Default Rule");
    });

    test("a DENY that names only the global session rule is no verdict on the device (exit 2)", async () => {
      logs(signOnEvaluation({ user: ALICE, published: AT, result: "DENY", rule: null }));
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(exitCode).toBe(2);
      expect(lines(stdout)).toContain(`  no evaluation yet: the last sign-in at ${AT} was denied, but the event names only rules outside the check's policy (such as the global session policy's)`);
    });

    test("a later evaluation outside the check does not undo the check's earlier denial", async () => {
      logs(signOnEvaluation({ user: ALICE, published: AT, result: "DENY" }), signOnEvaluation({ user: ALICE, published: "2025-06-15T11:00:00.000Z", result: "ALLOW", rule: null }));
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(exitCode).toBe(1);
      expect(lines(stdout)).toContain(`  denied by "${CATCH_ALL_RULE.name}" at ${AT}: the sign-in did not meet the rule of the check (a registered, managed device signing in with FastPass)`);
    });

    test("an evaluation without a published time is a malformed answer (exit 4), not no evaluation", async () => {
      const event = signOnEvaluation({ user: ALICE, published: AT, result: "ALLOW", rule: MANAGED_RULE });
      delete event.published;
      logs(event);
      const { exitCode, stdout, stderr } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect({ exitCode, stdout }).toEqual({ exitCode: 4, stdout: "" });
      expect(stderr).toBe("verify: unexpected response from GET /api/v1/logs: item 1: published: Invalid input: expected string, received undefined\n");
    });
  });

  describe("the device Okta saw and the causes of a denial", () => {
    test("the device block of user.authentication.sso: a name such as Mac15,6 is shown as the model", async () => {
      apiDevice("MANAGED");
      logs(
        signOnEvaluation({ user: ALICE, published: AT, result: "ALLOW" }),
        appSsoEvent({ actor: ALICE, published: "2025-06-15T10:00:01.000Z", app: { id: IDS.bookmark, label: LABEL }, session: "idx1alice00000000001Session", device: signInDevice(MAC) }),
      );
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login, "--json");
      expect(exitCode).toBe(0);
      expect(JSON.parse(stdout).users[0].evaluation.device).toEqual({
        id: MAC,
        model: "Mac15,6",
        platform: "MACOS",
        managed: true,
        registered: true,
        from: ["the device block of user.authentication.sso"],
        inDevicesApi: { name: "Alice's MacBook Pro", managementStatus: "MANAGED" },
      });
    });

    test("a UDDevice target saying managed \"false\": the MDM integration for that platform comes first, with its evidence", async () => {
      apiDevice("NOT_MANAGED", "WINDOWS");
      logs(...signIn({ user: ALICE, at: AT, result: "DENY", device: signInDevice(MAC, { managed: false, platform: "WINDOWS", model: "MS-7B51" }) }));
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(exitCode).toBe(1);
      expect(lines(stdout)).toContain(`  Device in the evaluation: Windows, model MS-7B51, device ${MAC}: registered, not managed (from the evaluation's UDDevice target); in the Devices API "Alice's MacBook Pro": NOT_MANAGED`);
      const seen = `at the sign-in Okta saw the device (Windows, model MS-7B51, ${MAC}) registered but not managed`;
      expect(causesOf(stdout)).toEqual([
        "    1. the Windows device management integration was not in place for this device at the sign-in: finish the Windows integration under Security > Device Integrations, and have the MDM deploy Okta Verify to Windows with the integration's managed app configuration",
        `       evidence: ${seen}`,
        "    2. the device is not enrolled in the MDM: enroll this Windows device in the MDM and let it install the managed Okta Verify",
        `       evidence: ${seen}`,
        `    3. the MDM integration was finished only after this sign-in: confirm it was finished before ${AT}; if not, sign in to the tile again with FastPass`,
        "       evidence: the API cannot show this: confirm it by hand",
      ]);
    });

    test("a denial whose device only user.session.start names: the device of the same sign-in session", async () => {
      apiDevice("NOT_MANAGED");
      const thisSignIn = "idxSessionOfThisSignIn";
      logs(
        sessionStartEvent({ actor: ALICE, published: "2025-06-15T09:50:00.000Z", session: "idxAnotherSession", device: signInDevice("guo1othermac0000d7x1") }),
        sessionStartEvent({ actor: ALICE, published: "2025-06-15T09:59:30.000Z", session: thisSignIn, device: signInDevice(MAC, { managed: false }) }),
        signOnEvaluation({ user: ALICE, published: AT, result: "DENY", session: thisSignIn }),
      );
      const { stdout } = await runFor();
      expect(lines(stdout)).toContain(`  Device in the evaluation: macOS, model Mac15,6, device ${MAC}: registered, not managed (from the device block of user.session.start); in the Devices API "Alice's MacBook Pro": NOT_MANAGED`);
      expect(causesOf(stdout)[0]).toMatch(/^ {4}1\. the macOS device management integration was not in place for this device at the sign-in: /);
    });

    test("not managed at the sign-in but MANAGED in the Devices API now: managed only after this sign-in comes first", async () => {
      apiDevice("MANAGED");
      logs(...signIn({ user: ALICE, at: AT, result: "DENY", device: signInDevice(MAC, { managed: false }) }));
      const { stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(causesOf(stdout).slice(0, 2)).toEqual([
        "    1. the device became managed only after this sign-in: sign in to the tile again with FastPass: Okta marks a device managed at a FastPass sign-in",
        `       evidence: at the sign-in Okta saw the device (macOS, model Mac15,6, ${MAC}) registered but not managed; the Devices API says MANAGED now`,
      ]);
    });

    test("a managed device denied all the same: another condition of the rule", async () => {
      apiDevice("MANAGED");
      logs(...signIn({ user: ALICE, at: AT, result: "DENY", device: signInDevice(MAC) }));
      const { stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      // The summary claims nothing the evidence contradicts: Okta did see a managed device here.
      expect(lines(stdout)).toContain(`  denied by "Catch-all Rule" at ${AT}: the sign-in did not meet the rule of the check (a registered, managed device signing in with FastPass)`);
      expect(causesOf(stdout)).toEqual([
        `    1. another condition of the rule "${RULE_NAME}" was not met: compare this sign-in with the rule's conditions (users, network, risk, device assurance) under Security > Authentication Policies`,
        `       evidence: at the sign-in Okta saw the device (macOS, model Mac15,6, ${MAC}) registered and managed, yet "Catch-all Rule" denied`,
      ]);
    });

    test("no device and a push instead of FastPass: no FastPass probe, and a sign-in elsewhere comes first", async () => {
      apiDevice("NOT_MANAGED");
      logs(...signIn({ user: ALICE, at: AT, result: "DENY", methods: ["password", "push"] }));
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(exitCode).toBe(1);
      const out = lines(stdout);
      const none = "no user.authentication.auth_via_mfa event of this sign-in used FastPass; they show Password, Okta Verify (Get a push notification)";
      expect(out).toContain(`  FastPass probe: none: ${none}`);
      expect(out).toContain("  Device in the evaluation: none named");
      expect(causesOf(stdout).slice(0, 2)).toEqual([
        '    1. the sign-in was not an Okta FastPass sign-in from the device under test (another browser or another device): open the tile on the device under test itself and choose "Sign in with Okta FastPass", not a push, a code or another browser',
        `       evidence: the sign-in's events name no device; ${none}`,
      ]);
    });
  });
}
