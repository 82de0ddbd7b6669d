import { noAllowRuleWithoutFastPass } from "../../policies/noAllowRuleWithoutFastPass";
import { cannotRun, componentRule, pluralEntry, pluralRules, run, singularRule, UNKNOWN } from "./harness";

const check = (resource: ReturnType<typeof singularRule>) => run(noAllowRuleWithoutFastPass, [resource]);
const rule = (overrides: Record<string, unknown>) => check(singularRule(componentRule(overrides)));
const withPossession = (possession: Record<string, unknown>, more: Record<string, unknown> = {}) => ({ constraints: [JSON.stringify({ possession, ...more })] });
const only = (...authenticationMethods: Record<string, unknown>[]) => withPossession({ authenticationMethods, required: true });

const FASTPASS = { key: "okta_verify", method: "signed_nonce" };
const FLEXIBLE_FASTPASS = { key: "okta_verify_fastpass", method: "signed_nonce" };
const message = (label: string, problems: string) =>
  `${label} does not require Okta Verify FastPass: ${problems}. ` +
  "Only FastPass proves the device's registration and management status at sign-in; with another authenticator, Okta Verify push or TOTP included, the sign-in is not tied to a managed device. " +
  'Fix: set constraints to ["{\\"possession\\":{\\"authenticationMethods\\":[{\\"key\\":\\"okta_verify\\",\\"method\\":\\"signed_nonce\\"}],\\"required\\":true}}"] with type ASSURANCE and no excluded FastPass ' +
  "(key okta_verify_fastpass in orgs with Flexible Okta Verify, which the component's fastPassKey setting selects).";
const RULE = 'rule "Managed Device Allowed" (resource check-rule)';
const NOT_NAMED = "constraints[0] does not name Okta Verify FastPass (okta_verify/signed_nonce or okta_verify_fastpass/signed_nonce) under possession.authenticationMethods";

describe("no-allow-rule-without-fastpass", () => {
  it.each([
    ["the component's constraint", {}],
    ["type ASSURANCE", { type: "ASSURANCE" }],
    ["FastPass under its Flexible Okta Verify key", only(FLEXIBLE_FASTPASS)],
    ["either FastPass key in one list", only(FASTPASS, FLEXIBLE_FASTPASS)],
    ["a knowledge factor on top", withPossession({ authenticationMethods: [FASTPASS], required: true }, { knowledge: { types: ["password"] } })],
    ["userPresence added to the method", only({ ...FLEXIBLE_FASTPASS, userPresence: { required: true } })],
    ["fields Okta adds to possession", withPossession({ authenticationMethods: [FASTPASS], required: true, userPresence: "REQUIRED", deviceBound: "REQUIRED" })],
    ["a deny rule without constraints", { access: "DENY", constraints: [] }],
  ])("passes %s", (_what, overrides) => {
    expect(rule(overrides)).toEqual([]);
  });

  it.each([
    ["no constraints", { constraints: undefined }, "it has no constraints, so any authenticator the org allows satisfies it"],
    ["an empty list", { constraints: [] }, "it has no constraints, so any authenticator the org allows satisfies it"],
    ["Okta Verify push", only({ key: "okta_verify", method: "push" }), `${NOT_NAMED} (it names okta_verify/push)`],
    ["Okta Verify push, Flexible Okta Verify key", only({ key: "okta_verify_push", method: "push" }), `${NOT_NAMED} (it names okta_verify_push/push)`],
    ["Okta Verify TOTP", only({ key: "okta_verify", method: "totp" }), `${NOT_NAMED} (it names okta_verify/totp)`],
    ["Okta Verify TOTP, Flexible Okta Verify key", only({ key: "okta_verify_totp", method: "totp" }), `${NOT_NAMED} (it names okta_verify_totp/totp)`],
    ["the FastPass key with another method", only({ key: "okta_verify_fastpass", method: "push" }), `${NOT_NAMED} (it names okta_verify_fastpass/push)`],
    ["the FastPass key without a method", only({ key: "okta_verify_fastpass" }), `${NOT_NAMED} (it names okta_verify_fastpass)`],
    ["FastPass or push", only(FASTPASS, { key: "okta_verify_push", method: "push" }), "constraints[0] also accepts okta_verify_push/push in place of FastPass"],
    ["FastPass or SMS", only(FLEXIBLE_FASTPASS, { key: "phone_number", method: "sms" }), "constraints[0] also accepts phone_number/sms in place of FastPass"],
    ["required missing", withPossession({ authenticationMethods: [FASTPASS] }), "constraints[0] does not set possession.required: true (the provider sends false when it is missing)"],
    ["FastPass excluded", withPossession({ authenticationMethods: [FASTPASS], required: true }, { knowledge: { excludedAuthenticationMethods: [FLEXIBLE_FASTPASS] } }), "constraints[0].knowledge excludes Okta Verify FastPass"],
    ["every method of the FastPass key excluded", withPossession({ authenticationMethods: [FASTPASS], required: true, excludedAuthenticationMethods: [{ key: "okta_verify" }] }), "constraints[0].possession excludes Okta Verify FastPass"],
    ["invalid JSON", { constraints: ["{not json"] }, "constraints[0] is not valid JSON"],
    ["a constraint that is not an object", { constraints: ["[]"] }, "constraints[0] is not a constraint object"],
    ["an auth method chain", { type: "AUTH_METHOD_CHAIN", chains: ["{}"] }, 'its verification type is "AUTH_METHOD_CHAIN", so constraints do not decide the authenticator (only type ASSURANCE with constraints is accepted)'],
    [
      "a second constraint without FastPass",
      { constraints: [JSON.stringify({ possession: { authenticationMethods: [FASTPASS], required: true } }), JSON.stringify({ possession: { required: true } })] },
      NOT_NAMED.replace("constraints[0]", "constraints[1]"),
    ],
  ])("rejects an allow rule with %s", (_what, overrides, problems) => {
    expect(rule(overrides)).toEqual([{ level: "mandatory", message: message(RULE, problems), urn: singularRule({}).urn }]);
  });

  it("names every problem of a rule in one violation", () => {
    expect(rule(withPossession({ authenticationMethods: [{ key: "okta_verify", method: "totp" }] })).map((r) => r.message)).toEqual([
      message(RULE, `${NOT_NAMED} (it names okta_verify/totp); constraints[0] does not set possession.required: true (the provider sends false when it is missing)`),
    ]);
  });

  it("checks plural entries", () => {
    const rules = pluralRules([pluralEntry(), pluralEntry({ name: "No FastPass", constraints: [] })]);
    expect(check(rules).map((r) => r.message)).toEqual([message('rule "No FastPass" (rules[1] of resource check-rules)', "it has no constraints, so any authenticator the org allows satisfies it")]);
  });

  it("leaves unknown constraints to the update", () => {
    const urn = singularRule({}).urn;
    expect(rule({ constraints: UNKNOWN })).toEqual([cannotRun("no-allow-rule-without-fastpass", ".constraints", urn)]);
    expect(rule({ constraints: [UNKNOWN] })).toEqual([cannotRun("no-allow-rule-without-fastpass", ".constraints.0", urn)]);
  });
});
