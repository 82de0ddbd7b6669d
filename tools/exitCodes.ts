/**
 * The exit codes every command shares; each command adds its own below 64. Codes from 64 follow BSD
 * sysexits, and a run ended by a signal exits as shells report it: 128 + the signal's number.
 */
export const ExitCode = {
  ok: 0,
  /** The command line, the stack file or the environment is wrong (EX_USAGE). */
  usage: 64,
  /** A bug: anything unexpected (EX_SOFTWARE). Never a stack trace. */
  internal: 70,
  /** The output could not be written: a full disk, a closed pipe (EX_IOERR). */
  output: 74,
} as const;

/** The signals that end a run, each with its exit code (128 + its number on Linux and macOS). */
export const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;
