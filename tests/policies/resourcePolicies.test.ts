import { noAllowRuleWithoutFastPass } from "../../policies/noAllowRuleWithoutFastPass";
import { noAllowRuleWithoutManagedDevice } from "../../policies/noAllowRuleWithoutManagedDevice";
import { noAllowRuleWithoutReauthentication } from "../../policies/noAllowRuleWithoutReauthentication";
import { noCatchAllAllow } from "../../policies/noCatchAllAllow";
import { expiryOf, makeNoExpiredCheck, noExpiredCheck } from "../../policies/noExpiredCheck";
import { noBookmarkWithoutCheckPolicy } from "../../policies/noBookmarkWithoutCheckPolicy";
import { noInsecureBookmarkUrl } from "../../policies/noInsecureBookmarkUrl";
import { noResourceTypesOutsideCheck } from "../../policies/noResourceTypesOutsideCheck";
import { CHECK_TYPES, TYPES } from "../../policies/scope";
import { componentRule, pluralEntry, pluralRules, runResourcePolicy, singularRule, UNKNOWN, urn } from "./harness";

const policy = (props: Record<string, unknown>) => ({ type: TYPES.appSignonPolicy, name: "check-policy", props: { name: "Require Managed Device", description: "d", ...props } });
const bookmark = (props: Record<string, unknown>) => ({ type: TYPES.bookmark, name: "check-bookmark", props: { label: "Managed Device Check", ...props } });
const FASTPASS = { key: "okta_verify", method: "signed_nonce" };
const constraint = (possession: Record<string, unknown>, extra: Record<string, unknown> = {}) => JSON.stringify({ possession, ...extra });

describe("no-catch-all-allow", () => {
  const run = (resource: Parameters<typeof runResourcePolicy>[1]) => runResourcePolicy(noCatchAllAllow, resource);

  it("is mandatory by default", () => {
    expect(noCatchAllAllow.name).toBe("no-catch-all-allow");
    expect(noCatchAllAllow.enforcementLevel).toBe("mandatory");
  });

  it("passes a policy with catchAll: false", () => {
    expect(run(policy({ catchAll: false }))).toEqual({ violations: [], urns: [] });
  });

  it("rejects catchAll left unset (the provider's default allows)", () => {
    const { violations } = run(policy({}));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain('AppSignonPolicy "Require Managed Device" (resource check-policy) leaves catchAll unset');
    expect(violations[0]).toContain("default is catchAll: true");
    expect(violations[0]).toContain("Fix: set catchAll: false");
  });

  it("rejects catchAll: true", () => {
    expect(run(policy({ catchAll: true })).violations[0]).toContain("sets catchAll to true");
  });

  it("does not decide on an unknown catchAll during preview (the engine reports an advisory)", () => {
    const outcome = run(policy({ catchAll: UNKNOWN }));
    expect(outcome.violations).toEqual([]);
    expect(outcome.unknown?.message).toBe("string value at .catchAll can't be known during preview");
  });

  it("rejects a rule of the stack's own named like the system catch-all (singular)", () => {
    const { violations } = run(singularRule(componentRule({ name: " catch-all RULE ", access: "DENY" })));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain('takes the name "Catch-all Rule"');
    expect(run(singularRule(componentRule())).violations).toEqual([]);
  });

  it("rejects a plural catch-all entry that does not deny, by name or system flag", () => {
    const rules = [pluralEntry(), pluralEntry({ name: "Catch-all Rule", access: "ALLOW" }), { name: "fallback", system: true }];
    const { violations } = run(pluralRules(rules));
    expect(violations).toHaveLength(2);
    expect(violations[0]).toContain('rule "Catch-all Rule" (rules[1] of resource check-rules) is the policy\'s catch-all but does not DENY');
    expect(violations[1]).toContain('rule "fallback" (rules[2] of resource check-rules)');
  });

  it("passes a plural catch-all entry that denies", () => {
    expect(run(pluralRules([pluralEntry(), { name: "Catch-all Rule", system: true, access: "DENY" }])).violations).toEqual([]);
  });

  it("reports a violation in one plural entry even when another is unknown", () => {
    const outcome = run(pluralRules([{ name: "Catch-all Rule", access: UNKNOWN }, { name: "Catch-all Rule", access: "ALLOW" }]));
    expect(outcome.violations).toHaveLength(1);
    expect(outcome.violations[0]).toContain("rules[1]");
    expect(outcome.unknown?.message).toBe("string value at .rules.0.access can't be known during preview");
  });

  it("is not applicable to other types", () => {
    expect(run(bookmark({ url: "https://x.example/" })).notApplicable).toBe("Policy only applies to app sign-on policies and their rules");
  });
});

