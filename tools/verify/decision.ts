import type * as okta from "@okta/okta-sdk-nodejs";
import { CATCH_ALL_RULE_NAME } from "../../policies/okta";
import type { DeviceContext } from "./deviceContext";
import { isoTime, latest, OktaLogEvent, SIGN_ON_EVALUATION, targetsOf } from "./signInEvents";

/**
 * The decision: which evaluation of the bookmark counts for the check, and what it says. A
 * `policy.evaluate_sign_on` event names one `Rule` target per policy evaluated; in Identity Engine
 * the global session policy's rule (`0pr...`, e.g. "Default Rule") comes before the app policy's
 * (`rul...`) (stix-shifter stix_shifter_modules/okta/README.md). So the rule that decided is the one
 * whose id is a rule of the check (the managed-device rule or its Catch-all Rule, as found in the
 * tenant), whatever else the event names and in whatever order; Classic orgs write
 * `PolicyEntity`/`PolicyRule` targets instead (elastic/integrations test-okta-system-events.log).
 */

export type VerdictKind = "managed" | "not_managed" | "no_evaluation";

export interface RuleRef {
  id: string;
  name: string;
}

/** The rules of the check's policy, by the ids verify found in the tenant. */
export interface CheckRules {
  managed: RuleRef;
  catchAll?: RuleRef;
}

/** One `policy.evaluate_sign_on` event, as the report shows it. */
export interface Evaluation {
  at: string;
  /** `outcome.result`: ALLOW, DENY, CHALLENGE, ... */
  result: string;
  reason?: string;
  /** The rule of the check the event names; no other rule is ever shown. */
  rule?: RuleRef;
  /** Why the event counts for no rule of the check, when it names none. */
  outsideCheck?: string;
  /** The device Okta saw at this sign-in (deviceContext.ts), when it says. */
  device?: DeviceContext;
}

export type Decision =
  | { verdict: "managed" | "not_managed"; evaluation: Evaluation; event: OktaLogEvent }
  | { verdict: "no_evaluation"; why: "none" }
  | { verdict: "no_evaluation"; why: "unfinished" | "outside_check"; evaluation: Evaluation; event: OktaLogEvent };

export function checkRules(managedRule: okta.AccessPolicyRule, catchAllRule: okta.AccessPolicyRule | undefined): CheckRules {
  const ref = (rule: okta.AccessPolicyRule) => ({ id: String(rule.id), name: String(rule.name) });
  return { managed: ref(managedRule), catchAll: catchAllRule && ref(catchAllRule) };
}

const DECISIVE = new Set(["ALLOW", "DENY"]);

/**
 * The user's most recent ALLOW or DENY that names a rule of the check decides: an ALLOW by the
 * managed-device rule is managed, a DENY is not managed. An ALLOW or DENY that names no rule of the
 * check (no `Rule` target, a `Rule` without an id, one with the check's rule name but another id, only
 * rules of other policies) counts for nothing, nor does an ALLOW by the Catch-all Rule (the drift
 * check proves it denies now). A CHALLENGE alone is a sign-in not finished.
 */
export function decide(events: readonly OktaLogEvent[], userId: string, rules: CheckRules): Decision {
  const mine = events.filter((event) => event.eventType === SIGN_ON_EVALUATION && event.actor?.id === userId);
  const decisive = mine.filter((event) => DECISIVE.has(String(event.outcome?.result ?? "")));
  const counted = latest(decisive.filter((event) => ruleOfTheCheck(event, rules)));
  if (counted) {
    const evaluation = toEvaluation(counted, rules);
    if (evaluation.result === "DENY") return { verdict: "not_managed", evaluation, event: counted };
    if (evaluation.rule?.id === rules.managed.id) return { verdict: "managed", evaluation, event: counted };
    const allowedByCatchAll = { ...evaluation, outsideCheck: `the ${CATCH_ALL_RULE_NAME} allowed it, which proves nothing about the device` };
    return { verdict: "no_evaluation", why: "outside_check", evaluation: allowedByCatchAll, event: counted };
  }
  const uncounted = latest(decisive);
  if (uncounted) return { verdict: "no_evaluation", why: "outside_check", evaluation: toEvaluation(uncounted, rules), event: uncounted };
  const unfinished = latest(mine.filter((event) => event.outcome?.result === "CHALLENGE"));
  return unfinished ? { verdict: "no_evaluation", why: "unfinished", evaluation: toEvaluation(unfinished, rules), event: unfinished } : { verdict: "no_evaluation", why: "none" };
}

function ruleOfTheCheck(event: OktaLogEvent, rules: CheckRules): RuleRef | undefined {
  const ours = [rules.managed, rules.catchAll].filter((rule): rule is RuleRef => rule !== undefined);
  for (const target of targetsOf(event, "Rule")) {
    const rule = ours.find((candidate) => candidate.id === target.id);
    if (rule) return rule;
  }
  return undefined;
}

function whyOutside(event: OktaLogEvent, rules: CheckRules): string {
  const named = targetsOf(event, "Rule");
  if (named.length === 0) {
    return targetsOf(event, "PolicyRule").length > 0
      ? "the event is in the Classic Engine's shape (a PolicyRule, no Rule): it names no rule of an authentication policy"
      : "the event names no rule, so no rule of the check decided it";
  }
  if (named.some((target) => !target.id)) return "the event names a rule without an id, so no rule of the check is known to have decided it";
  const sameName = named.find((target) => target.displayName === rules.managed.name);
  if (sameName) return `the event names a rule "${rules.managed.name}" with the id ${sameName.id}, not the check's rule ${rules.managed.id}`;
  return "the event names only rules outside the check's policy (such as the global session policy's)";
}

function toEvaluation(event: OktaLogEvent, rules: CheckRules): Evaluation {
  const rule = ruleOfTheCheck(event, rules);
  return {
    at: isoTime(event),
    result: String(event.outcome?.result ?? "UNKNOWN"),
    reason: event.outcome?.reason ?? undefined,
    ...(rule ? { rule } : { outsideCheck: whyOutside(event, rules) }),
  };
}
