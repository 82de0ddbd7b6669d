import type { CheckSettings } from "../components/config";
import { readUserDevices } from "./devices";
import { findDrift, identifyRules } from "./drift";
import { ExpectedCheck, findCheck } from "./findCheck";
import { guidanceFor } from "./guidance";
import type { OktaReader } from "./oktaReader";
import { resultOf, UserVerdict, VerifyReport } from "./report";
import { readSignOnEvaluations, TimeWindow } from "./signOnEvents";
import type { CheckIds } from "./stack";
import { decide } from "./verdicts";

export interface VerificationRequest {
  stack: string;
  orgUrl: string;
  settings: CheckSettings;
  ids?: CheckIds;
  /** The users to check: the stack's test users, or the one given with --user. */
  users: string[];
  window: TimeWindow;
  warnings: string[];
}

/** Finds the check, reports drift item by item, and only when there is none decides each user's verdict. */
export async function runVerification(reader: OktaReader, request: VerificationRequest): Promise<VerifyReport> {
  const { settings } = request;
  const expected: ExpectedCheck = {
    stack: request.stack,
    bookmarkLabel: settings.bookmarkLabel,
    policyName: settings.policyName,
    ruleName: settings.ruleName,
    ids: request.ids,
    users: request.users,
  };
  const found = await findCheck(reader, expected);
  const drift = findDrift(found, expected);
  const { catchAllRule, managedRule } = identifyRules(found, expected);
  const bookmark = found.bookmarks.length === 1 ? found.bookmarks[0] : undefined;

  const users: UserVerdict[] = [];
  if (drift.length === 0 && bookmark && managedRule) {
    const events = await readSignOnEvaluations(reader, bookmark.id, request.window);
    for (const { requested, user } of found.users) {
      if (!user) continue;
      const decision = decide(events, user.id, managedRule);
      const devices = decision.verdict === "no_evaluation" ? undefined : await readUserDevices(reader, user.id);
      const guidance = guidanceFor(decision, devices, {
        stack: request.stack,
        login: user.profile.login,
        bookmarkLabel: bookmark.label,
        orgUrl: request.orgUrl,
        since: request.window.since,
      });
      users.push({
        user: requested,
        userId: user.id,
        login: user.profile.login,
        verdict: decision.verdict,
        summary: guidance.summary,
        evaluation: "evaluation" in decision ? decision.evaluation : undefined,
        devices,
        likelyCauses: guidance.likelyCauses,
        nextSteps: guidance.nextSteps,
      });
    }
  }

  return {
    stack: request.stack,
    orgUrl: request.orgUrl,
    window: { since: request.window.since.toISOString(), until: request.window.until.toISOString() },
    check: {
      bookmark: bookmark && { id: bookmark.id, label: bookmark.label },
      policy: found.policy && { id: found.policy.id, name: found.policy.name },
      rule: managedRule && { id: managedRule.id, name: managedRule.name },
      catchAllRule: catchAllRule && { id: catchAllRule.id, name: catchAllRule.name },
    },
    drift,
    users,
    warnings: request.warnings,
    ...resultOf(drift, users),
  };
}
