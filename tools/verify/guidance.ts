import type { Decision, Evaluation } from "./decision";
import type { DeviceStatus } from "./devices";

/** What a verdict says in one line, and what the admin does next. */

export interface GuidanceContext {
  stack: string;
  login: string;
  bookmarkLabel: string;
  orgUrl: string;
  since: Date;
  /** A member of this pilot group: verify checks it with the whole group (--user names test users only). */
  group?: string;
}

export interface Guidance {
  summary: string;
  nextSteps: string[];
}

export function guidanceFor(decision: Decision, devices: readonly DeviceStatus[] | undefined, context: GuidanceContext): Guidance {
  const { login, stack } = context;
  const tile = `"${context.bookmarkLabel}"`;
  const verifyAgain = context.group === undefined ? `then run: npm run verify -- --stack ${stack} --user ${login}` : `then run: npm run verify -- --stack ${stack}`;
  const askToSignIn = `ask ${login} to open the Okta End-User Dashboard (${context.orgUrl}) on the device under test, open the ${tile} tile and sign in with Okta Verify ("Sign in with Okta FastPass")`;
  switch (decision.verdict) {
    case "managed": {
      const steps = [`nothing to fix for ${login}; once every test device is confirmed, remove the check with: pulumi destroy --stack ${stack}`];
      if (devices && !devices.some((device) => device.managementStatus === "MANAGED")) {
        steps.unshift(`the Devices API lists no MANAGED device for ${login} yet; it is eventually consistent, so run verify again in a few minutes`);
      }
      return { summary: `allowed by ${ruleOf(decision.evaluation)} at ${decision.evaluation.at}: the device is registered and managed`, nextSteps: steps };
    }
    case "not_managed":
      return {
        summary: `denied by ${ruleOf(decision.evaluation)} at ${decision.evaluation.at}: the sign-in did not meet the rule of the check (a registered, managed device signing in with FastPass)`,
        nextSteps: [
          `after fixing the cause, ${login} must sign in to the ${tile} tile with FastPass again: Okta marks a device managed only at a FastPass sign-in`,
          verifyAgain,
        ],
      };
    case "no_evaluation":
      if (decision.why === "unfinished") {
        return {
          summary: `no evaluation yet: ${login} started a sign-in at ${decision.evaluation.at} but did not finish it (${decision.evaluation.result})`,
          nextSteps: [`ask ${login} to open the ${tile} tile again on the device under test and complete the Okta Verify (FastPass) prompt`, verifyAgain],
        };
      }
      if (decision.why === "outside_check") {
        const outcome = decision.evaluation.result === "DENY" ? "denied" : "allowed";
        return {
          summary: `no evaluation yet: the last sign-in at ${decision.evaluation.at} was ${outcome}, but ${decision.evaluation.outsideCheck}`,
          nextSteps: [askToSignIn, verifyAgain],
        };
      }
      return {
        summary: `no evaluation yet: ${login} has not opened the ${tile} tile since ${context.since.toISOString()}`,
        nextSteps: [askToSignIn, `${verifyAgain} (or widen the window, e.g. --since 7d, if they already did)`],
      };
  }
}

function ruleOf(evaluation: Evaluation): string {
  return `"${evaluation.rule?.name}"`;
}
