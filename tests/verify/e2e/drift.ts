import { lines } from "../harness";
import { accessPolicy, ALICE, bookmarkApp, CAROL, catchAllRule, IDS, managedDeviceRule } from "../tenantFixtures";
import { FakeTenantSession, useFakeTenant } from "./session";

const RULE = '  - the rule "Managed Device Allowed" ';
// The pack's words (policies/ruleContract.ts), written out so that a change to them shows here.
const NOT_NAMED = "constraints[0] does not name Okta Verify FastPass (okta_verify/signed_nonce or okta_verify_fastpass/signed_nonce) under possession.authenticationMethods";
const NOT_REQUIRED = "constraints[0] does not set possession.required: true (the provider sends false when it is missing)";

/** Every kind of drift, end to end against the fake tenant. */
export function driftSuites(): void {
  const session = useFakeTenant();

  describe("drift is checked first and reported item by item (exit 3)", () => {
    const refresh = "    fix: run: pulumi up --refresh --stack dev";
    const cases: Array<[string, () => void, string, string]> = [
      [
        "the catch-all rule no longer denies",
        () => (session.fake.tenant.rules[IDS.policy] = [managedDeviceRule(), catchAllRule("ALLOW")]),
        '  - the Catch-all Rule of "Require Managed Device" no longer denies (access ALLOW), so any device passes',
        '    fix: set its access to Denied under Security > Authentication Policies > "Require Managed Device" (pulumi up does not repair it), or re-create the check with pulumi destroy and pulumi up --stack dev',
      ],
      ["the rule is inactive", () => setRule(session, (rule) => (rule.status = "INACTIVE")), '  - the rule "Managed Device Allowed" is INACTIVE', refresh],
      [
        "the rule denies",
        () => setRule(session, (rule) => (rule.actions.appSignOn.access = "DENY")),
        `${RULE}does not allow access: it sets access to "DENY", so no device gets in and every verdict is "not managed"`,
        refresh,
      ],
      [
        "the rule no longer requires a registered device",
        () => setRule(session, (rule) => delete rule.conditions.device.registered),
        '  - the rule "Managed Device Allowed" allows access without deviceIsRegistered: true',
        refresh,
      ],
      [
        "the rule no longer requires a managed device",
        () => setRule(session, (rule) => (rule.conditions.device.managed = false)),
        '  - the rule "Managed Device Allowed" allows access without deviceIsManaged: true',
        refresh,
      ],
      [
        "the rule takes a push instead of FastPass",
        () => setRule(session, (rule) => (rule.actions.appSignOn.verificationMethod.constraints = [{ possession: { authenticationMethods: [{ key: "okta_verify", method: "push" }], required: true } }])),
        `  - the rule "Managed Device Allowed" does not require Okta Verify FastPass: ${NOT_NAMED} (it names okta_verify/push)`,
        refresh,
      ],
      [
        "the rule accepts another method besides FastPass",
        () => setRule(session, (rule) => rule.actions.appSignOn.verificationMethod.constraints[0].possession?.authenticationMethods?.push({ key: "okta_verify", method: "totp" })),
        '  - the rule "Managed Device Allowed" does not require Okta Verify FastPass: constraints[0] also accepts okta_verify/totp in place of FastPass',
        refresh,
      ],
      [
        "the rule lost its FastPass constraint",
        () => setRule(session, (rule) => (rule.actions.appSignOn.verificationMethod.constraints = [])),
        '  - the rule "Managed Device Allowed" does not require Okta Verify FastPass: it has no constraints, so any authenticator the org allows satisfies it',
        refresh,
      ],
      [
        "the rule makes FastPass optional",
        () => setRule(session, (rule) => Object.assign(rule.actions.appSignOn.verificationMethod.constraints[0].possession ?? {}, { required: false })),
        `  - the rule "Managed Device Allowed" does not require Okta Verify FastPass: ${NOT_REQUIRED}`,
        refresh,
      ],
      [
        "the rule no longer prompts at every sign-in",
        () => setRule(session, (rule) => (rule.actions.appSignOn.verificationMethod.reauthenticateIn = "PT2H")),
        '  - the rule "Managed Device Allowed" sets reAuthenticationFrequency to "PT2H"',
        refresh,
      ],
      // The three console edits of issue 18, each refused by the pack in code, shaped as Okta returns
      // them: excludedAuthenticationMethods under possession and a network zone as
      // {connection: "ZONE", include: ["nzo..."]} (terraform-provider-okta cassettes
      // test/fixtures/vcr/idaas/TestAccResourceOktaAppSignOnPolicyRule_os_expression_crud and _crud;
      // okta-sdk-nodejs PossessionConstraint.d.ts, PolicyNetworkCondition.d.ts).
      [
        "the rule's possession.required is dropped",
        () => setRule(session, (rule) => delete rule.actions.appSignOn.verificationMethod.constraints[0].possession?.required),
        `${RULE}does not require Okta Verify FastPass: ${NOT_REQUIRED}`,
        refresh,
      ],
      [
        "the rule excludes FastPass",
        () =>
          setRule(session, (rule) =>
            Object.assign(rule.actions.appSignOn.verificationMethod.constraints[0].possession ?? {}, { excludedAuthenticationMethods: [{ key: "okta_verify", method: "signed_nonce" }] }),
          ),
        `${RULE}does not require Okta Verify FastPass: constraints[0].possession excludes Okta Verify FastPass`,
        refresh,
      ],
      [
        "the rule is narrowed to a network zone",
        () => setRule(session, (rule) => (rule.conditions.network = { connection: "ZONE", include: ["nzo1office0000000d7x1"] })),
        `${RULE}narrows who or where it applies: networkConnection is "ZONE"; networkIncludes is ["nzo1office0000000d7x1"]`,
        refresh,
      ],
      [
        "a second constraint offers a password alone",
        () => setRule(session, (rule) => rule.actions.appSignOn.verificationMethod.constraints.push({ knowledge: { required: true, types: ["password"] } })),
        `${RULE}does not require Okta Verify FastPass: ${NOT_NAMED.replace("constraints[0]", "constraints[1]")}; ${NOT_REQUIRED.replace("constraints[0]", "constraints[1]")}`,
        refresh,
      ],
      [
        "a second constraint offers an email",
        () =>
          setRule(session, (rule) =>
            rule.actions.appSignOn.verificationMethod.constraints.push({ possession: { authenticationMethods: [{ key: "okta_email", method: "email" }], required: true } }),
          ),
        `${RULE}does not require Okta Verify FastPass: ${NOT_NAMED.replace("constraints[0]", "constraints[1]")} (it names okta_email/email)`,
        refresh,
      ],
      [
        "the rule is limited to a group",
        () => setRule(session, (rule) => (rule.conditions.people = { users: { exclude: [] }, groups: { include: ["00g1pilot000000d7x1"], exclude: [] } })),
        `${RULE}narrows who or where it applies: groupsIncluded is ["00g1pilot000000d7x1"]`,
        refresh,
      ],
      [
        "the bookmark is on another policy",
        () => (session.fake.tenant.apps[0] = bookmarkApp({ _links: { accessPolicy: { href: `https://acme.okta.com/api/v1/policies/${IDS.defaultPolicy}` } } })),
        `  - the bookmark "Managed Device Check" uses authentication policy ${IDS.defaultPolicy} instead of "Require Managed Device" (${IDS.policy})`,
        refresh,
      ],
      [
        "the bookmark is inactive",
        () => (session.fake.tenant.apps[0] = bookmarkApp({ status: "INACTIVE" })),
        '  - the bookmark "Managed Device Check" is INACTIVE, so no one can open it',
        refresh,
      ],
      ["the bookmark is gone", () => session.fake.tenant.apps.splice(0, 1), '  - no Bookmark app is labelled "Managed Device Check"', "    fix: create the check with: pulumi up --stack dev"],
      [
        "two bookmarks carry the label",
        () => session.fake.tenant.apps.push(bookmarkApp({ id: "0oa1bkmrkcopy000d7x1" })),
        `  - 2 Bookmark apps are labelled "Managed Device Check" (${IDS.bookmark}, 0oa1bkmrkcopy000d7x1)`,
        "    fix: name the check's own ids with --outputs <file> (pulumi stack output --json --stack dev > <file>), or remove the others",
      ],
      [
        "the policy is gone",
        () => (session.fake.tenant.policies = [accessPolicy({ id: IDS.defaultPolicy, name: "Default Policy" })]),
        '  - no authentication policy is named "Require Managed Device"',
        "    fix: create the check with: pulumi up --stack dev",
      ],
      [
        "the policy is inactive",
        () => (session.fake.tenant.policies[0] = accessPolicy({ status: "INACTIVE" })),
        '  - the authentication policy "Require Managed Device" is INACTIVE',
        refresh,
      ],
      ["the rule is gone", () => (session.fake.tenant.rules[IDS.policy] = [catchAllRule()]), '  - "Require Managed Device" has no rule named "Managed Device Allowed"', refresh],
      [
        "another active rule joined the policy",
        () => session.fake.tenant.rules[IDS.policy].unshift(managedDeviceRule((rule) => Object.assign(rule, { id: "rul1extra0000000d7x1", name: "Allow Everyone", conditions: { device: {} } }))),
        '  - "Require Managed Device" has another active rule "Allow Everyone" (access ALLOW); a sign-in it decides says nothing about the device',
        '    fix: deactivate or delete "Allow Everyone": the policy must hold only "Managed Device Allowed" and the Catch-all Rule',
      ],
      [
        "a test user is not assigned to the bookmark",
        () => (session.fake.tenant.assignments[IDS.bookmark] = [ALICE.id, CAROL.id]),
        '  - bob@acme.example is not assigned to the bookmark "Managed Device Check"',
        "    fix: list the user in okta-managed-device-check:testUsers of Pulumi.dev.yaml and run: pulumi up --refresh --stack dev",
      ],
      [
        "a test user does not exist",
        () => (session.fake.tenant.users = session.fake.tenant.users.filter((user) => user.id !== CAROL.id)),
        "  - no user carol@acme.example exists in the tenant",
        "    fix: correct okta-managed-device-check:testUsers in Pulumi.dev.yaml (or --user), then pulumi up --stack dev",
      ],
    ];

    test.each(cases)("%s", async (_name, change, message, fix) => {
      session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" });
      change();
      const { exitCode, stdout } = await session.verify("--stack", "dev");
      expect(exitCode).toBe(3);
      const out = lines(stdout);
      expect(out).toContain("Drift found (1):");
      expect(out[out.indexOf(message) + 1]).toBe(fix);
      expect(out).toContain("Result: DRIFT: the check in the tenant no longer matches the stack; fix the drift, then run verify again (exit 3)");
      // Verdicts are not read from a check that drifted.
      expect(out).not.toContain("alice@acme.example: MANAGED");
      expect(session.fake.requestsTo("/api/v1/logs")).toHaveLength(0);
    });

    test("several drifts are all listed, in --json too", async () => {
      session.fake.tenant.rules[IDS.policy] = [managedDeviceRule((rule) => (rule.actions.appSignOn.verificationMethod.reauthenticateIn = "PT12H")), catchAllRule("ALLOW")];
      const { exitCode, stdout } = await session.verify("--stack", "dev", "--json");
      expect(exitCode).toBe(3);
      const report = JSON.parse(stdout);
      expect(report.result).toBe("drift");
      expect(report.drift.map((item: { kind: string }) => item.kind)).toEqual(["catch_all_allows", "rule_not_every_sign_in"]);
      expect(report.users).toEqual([]);
    });
  });
}

function setRule(session: FakeTenantSession, change: Parameters<typeof managedDeviceRule>[0]): void {
  session.fake.tenant.rules[IDS.policy] = [managedDeviceRule(change), catchAllRule()];
}
