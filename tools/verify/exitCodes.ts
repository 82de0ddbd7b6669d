import { ExitCode } from "../command";

/** verify's exit codes: its own below 64, the shared ones (64 usage, 70 internal error) from the command layer. */
export const VerifyExitCode = {
  managed: 0,
  notManaged: 1,
  noEvaluation: 2,
  drift: 3,
  tenantUnreadable: 4,
  notReady: 5,
  usage: ExitCode.usage,
  internal: ExitCode.internal,
} as const;
