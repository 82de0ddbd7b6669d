import type { DeviceStatus } from "./devices";
import type { DriftItem } from "./drift";
import { ExitCode } from "./errors";
import type { Evaluation, VerdictKind } from "./verdicts";

export interface LikelyCause {
  cause: string;
  fix: string;
}

export interface UserVerdict {
  /** The user as configured or given with --user. */
  user: string;
  userId: string;
  login: string;
  verdict: VerdictKind;
  summary: string;
  evaluation?: Evaluation;
  devices?: DeviceStatus[];
  likelyCauses?: LikelyCause[];
  nextSteps: string[];
}

export type Result = "managed" | "not_managed" | "no_evaluation" | "drift";

export interface VerifyReport {
  stack: string;
  orgUrl: string;
  window: { since: string; until: string };
  check: {
    bookmark?: { id: string; label: string };
    policy?: { id: string; name: string };
    rule?: { id: string; name: string };
    catchAllRule?: { id: string; name: string };
  };
  drift: DriftItem[];
  users: UserVerdict[];
  warnings: string[];
  result: Result;
  exitCode: number;
}

/** Drift first (the verdicts cannot be trusted), then any denial, then any missing evaluation. */
export function resultOf(drift: readonly DriftItem[], users: readonly UserVerdict[]): { result: Result; exitCode: number } {
  if (drift.length > 0) return { result: "drift", exitCode: ExitCode.drift };
  if (users.some((user) => user.verdict === "not_managed")) return { result: "not_managed", exitCode: ExitCode.notManaged };
  if (users.some((user) => user.verdict === "no_evaluation")) return { result: "no_evaluation", exitCode: ExitCode.noEvaluation };
  return { result: "managed", exitCode: ExitCode.allManaged };
}
