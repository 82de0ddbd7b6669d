import type { OktaReader } from "./oktaReader";
import { logEventSchema, OktaLogEvent, parseItems } from "./oktaSchemas";

const SIGN_ON_EVALUATION = "policy.evaluate_sign_on";

export interface TimeWindow {
  since: Date;
  until: Date;
}

/**
 * The bookmark's sign-on policy evaluations in the window, oldest first. `since` and `until`
 * together make it a bounded System Log query, whose paging ends; a polling query never does.
 */
export async function readSignOnEvaluations(reader: OktaReader, appId: string, window: TimeWindow): Promise<OktaLogEvent[]> {
  const raw = await reader.list("/api/v1/logs", {
    since: window.since.toISOString(),
    until: window.until.toISOString(),
    filter: `eventType eq "${SIGN_ON_EVALUATION}" and target.id eq "${appId}"`,
    sortOrder: "ASCENDING",
    limit: 1000,
  });
  return parseItems(logEventSchema, raw, "GET /api/v1/logs")
    .filter((event) => event.eventType === SIGN_ON_EVALUATION && (event.target ?? []).some((target) => target.type === "AppInstance" && target.id === appId))
    .sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
}