describe("no-allow-rule-without-managed-device", () => {
  const run = (resource: Parameters<typeof runResourcePolicy>[1]) => runResourcePolicy(noAllowRuleWithoutManagedDevice, resource);

  it("is mandatory by default", () => {
    expect(noAllowRuleWithoutManagedDevice.name).toBe("no-allow-rule-without-managed-device");
    expect(noAllowRuleWithoutManagedDevice.enforcementLevel).toBe("mandatory");
  });

  it("passes the component's rule", () => {
    expect(run(singularRule(componentRule())).violations).toEqual([]);
  });

  it.each([
    [{ deviceIsManaged: undefined }, "without deviceIsManaged: true."],
    [{ deviceIsManaged: false }, "without deviceIsManaged: true."],
    [{ deviceIsRegistered: undefined, deviceIsManaged: undefined }, "without deviceIsRegistered: true and deviceIsManaged: true."],
    [{ deviceIsRegistered: undefined }, "without deviceIsRegistered: true."],
  ])("rejects an allow rule with %j", (overrides, expected) => {
    const { violations } = run(singularRule(componentRule(overrides)));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(`rule "Managed Device Allowed" (resource check-rule) allows access ${expected}`);
    expect(violations[0]).toContain("not managed by the MDM");
  });

  it("treats an unset or lower-case access as allow, and leaves DENY rules alone", () => {
    expect(run(singularRule(componentRule({ access: undefined, deviceIsManaged: undefined }))).violations).toHaveLength(1);
    expect(run(singularRule(componentRule({ access: "allow", deviceIsManaged: undefined }))).violations).toHaveLength(1);
    expect(run(singularRule(componentRule({ access: "DENY", deviceIsManaged: undefined, deviceIsRegistered: undefined }))).violations).toEqual([]);
  });

  it("checks every plural entry but the catch-all", () => {
    const rules = [pluralEntry(), pluralEntry({ name: "Unmanaged", deviceIsManaged: false }), { name: "Catch-all Rule", system: true, access: "DENY" }];
    const { violations } = run(pluralRules(rules));
    expect(violations).toEqual([expect.stringContaining('rule "Unmanaged" (rules[1] of resource check-rules) allows access without deviceIsManaged: true')]);
  });

  it("does not decide on unknown values", () => {
    expect(run(singularRule(componentRule({ deviceIsManaged: UNKNOWN })))).toMatchObject({ violations: [], unknown: expect.anything() });
    expect(run(singularRule(componentRule({ access: UNKNOWN })))).toMatchObject({ violations: [], unknown: expect.anything() });
    expect(run(pluralRules(UNKNOWN)).unknown?.message).toBe("string value at .rules can't be known during preview");
  });

  it("passes a rule whose policy id alone is unknown (first preview)", () => {
    expect(run(singularRule(componentRule({ policyId: UNKNOWN })))).toEqual({ violations: [], urns: [] });
  });
});

