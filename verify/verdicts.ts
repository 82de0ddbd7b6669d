import type { OktaLogEvent } from "./oktaSchemas";

export type VerdictKind = "managed" | "not_managed" | "no_evaluation";

/** One `policy.evaluate_sign_on` event, as the report shows it. */
export interface Evaluation {
  at: string;
  /** `outcome.result`: ALLOW, DENY, CHALLENGE, ... */
  result: string;
  reason?: string;
  /** The matched rule (`target[]` entry of type Rule), when the event names one. */
  rule?: { id: string; name?: string };
  /** The device the event names, when it names one. */
  device?: { id?: string; name?: string; managed?: boolean; registered?: boolean };
}

export type Decision =
  | { verdict: "managed"; evaluation: Evaluation }
  | { verdict: "not_managed"; evaluation: Evaluation }
  | { verdict: "no_evaluation"; why: "none" }
  | { verdict: "no_evaluation"; why: "unfinished" | "other_rule"; evaluation: Evaluation };

const DECISIVE = new Set(["ALLOW", "DENY"]);

/**
 * The most recent ALLOW or DENY evaluation of the user decides. A DENY means the device did not pass
 * the managed-device rule and fell through to the catch-all. An ALLOW counts only when the managed-device
 * rule matched; the drift check has already proved it is the only rule of the policy that allows.
 */
export function decide(events: readonly OktaLogEvent[], userId: string, managedRule: { id: string; name: string }): Decision {
  const mine = events.filter((event) => event.actor.id === userId);
  const decisive = latest(mine.filter((event) => DECISIVE.has(event.outcome?.result ?? "")));
  if (!decisive) {
    const unfinished = latest(mine.filter((event) => event.outcome?.result === "CHALLENGE"));
    return unfinished ? { verdict: "no_evaluation", why: "unfinished", evaluation: toEvaluation(unfinished) } : { verdict: "no_evaluation", why: "none" };
  }
  const evaluation = toEvaluation(decisive);
  if (evaluation.result === "DENY") return { verdict: "not_managed", evaluation };
  const rule = evaluation.rule;
  if (!rule || rule.id === managedRule.id || rule.name === managedRule.name) return { verdict: "managed", evaluation };
  return { verdict: "no_evaluation", why: "other_rule", evaluation };
}

function latest(events: OktaLogEvent[]): OktaLogEvent | undefined {
  return events.reduce<OktaLogEvent | undefined>((newest, event) => (!newest || Date.parse(event.published) >= Date.parse(newest.published) ? event : newest), undefined);
}

function toEvaluation(event: OktaLogEvent): Evaluation {
  const rule = (event.target ?? []).find((target) => target.type === "Rule");
  const device = event.device;
  return {
    at: new Date(event.published).toISOString(),
    result: event.outcome?.result ?? "UNKNOWN",
    reason: event.outcome?.reason ?? undefined,
    rule: rule ? { id: rule.id, name: rule.displayName ?? undefined } : undefined,
    device: device ? { id: device.id ?? undefined, name: device.name ?? undefined, managed: device.managed ?? undefined, registered: device.registered ?? undefined } : undefined,
  };
}
