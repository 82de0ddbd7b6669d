import { ExitCode, SIGNAL_EXIT_CODES } from "../exitCodes";

/**
 * verify's exit codes: its own below 64, then the ones every command shares (tools/exitCodes.ts):
 * 64 usage, 70 internal error, 74 output not written, and 129/130/143 for SIGHUP/SIGINT/SIGTERM.
 */
export const VerifyExitCode = {
  managed: 0,
  notManaged: 1,
  noEvaluation: 2,
  drift: 3,
  tenantUnreadable: 4,
  notReady: 5,
  usage: ExitCode.usage,
  internal: ExitCode.internal,
  output: ExitCode.output,
  stopped: SIGNAL_EXIT_CODES,
} as const;