describe("no-allow-rule-without-fastpass", () => {
  const run = (resource: Parameters<typeof runResourcePolicy>[1]) => runResourcePolicy(noAllowRuleWithoutFastPass, resource);
  const one = (overrides: Record<string, unknown>) => run(singularRule(componentRule(overrides))).violations;

  it("is mandatory by default", () => {
    expect(noAllowRuleWithoutFastPass.name).toBe("no-allow-rule-without-fastpass");
    expect(noAllowRuleWithoutFastPass.enforcementLevel).toBe("mandatory");
  });

  it("passes the component's FastPass constraint, with type ASSURANCE or unset", () => {
    expect(one({})).toEqual([]);
    expect(one({ type: "ASSURANCE" })).toEqual([]);
    expect(one({ constraints: [constraint({ authenticationMethods: [FASTPASS], required: true }, { knowledge: { types: ["password"] } })] })).toEqual([]);
  });

  it.each([
    ["no constraints", { constraints: undefined }, "it has no constraints"],
    ["an empty list", { constraints: [] }, "it has no constraints"],
    ["another authenticator", { constraints: [constraint({ authenticationMethods: [{ key: "okta_verify", method: "push" }], required: true })] }, "constraints[0] does not name Okta Verify FastPass"],
    ["FastPass or SMS", { constraints: [constraint({ authenticationMethods: [FASTPASS, { key: "phone_number", method: "sms" }], required: true })] }, "constraints[0] also accepts phone_number/sms in place of FastPass"],
    ["required missing", { constraints: [constraint({ authenticationMethods: [FASTPASS] })] }, "constraints[0] does not set possession.required: true"],
    ["FastPass excluded", { constraints: [constraint({ authenticationMethods: [FASTPASS], required: true }, { knowledge: { excludedAuthenticationMethods: [FASTPASS] } })] }, "constraints[0].knowledge excludes Okta Verify FastPass"],
    ["invalid JSON", { constraints: ["{not json"] }, "constraints[0] is not valid JSON"],
    ["an auth method chain", { type: "AUTH_METHOD_CHAIN", chains: ["{}"] }, 'its verification type is "AUTH_METHOD_CHAIN"'],
    ["a second constraint without FastPass", { constraints: [constraint({ authenticationMethods: [FASTPASS], required: true }), constraint({ required: true })] }, "constraints[1] does not name Okta Verify FastPass"],
  ])("rejects an allow rule with %s", (_what, overrides, expected) => {
    const violations = one(overrides);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain('rule "Managed Device Allowed" (resource check-rule) does not require Okta Verify FastPass: ');
    expect(violations[0]).toContain(expected);
    expect(violations[0]).toContain('Fix: set constraints to ["{\\"possession\\":{\\"authenticationMethods\\":[{\\"key\\":\\"okta_verify\\",\\"method\\":\\"signed_nonce\\"}],\\"required\\":true}}"]');
  });

  it("leaves deny rules alone", () => {
    expect(one({ access: "DENY", constraints: [] })).toEqual([]);
  });

  it("checks plural entries", () => {
    const { violations } = run(pluralRules([pluralEntry(), pluralEntry({ name: "No FastPass", constraints: [] })]));
    expect(violations).toEqual([expect.stringContaining('rule "No FastPass" (rules[1] of resource check-rules) does not require Okta Verify FastPass: it has no constraints')]);
  });

  it("does not decide on unknown constraints", () => {
    expect(run(singularRule(componentRule({ constraints: UNKNOWN })))).toMatchObject({ violations: [], unknown: expect.anything() });
    expect(run(singularRule(componentRule({ constraints: [UNKNOWN] }))).unknown?.message).toBe("string value at .constraints.0 can't be known during preview");
  });
});

describe("no-allow-rule-without-reauthentication", () => {
  const run = (resource: Parameters<typeof runResourcePolicy>[1]) => runResourcePolicy(noAllowRuleWithoutReauthentication, resource);

  it("is mandatory by default", () => {
    expect(noAllowRuleWithoutReauthentication.name).toBe("no-allow-rule-without-reauthentication");
    expect(noAllowRuleWithoutReauthentication.enforcementLevel).toBe("mandatory");
  });

  it("passes PT0S", () => {
    expect(run(singularRule(componentRule())).violations).toEqual([]);
  });

  it("rejects an unset frequency, naming the provider's two-hour default", () => {
    const { violations } = run(singularRule(componentRule({ reAuthenticationFrequency: undefined })));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain("leaves reAuthenticationFrequency unset, so the provider's default PT2H applies");
    expect(violations[0]).toContain('Fix: set reAuthenticationFrequency: "PT0S"');
  });

  it("rejects any other frequency, singular and plural", () => {
    expect(run(singularRule(componentRule({ reAuthenticationFrequency: "PT43800H" }))).violations[0]).toContain('sets reAuthenticationFrequency to "PT43800H"');
    const { violations } = run(pluralRules([pluralEntry({ name: "Sticky", reAuthenticationFrequency: "PT2H" }), pluralEntry()]));
    expect(violations).toEqual([expect.stringContaining('rule "Sticky" (rules[0] of resource check-rules) sets reAuthenticationFrequency to "PT2H"')]);
  });

  it("leaves deny rules alone and does not decide on unknowns", () => {
    expect(run(singularRule(componentRule({ access: "DENY", reAuthenticationFrequency: undefined }))).violations).toEqual([]);
    expect(run(singularRule(componentRule({ reAuthenticationFrequency: UNKNOWN })))).toMatchObject({ violations: [], unknown: expect.anything() });
  });
});

