/** The exit codes of `verify`, as documented in the README. */
export const ExitCode = {
  allManaged: 0,
  notManaged: 1,
  noEvaluation: 2,
  drift: 3,
  tenantUnreadable: 4,
  usage: 64,
} as const;

/** A problem with the command line, the stack file or the environment: exit 64. */
export class UsageError extends Error {
  readonly exitCode = ExitCode.usage;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The tenant could not be read: credentials, a missing scope, the network, or an unexpected answer. Exit 4. */
export class TenantReadError extends Error {
  readonly exitCode = ExitCode.tenantUnreadable;
  constructor(message: string) {
    super(message);
    this.name = "TenantReadError";
  }
}

/** The first line of an error's message, for a one-line report without a stack trace. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split(/\r?\n/).find((line) => line.trim() !== "")?.trim() ?? "unknown error";
}
