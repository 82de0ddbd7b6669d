import { ExitCode, SIGNAL_EXIT_CODES, StopSignal } from "./exitCodes";

/** A failure the command expected, with its own exit code and a message fit for the user. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A problem with the command line, the stack file or the environment: exit 64 and a usage hint. */
export class UsageError extends CommandError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** stdout or stderr refused a write (ENOSPC, EPIPE): exit 74, one line on stderr if it still takes one. */
export class OutputError extends CommandError {
  constructor(
    readonly stream: "stdout" | "stderr",
    cause: unknown,
  ) {
    const code = (cause as { code?: unknown } | undefined)?.code;
    super(`cannot write to ${stream}: ${typeof code === "string" ? code : cause instanceof Error ? cause.message : String(cause)}`, ExitCode.output);
  }
}

/** The run was stopped by a signal (Ctrl-C, SIGTERM, SIGHUP) before it had anything to report. */
export class StoppedError extends CommandError {
  constructor(
    readonly signal: StopSignal,
    doing: string,
  ) {
    super(`stopped by ${signal}${doing ? ` ${doing}` : ""}`, SIGNAL_EXIT_CODES[signal]);
  }
}

/** The signal a run was stopped by, from the reason its AbortSignal was aborted with. */
export function stopSignalOf(signal: AbortSignal | undefined): StopSignal | undefined {
  if (!signal?.aborted) return undefined;
  const reason: unknown = signal.reason;
  return typeof reason === "string" && reason in SIGNAL_EXIT_CODES ? (reason as StopSignal) : "SIGINT";
}
