import * as fs from "fs";
import * as path from "path";
import { fixedClock, lines, makeProject, runVerify, stackYaml } from "../harness";
import { ALICE, bookmarkApp, BOB, CAROL, device, IDS, signInDevice } from "../tenantFixtures";
import { useFakeTenant } from "./session";

const ALICE_MAC = device("guo1alicemac0000d7x1", "Alice's MacBook Pro", "MACOS", [{ user: ALICE, managementStatus: "MANAGED" }]);
const BOB_MAC = device("guo1bobmac000000d7x1", "Bob's MacBook Air", "MACOS", [{ user: BOB, managementStatus: "NOT_MANAGED" }]);
const CAROL_PC = device("guo1carolpc00000d7x1", "CAROL-T14", "WINDOWS", [{ user: CAROL, managementStatus: "MANAGED" }]);

/** Verdicts, System Log reading and the command's options, end to end against the fake tenant. */
export function verdictSuites(): void {
  const session = useFakeTenant();

  describe("verdicts", () => {
    test("every test user allowed by the managed-device rule: managed, devices listed, exit 0", async () => {
      session.fake.tenant.devices.push(ALICE_MAC, BOB_MAC, CAROL_PC);
      session.signIns(
        { user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" },
        { user: BOB, published: "2025-06-15T10:01:00.000Z", result: "ALLOW", device: signInDevice("guo1bobmac000000d7x1") },
        { user: CAROL, published: "2025-06-15T10:02:00.000Z", result: "ALLOW" },
      );
      const { exitCode, stdout, stderr } = await session.verify("--stack", "dev");
      expect(stderr).toBe("");
      expect(exitCode).toBe(0);
      const out = lines(stdout);
      expect(out).toContain("alice@acme.example: MANAGED");
      expect(out).toContain('  allowed by "Managed Device Allowed" at 2025-06-15T10:00:00.000Z: the device is registered and managed');
      expect(out).toContain("    - Alice's MacBook Pro (MACOS, guo1alicemac0000d7x1): MANAGED, registered, ACTIVE");
      expect(out).toContain('  allowed by "Managed Device Allowed" at 2025-06-15T10:01:00.000Z: the device is registered and managed');
      expect(out).toContain('  Device in the evaluation: macOS, model Mac15,6, device guo1bobmac000000d7x1: registered, managed (from the evaluation\'s UDDevice target); in the Devices API "Bob\'s MacBook Air": NOT_MANAGED');
      expect(out).toContain("carol@acme.example: MANAGED");
      expect(out).toContain("Result: MANAGED: every test user's device is managed (exit 0)");
    });

    test("several users with different outcomes: the worst decides, a denial wins (exit 1)", async () => {
      session.fake.tenant.devices.push(ALICE_MAC, BOB_MAC);
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" }, { user: BOB, published: "2025-06-15T10:05:00.000Z", result: "DENY" });
      const { exitCode, stdout } = await session.verify("--stack", "dev");
      expect(exitCode).toBe(1);
      const out = lines(stdout);
      expect(out).toContain("alice@acme.example: MANAGED");
      expect(out).toContain("bob@acme.example: NOT MANAGED");
      expect(out).toContain('  denied by "Catch-all Rule" at 2025-06-15T10:05:00.000Z: the sign-in did not meet the rule of the check (a registered, managed device signing in with FastPass)');
      expect(out).toContain("    - Bob's MacBook Air (MACOS, guo1bobmac000000d7x1): NOT_MANAGED, registered, ACTIVE");
      // No device in the sign-in's events: the causes start from that, then what the Devices API says.
      const causes = out.slice(out.indexOf("  Likely causes, most likely first:"), out.indexOf("  Likely causes, most likely first:") + 7);
      expect(causes).toEqual([
        "  Likely causes, most likely first:",
        '    1. the sign-in was not an Okta FastPass sign-in from the device under test (another browser or another device): open the tile on the device under test itself and choose "Sign in with Okta FastPass", not a push, a code or another browser',
        "       evidence: the sign-in's events name no device; no user.authentication.auth_via_mfa event of this sign-in is in the System Log",
        "    2. the macOS device management integration was not in place for this device at the sign-in: finish the macOS integration under Security > Device Integrations, and have the MDM deploy Okta Verify to macOS with the integration's managed app configuration",
        '       evidence: the Devices API lists "Bob\'s MacBook Air" (MACOS) NOT_MANAGED',
        "    3. the MDM integration was finished only after this sign-in: confirm it was finished before 2025-06-15T10:05:00.000Z; if not, sign in to the tile again with FastPass",
        "       evidence: the API cannot show this: confirm it by hand",
      ]);
      expect(out).toContain(
        '  Next: after fixing the cause, bob@acme.example must sign in to the "Managed Device Check" tile with FastPass again: Okta marks a device managed only at a FastPass sign-in',
      );
      expect(out).toContain("carol@acme.example: NO EVALUATION YET");
      expect(out).toContain("Result: NOT MANAGED: at least one test user was denied (exit 1)");
    });

    test("no evaluation yet for one user and none denied: exit 2, with what to ask the user", async () => {
      session.fake.tenant.devices.push(ALICE_MAC);
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" }, { user: BOB, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" });
      const { exitCode, stdout } = await session.verify("--stack", "dev");
      expect(exitCode).toBe(2);
      const out = lines(stdout);
      expect(out).toContain("carol@acme.example: NO EVALUATION YET");
      expect(out).toContain('  no evaluation yet: carol@acme.example has not opened the "Managed Device Check" tile since 2025-06-14T12:00:00.000Z');
      expect(out).toContain(
        `  Next: ask carol@acme.example to open the Okta End-User Dashboard (${session.fake.url}) on the device under test, open the "Managed Device Check" tile and sign in with Okta Verify ("Sign in with Okta FastPass")`,
      );
      expect(out).toContain("Result: INCOMPLETE: at least one test user has no evaluation yet (exit 2)");
      // No device list is read for a user without an evaluation.
      expect(session.fake.requestsTo(`/api/v1/users/${CAROL.id}/devices`)).toHaveLength(0);
    });

    test("only a CHALLENGE: the sign-in was started but not finished", async () => {
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "CHALLENGE", rule: null });
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", "alice@acme.example");
      expect(exitCode).toBe(2);
      expect(lines(stdout)).toContain("  no evaluation yet: alice@acme.example started a sign-in at 2025-06-15T10:00:00.000Z but did not finish it (CHALLENGE)");
    });

    test("the most recent evaluation decides, in either direction", async () => {
      session.fake.tenant.devices.push(ALICE_MAC, BOB_MAC);
      session.signIns(
        { user: ALICE, published: "2025-06-15T09:00:00.000Z", result: "DENY" },
        { user: ALICE, published: "2025-06-15T11:00:00.000Z", result: "ALLOW" },
        { user: ALICE, published: "2025-06-15T11:00:05.000Z", result: "CHALLENGE", rule: null },
        { user: BOB, published: "2025-06-15T09:00:00.000Z", result: "ALLOW" },
        { user: BOB, published: "2025-06-15T11:30:00.000Z", result: "DENY" },
      );
      const { stdout } = await session.verify("--stack", "dev");
      const out = lines(stdout);
      expect(out).toContain("alice@acme.example: MANAGED");
      expect(out).toContain('  allowed by "Managed Device Allowed" at 2025-06-15T11:00:00.000Z: the device is registered and managed');
      expect(out).toContain("bob@acme.example: NOT MANAGED");
    });

    test("an ALLOW by a rule that is not the check's proves nothing, and that rule is never named", async () => {
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW", rule: { id: "rul1oldrule00000d7x1", name: "Old Allow Rule" } });
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(exitCode).toBe(2);
      expect(lines(stdout)).toContain(
        "  no evaluation yet: the last sign-in at 2025-06-15T10:00:00.000Z was allowed, but the event names only rules outside the check's policy (such as the global session policy's)",
      );
      expect(stdout).not.toContain("Old Allow Rule");
      expect(stdout).not.toContain("Default Rule");
    });

    test("a user with no device in the Devices API yet is still managed, with a note", async () => {
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" });
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(exitCode).toBe(0);
      const out = lines(stdout);
      expect(out).toContain("  Devices of alice@acme.example: none registered");
      expect(out).toContain("  Next: the Devices API lists no MANAGED device for alice@acme.example yet; it is eventually consistent, so run verify again in a few minutes");
    });
  });

  describe("reading the System Log", () => {
    test("follows paging when the decisive event is on the second page, with a bounded query", async () => {
      await session.restart({ logPageSize: 2 });
      session.fake.tenant.devices.push(ALICE_MAC);
      session.signIns(
        { user: ALICE, published: "2025-06-15T08:00:00.000Z", result: "DENY" },
        { user: BOB, published: "2025-06-15T08:10:00.000Z", result: "ALLOW" },
        { user: ALICE, published: "2025-06-15T09:00:00.000Z", result: "ALLOW" },
      );
      const { stdout } = await session.verify("--stack", "dev", "--user", ALICE.login);
      expect(lines(stdout)).toContain("alice@acme.example: MANAGED");
      const pages = session.fake.requestsTo("/api/v1/logs");
      expect(pages).toHaveLength(2);
      expect(pages[0].query).toMatchObject({
        since: "2025-06-14T12:00:00.000Z",
        until: "2025-06-15T12:00:00.000Z",
        filter: `((eventType eq "policy.evaluate_sign_on" or eventType eq "user.authentication.sso") and target.id eq "${IDS.bookmark}") or ((eventType eq "user.authentication.auth_via_mfa" or eventType eq "user.session.start") and (actor.id eq "${ALICE.id}"))`,
        sortOrder: "ASCENDING",
      });
      expect(pages[1].query.after).toBe("2");
    });

    test("ignores events of other apps and events outside --since", async () => {
      session.signIns(
        { user: ALICE, published: "2025-06-15T09:00:00.000Z", result: "ALLOW" },
        { user: BOB, published: "2025-06-15T11:00:00.000Z", result: "DENY", appId: "0oa1other000000d7x1" },
      );
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--since", "2h");
      expect(exitCode).toBe(2);
      const out = lines(stdout);
      expect(out).toContain("Sign-in evaluations from 2025-06-15T10:00:00.000Z to 2025-06-15T12:00:00.000Z:");
      expect(out).toContain("alice@acme.example: NO EVALUATION YET");
      expect(out).toContain("bob@acme.example: NO EVALUATION YET");

      const widened = await session.verify("--stack", "dev", "--since", "2025-06-15T08:30:00Z");
      expect(lines(widened.stdout)).toContain("alice@acme.example: MANAGED");
    });
  });

  describe("options", () => {
    test("--user checks that one user only, by login or by id", async () => {
      session.signIns({ user: BOB, published: "2025-06-15T10:00:00.000Z", result: "DENY" });
      session.fake.tenant.devices.push(BOB_MAC);
      for (const user of [BOB.login, BOB.id]) {
        const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", user);
        expect(exitCode).toBe(1);
        expect(stdout).toContain("bob@acme.example: NOT MANAGED");
        expect(stdout).not.toContain("alice@acme.example");
        expect(stdout).not.toContain("carol@acme.example");
      }
    });

    test("--outputs takes the ids of pulumi stack output --json instead of looking up names", async () => {
      // Renamed in the console: the look-up by label would find nothing.
      session.fake.tenant.apps[0] = bookmarkApp({ label: "Renamed Check" });
      session.fake.tenant.devices.push(ALICE_MAC);
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" });
      const outputs = path.join(session.projectDir, "outputs.json");
      fs.writeFileSync(
        outputs,
        JSON.stringify({
          bookmarkAppId: IDS.bookmark,
          bookmarkLabel: "Managed Device Check",
          bookmarkUrl: "https://www.okta.com/",
          policyId: IDS.policy,
          ruleId: IDS.managedRule,
          catchAllRuleId: IDS.catchAllRule,
          assignedUserIds: [ALICE.id, BOB.id, CAROL.id],
          nextStep: "On the device under test, ...",
        }),
      );
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--user", ALICE.login, "--outputs", outputs);
      expect(exitCode).toBe(0);
      expect(stdout).toContain(`Bookmark "Renamed Check" (${IDS.bookmark}), policy "Require Managed Device" (${IDS.policy}), rule "Managed Device Allowed" (${IDS.managedRule})`);
      expect(session.fake.requestsTo(`/api/v1/apps/${IDS.bookmark}`)).toHaveLength(1);
      expect(session.fake.requestsTo(`/api/v1/policies/${IDS.policy}`)).toHaveLength(1);
      expect(session.fake.requestsTo("/api/v1/apps")).toHaveLength(0);
      expect(session.fake.requestsTo("/api/v1/policies")).toHaveLength(0);
    });

    test("--json prints the same verdicts as one JSON document", async () => {
      session.fake.tenant.devices.push(ALICE_MAC, BOB_MAC);
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" }, { user: BOB, published: "2025-06-15T10:05:00.000Z", result: "DENY" });
      const { exitCode, stdout, stderr } = await session.verify("--stack", "dev", "--json");
      expect(exitCode).toBe(1);
      expect(stderr).toBe("");
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({
        stack: "dev",
        orgUrl: session.fake.url,
        window: { since: "2025-06-14T12:00:00.000Z", until: "2025-06-15T12:00:00.000Z" },
        check: {
          bookmark: { id: IDS.bookmark, label: "Managed Device Check" },
          policy: { id: IDS.policy, name: "Require Managed Device" },
          rule: { id: IDS.managedRule, name: "Managed Device Allowed" },
          catchAllRule: { id: IDS.catchAllRule, name: "Catch-all Rule" },
        },
        drift: [],
        warnings: [],
        result: "not_managed",
        exitCode: 1,
      });
      expect(report.users.map((user: { login: string; verdict: string }) => [user.login, user.verdict])).toEqual([
        ["alice@acme.example", "managed"],
        ["bob@acme.example", "not_managed"],
        ["carol@acme.example", "no_evaluation"],
      ]);
      expect(report.users[0].evaluation).toMatchObject({ at: "2025-06-15T10:00:00.000Z", result: "ALLOW", rule: { id: IDS.managedRule, name: "Managed Device Allowed" } });
      expect(report.users[0].devices).toEqual([
        { id: "guo1alicemac0000d7x1", name: "Alice's MacBook Pro", platform: "MACOS", status: "ACTIVE", registered: true, managementStatus: "MANAGED" },
      ]);
      expect(report.users[1].likelyCauses).toHaveLength(3);
      expect(report.users[2].nextSteps[0]).toMatch(/^ask carol@acme\.example to open the Okta End-User Dashboard/);
    });

    test("an expired expiresOn prints a warning naming pulumi destroy, without changing the exit code", async () => {
      session.fake.tenant.devices.push(ALICE_MAC);
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" });
      const text = await session.verify("--stack", "prod", "--user", ALICE.login);
      expect(text.exitCode).toBe(0);
      expect(lines(text.stdout)).toContain(
        "Warning: this check expired on 2025-06-14 (okta-managed-device-check:expiresOn in Pulumi.prod.yaml); remove it with: pulumi destroy --stack prod",
      );
      const json = await session.verify("--stack", "prod", "--user", ALICE.login, "--json");
      expect(json.exitCode).toBe(0);
      expect(JSON.parse(json.stdout).warnings).toEqual([
        "this check expired on 2025-06-14 (okta-managed-device-check:expiresOn in Pulumi.prod.yaml); remove it with: pulumi destroy --stack prod",
      ]);
    });

    test("no warning on the expiry day itself", async () => {
      const dir = makeProject({ dev: stackYaml(['okta-managed-device-check:expiresOn: "2025-06-15"']) });
      const { stdout } = await runVerify(["--stack", "dev"], session.env(), { projectDir: dir, clock: fixedClock() });
      expect(stdout).not.toContain("Warning");
    });
  });
}
