import { noCatchAllAllow } from "../../policies/noCatchAllAllow";
import { TYPES } from "../../policies/okta";
import { cannotRun, componentRule, pluralEntry, pluralRules, resource, run, singularRule, UNKNOWN } from "./harness";

const policy = (props: Record<string, unknown>) => resource(TYPES.appSignonPolicy, "check-policy", { name: "Require Managed Device", description: "d", ...props });
const check = (...resources: ReturnType<typeof resource>[]) => run(noCatchAllAllow, resources);

const POLICY_WHY =
  `The provider's default is catchAll: true, which makes the policy's "Catch-all Rule" ALLOW every sign-in no other rule matches, ` +
  "so an unregistered or unmanaged device reaches the app and the check proves nothing. Fix: set catchAll: false so the catch-all denies.";
const ENTRY_WHY =
  "is the policy's catch-all but does not DENY. A catch-all that allows lets every device the other rules reject sign in, managed or not. " +
  'Fix: set access: "DENY" on the catch-all entry, or leave it out and give the policy catchAll: false.';

describe("no-catch-all-allow", () => {
  it("passes a policy with catchAll: false, the component's rule and a plural catch-all entry that denies", () => {
    expect(check(policy({ catchAll: false }), singularRule(componentRule()), pluralRules([pluralEntry(), { name: "Catch-all Rule", system: true, access: "DENY" }]))).toEqual([]);
  });

  it.each([
    [{}, "leaves catchAll unset"],
    [{ catchAll: true }, "sets catchAll to true"],
  ])("rejects a policy with %j (the catch-all would allow)", (props, state) => {
    expect(check(policy(props))).toEqual([{ level: "mandatory", message: `AppSignonPolicy "Require Managed Device" (resource check-policy) ${state}. ${POLICY_WHY}`, urn: policy({}).urn }]);
  });

  it("rejects a rule of the stack's own named like the system catch-all", () => {
    expect(check(singularRule(componentRule({ name: " catch-all RULE ", access: "DENY" })))).toEqual([
      {
        level: "mandatory",
        message:
          'rule " catch-all RULE " (resource check-rule) takes the name "Catch-all Rule", which Okta reserves for the policy\'s system rule. Verification reads the catch-all by that name, ' +
          "so a second rule with it makes the outcome ambiguous and can hide a catch-all that allows. Fix: give the rule another name.",
        urn: singularRule({}).urn,
      },
    ]);
  });

  it("rejects a plural catch-all entry, by name or system flag, that does not deny", () => {
    const rules = pluralRules([pluralEntry(), pluralEntry({ name: "Catch-all Rule", access: "ALLOW" }), { name: "fallback", system: true }]);
    expect(check(rules).map((r) => r.message)).toEqual([`rule "Catch-all Rule" (rules[1] of resource check-rules) ${ENTRY_WHY}`, `rule "fallback" (rules[2] of resource check-rules) ${ENTRY_WHY}`]);
  });

  it("leaves an unknown catchAll to the update, and still reports the other plural entries", () => {
    expect(check(policy({ catchAll: UNKNOWN }))).toEqual([cannotRun("no-catch-all-allow", ".catchAll", policy({}).urn)]);
    const rules = pluralRules([{ name: "Catch-all Rule", access: UNKNOWN }, { name: "Catch-all Rule", access: "ALLOW" }]);
    expect(check(rules)).toEqual([
      { level: "mandatory", message: `rule "Catch-all Rule" (rules[1] of resource check-rules) ${ENTRY_WHY}`, urn: rules.urn },
      cannotRun("no-catch-all-allow", ".rules.0.access", rules.urn),
    ]);
  });
});