describe("no-resource-types-outside-check", () => {
  const run = (type: string, config: Record<string, unknown> = {}) => runResourcePolicy(noResourceTypesOutsideCheck, { type, name: "thing", props: {} }, config);

  it("is mandatory by default and configurable", () => {
    expect(noResourceTypesOutsideCheck.name).toBe("no-resource-types-outside-check");
    expect(noResourceTypesOutsideCheck.enforcementLevel).toBe("mandatory");
    expect(noResourceTypesOutsideCheck.configSchema?.properties.additionalAllowedTypes).toMatchObject({ type: "array", default: [] });
  });

  it.each(CHECK_TYPES)("allows %s", (type) => {
    expect(run(type).violations).toEqual([]);
  });

  it.each([
    ["okta:policy/signon:Signon", "org-wide policies (global session, password, MFA enrollment, ...)"],
    ["okta:policy/ruleSignon:RuleSignon", "org-wide policies"],
    ["okta:policy/password:Password", "org-wide policies"],
    ["okta:policy/mfa:Mfa", "org-wide policies"],
    ["okta:index/policyMfaDefault:PolicyMfaDefault", "org-wide policies"],
    ["okta:app/oAuth:OAuth", "the check only needs its own bookmark"],
    ["okta:app/accessPolicyAssignment:AccessPolicyAssignment", "the two overwrite each other"],
    ["okta:group/group:Group", "anything else changes the tenant"],
    ["random:index/randomPet:RandomPet", "anything else changes the tenant"],
  ])("rejects %s", (type, why) => {
    const { violations } = run(type);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(`thing is a ${type}, which is outside the managed-device check: `);
    expect(violations[0]).toContain(why);
    expect(violations[0]).toContain(`add "${type}" to additionalAllowedTypes`);
  });

  it("allows types added in the policy config", () => {
    expect(run("okta:group/group:Group", { additionalAllowedTypes: ["okta:group/group:Group"] }).violations).toEqual([]);
  });
});

describe("no-insecure-bookmark-url", () => {
  const run = (props: Record<string, unknown>) => runResourcePolicy(noInsecureBookmarkUrl, bookmark(props));

  it("is mandatory by default", () => {
    expect(noInsecureBookmarkUrl.name).toBe("no-insecure-bookmark-url");
    expect(noInsecureBookmarkUrl.enforcementLevel).toBe("mandatory");
  });

  it("passes an https URL", () => {
    expect(run({ url: "https://www.okta.com/", authenticationPolicy: UNKNOWN })).toEqual({ violations: [], urns: [] });
  });

  it.each([
    ["http://www.okta.com/", 'url is "http://www.okta.com/", which uses http instead of https'],
    ["ftp://files.example/", 'url is "ftp://files.example/", which uses ftp instead of https'],
    ["www.okta.com", 'url is "www.okta.com", which is not a URL'],
    [undefined, "url is unset"],
  ])("rejects %s", (url, expected) => {
    const { violations } = run({ url });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(`Bookmark check-bookmark: ${expected}`);
    expect(violations[0]).toContain("Fix: use an https URL");
  });

  it("checks the accessibility redirect URLs when set", () => {
    const { violations } = run({ url: "https://www.okta.com/", accessibilityErrorRedirectUrl: "http://err.example/" });
    expect(violations).toEqual([expect.stringContaining("accessibilityErrorRedirectUrl is \"http://err.example/\", which uses http")]);
  });

  it("does not decide on an unknown URL", () => {
    expect(run({ url: UNKNOWN })).toMatchObject({ violations: [], unknown: expect.anything() });
  });

  it("is not applicable to other types", () => {
    expect(runResourcePolicy(noInsecureBookmarkUrl, policy({ catchAll: false })).notApplicable).toBe("Policy only applies to resources of type 'okta:app/bookmark:Bookmark'");
  });
});

