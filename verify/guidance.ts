import { CATCH_ALL_RULE_NAME } from "../policies/okta";
import type { DeviceStatus } from "./devices";
import type { LikelyCause } from "./report";
import type { Decision, Evaluation } from "./verdicts";

export interface GuidanceContext {
  stack: string;
  login: string;
  bookmarkLabel: string;
  orgUrl: string;
  since: Date;
}

export interface Guidance {
  summary: string;
  likelyCauses?: LikelyCause[];
  nextSteps: string[];
}

/** The causes of a denial, most likely first, each with its fix. */
const NOT_MANAGED_CAUSES: readonly LikelyCause[] = [
  {
    cause: "the MDM integration was not finished before this sign-in",
    fix: "finish it under Security > Device Integrations (the MDM must deploy Okta Verify with the integration's managed app configuration)",
  },
  {
    cause: "the device is not enrolled in the MDM",
    fix: "enroll the device in the MDM and let it install the managed Okta Verify",
  },
  {
    cause: "the user did not sign in with Okta FastPass from that device",
    fix: 'open the bookmark on the device itself and choose "Sign in with Okta FastPass", not a push to another device or another browser',
  },
];

export function guidanceFor(decision: Decision, devices: readonly DeviceStatus[] | undefined, context: GuidanceContext): Guidance {
  const { login, stack } = context;
  const tile = `"${context.bookmarkLabel}"`;
  const verifyAgain = `then run: npm run verify -- --stack ${stack} --user ${login}`;
  const askToSignIn = `ask ${login} to open the Okta End-User Dashboard (${context.orgUrl}) on the device under test, open the ${tile} tile and sign in with Okta Verify ("Sign in with Okta FastPass")`;
  switch (decision.verdict) {
    case "managed": {
      const steps = [`nothing to fix for ${login}; once every test device is confirmed, remove the check with: pulumi destroy --stack ${stack}`];
      if (devices && !devices.some((device) => device.managementStatus === "MANAGED")) {
        steps.unshift(`the Devices API lists no MANAGED device for ${login} yet; it is eventually consistent, so run verify again in a few minutes`);
      }
      return { summary: `allowed by ${ruleOf(decision.evaluation)} at ${timeAndDevice(decision.evaluation)}: the device is registered and managed`, nextSteps: steps };
    }
    case "not_managed":
      return {
        summary: `denied by ${ruleOf(decision.evaluation)} at ${timeAndDevice(decision.evaluation)}: Okta did not see a registered, managed device signing in with FastPass`,
        likelyCauses: [...NOT_MANAGED_CAUSES],
        nextSteps: [
          `after fixing the cause, ${login} must sign in to the ${tile} tile with FastPass again: Okta marks a device managed only at a FastPass sign-in`,
          verifyAgain,
        ],
      };
    case "no_evaluation":
      if (decision.why === "unfinished") {
        return {
          summary: `no evaluation yet: ${login} started a sign-in at ${timeAndDevice(decision.evaluation)} but did not finish it (${decision.evaluation.result})`,
          nextSteps: [`ask ${login} to open the ${tile} tile again on the device under test and complete the Okta Verify (FastPass) prompt`, verifyAgain],
        };
      }
      if (decision.why === "other_rule") {
        return {
          summary: `no evaluation yet: the last sign-in at ${timeAndDevice(decision.evaluation)} was allowed by ${ruleOf(decision.evaluation)}, which is not part of the check`,
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
  const name = evaluation.rule?.name;
  if (name) return `"${name}"`;
  return evaluation.result === "DENY" ? `the policy (presumably the ${CATCH_ALL_RULE_NAME})` : "the policy";
}

function timeAndDevice(evaluation: Evaluation): string {
  const device = evaluation.device?.name ? ` on "${evaluation.device.name}"` : "";
  return `${evaluation.at}${device}`;
}
