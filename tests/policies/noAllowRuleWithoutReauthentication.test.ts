import { noAllowRuleWithoutReauthentication } from "../../policies/noAllowRuleWithoutReauthentication";
import { cannotRun, componentRule, pluralEntry, pluralRules, run, singularRule, UNKNOWN } from "./harness";

const check = (resource: ReturnType<typeof singularRule>) => run(noAllowRuleWithoutReauthentication, [resource]);
const message = (label: string, state: string) =>
  `${label} ${state}. Without a prompt on every sign-in, an existing session is let in again without a new FastPass check, ` +
  "so the outcome can come from an earlier sign-in or another device rather than the device under test. " +
  'Fix: set reAuthenticationFrequency: "PT0S".';
const RULE = 'rule "Managed Device Allowed" (resource check-rule)';

describe("no-allow-rule-without-reauthentication", () => {
  it("passes PT0S, and a deny rule with any frequency", () => {
    expect(check(singularRule(componentRule()))).toEqual([]);
    expect(check(singularRule(componentRule({ access: "DENY", reAuthenticationFrequency: undefined })))).toEqual([]);
  });

  it.each([
    [undefined, "leaves reAuthenticationFrequency unset, so the provider's default PT2H applies"],
    ["PT43800H", 'sets reAuthenticationFrequency to "PT43800H"'],
  ])("rejects an allow rule with the frequency %s", (frequency, state) => {
    expect(check(singularRule(componentRule({ reAuthenticationFrequency: frequency })))).toEqual([{ level: "mandatory", message: message(RULE, state), urn: singularRule({}).urn }]);
  });

  it("checks plural entries", () => {
    const rules = pluralRules([pluralEntry({ name: "Sticky", reAuthenticationFrequency: "PT2H" }), pluralEntry()]);
    expect(check(rules).map((r) => r.message)).toEqual([message('rule "Sticky" (rules[0] of resource check-rules)', 'sets reAuthenticationFrequency to "PT2H"')]);
  });

  it("leaves an unknown frequency to the update", () => {
    expect(check(singularRule(componentRule({ reAuthenticationFrequency: UNKNOWN })))).toEqual([cannotRun("no-allow-rule-without-reauthentication", ".reAuthenticationFrequency", singularRule({}).urn)]);
  });
});