describe("no-expired-check", () => {
  const on = (date: string) => makeNoExpiredCheck(() => new Date(`${date}T12:00:00Z`));
  const policyIn = (stack: string, description: unknown) => ({
    ...policy({ catchAll: false, description }),
    urn: urn(TYPES.appSignonPolicy, "check-policy", { stack, parentType: TYPES.component }),
  });
  const described = (expiresOn: string) => `Temporary managed-device check (okta-managed-device-check): the catch-all denies. Expires ${expiresOn}.`;

  it("is advisory", () => {
    expect(noExpiredCheck.name).toBe("no-expired-check");
    expect(noExpiredCheck.enforcementLevel).toBe("advisory");
  });

  it("flags a check whose date is before today (UTC), naming pulumi destroy for the URN's stack", () => {
    const { violations } = runResourcePolicy(on("2027-02-01"), policyIn("prod", described("2027-01-31")));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain("The managed-device check expired on 2027-01-31 (today is 2027-02-01, UTC)");
    expect(violations[0]).toContain("`pulumi destroy --stack prod`");
  });

  it("uses the UTC date, not local time", () => {
    const late = makeNoExpiredCheck(() => new Date("2027-01-31T23:59:59-05:00"));
    expect(runResourcePolicy(late, policyIn("dev", described("2027-01-31"))).violations[0]).toContain("today is 2027-02-01");
  });

  it("does not flag a check that expires today or later, or has no date", () => {
    expect(runResourcePolicy(on("2027-01-31"), policyIn("prod", described("2027-01-31"))).violations).toEqual([]);
    expect(runResourcePolicy(on("2026-12-01"), policyIn("prod", described("2027-01-31"))).violations).toEqual([]);
    expect(runResourcePolicy(on("2030-01-01"), policyIn("prod", "Temporary managed-device check.")).violations).toEqual([]);
    expect(runResourcePolicy(on("2030-01-01"), policyIn("prod", described("2027-02-30"))).violations).toEqual([]);
  });

  it("reads the date the component writes", () => {
    expect(expiryOf(described("2027-01-31"))).toBe("2027-01-31");
    expect(expiryOf("Expires 2027-01-31. and more")).toBeUndefined();
    expect(expiryOf(undefined)).toBeUndefined();
  });

  it("does not decide on an unknown description", () => {
    expect(runResourcePolicy(on("2030-01-01"), policyIn("dev", UNKNOWN))).toMatchObject({ violations: [], unknown: expect.anything() });
  });
});

describe("no-bookmark-without-check-policy", () => {
  const run = (props: Record<string, unknown>) => runResourcePolicy(noBookmarkWithoutCheckPolicy, bookmark({ url: "https://www.okta.com/", ...props }));
  const FIX = "Fix: set authenticationPolicy to the check's AppSignonPolicy id and leave skipAuthenticationPolicy unset.";

  it("is mandatory by default", () => {
    expect(noBookmarkWithoutCheckPolicy.name).toBe("no-bookmark-without-check-policy");
    expect(noBookmarkWithoutCheckPolicy.enforcementLevel).toBe("mandatory");
  });

  it("passes a bookmark on a policy whose id is not known yet (first preview)", () => {
    expect(run({ authenticationPolicy: UNKNOWN })).toEqual({ violations: [], urns: [] });
  });

  it("passes a bookmark on a known policy id with skipAuthenticationPolicy false", () => {
    expect(run({ authenticationPolicy: "rst1a2b3c4d5e6f7g8h9", skipAuthenticationPolicy: false })).toEqual({ violations: [], urns: [] });
  });

  it("rejects a bookmark that skips its authentication policy", () => {
    expect(run({ authenticationPolicy: UNKNOWN, skipAuthenticationPolicy: true }).violations).toEqual([
      "Bookmark check-bookmark: skipAuthenticationPolicy is true, so Okta guards it with the tenant's default authentication policy instead of the check's deny-by-default policy, " +
        `and an unmanaged device would be let through as if it were managed. ${FIX}`,
    ]);
  });

  it("rejects a bookmark with no authentication policy", () => {
    expect(run({}).violations).toEqual([
      "Bookmark check-bookmark: authenticationPolicy is not set, so Okta guards it with the tenant's default authentication policy, " +
        `which usually allows unmanaged devices: the check would report every device as managed. ${FIX}`,
    ]);
  });

  it("does not apply to other types", () => {
    expect(runResourcePolicy(noBookmarkWithoutCheckPolicy, policy({ catchAll: false })).notApplicable).toBe("Policy only applies to resources of type 'okta:app/bookmark:Bookmark'");
  });
});
