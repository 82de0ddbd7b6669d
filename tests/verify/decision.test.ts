import { CommandError } from "../../tools/command";
import type { OktaLogEvent } from "../../tools/verify/signInEvents";
import { decide } from "../../tools/verify/decision";
import { ALICE, CATCH_ALL_RULE, MANAGED_RULE, signOnEvaluation } from "./tenantFixtures";

// The decision on the events as the SDK hands them over (published as a Date), without a tenant.
const asRead = (event: Record<string, unknown>): OktaLogEvent => ({ ...event, published: new Date(String(event.published)) }) as unknown as OktaLogEvent;
const rules = { managed: MANAGED_RULE, catchAll: CATCH_ALL_RULE };

test("the check's rule decides wherever it is among the Rule targets", () => {
  const event = signOnEvaluation({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" });
  const targets = event.target as unknown[];
  for (const order of [targets, [targets[0], ...targets.slice(1).reverse()]]) {
    const decision = decide([asRead({ ...event, target: order })], ALICE.id, rules);
    expect(decision).toMatchObject({ verdict: "managed", evaluation: { at: "2025-06-15T10:00:00.000Z", result: "ALLOW", rule: MANAGED_RULE } });
  }
});

test.each([
  ["no published time", undefined],
  ["a published time that is not a time", new Date("not a time")],
])("an evaluation with %s is a malformed answer (exit 4), not a verdict", (_name, published) => {
  const event = { ...asRead(signOnEvaluation({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" })), published } as OktaLogEvent;
  const other = asRead(signOnEvaluation({ user: ALICE, published: "2025-06-15T09:00:00.000Z", result: "DENY" }));
  let thrown: unknown;
  try {
    decide([other, event], ALICE.id, rules);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CommandError);
  expect(thrown).toMatchObject({ exitCode: 4, message: `unexpected response from GET /api/v1/logs: the policy.evaluate_sign_on event ${String(event.uuid)} has no valid published time` });
});

test("an ALLOW by the Catch-all Rule proves nothing about the device", () => {
  const event = asRead(signOnEvaluation({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result: "ALLOW", rule: CATCH_ALL_RULE }));
  expect(decide([event], ALICE.id, rules)).toMatchObject({
    verdict: "no_evaluation",
    why: "outside_check",
    evaluation: { rule: CATCH_ALL_RULE, outsideCheck: "the Catch-all Rule allowed it, which proves nothing about the device" },
  });
});
