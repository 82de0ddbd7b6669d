import { parseArgs as nodeParseArgs } from "util";
import type { Environment, OutputStream } from "./redact";

/**
 * The command layer shared by the tools (`plan`, `verify`): option parsing on Node's
 * `util.parseArgs`, one UsageError, one table of the exit codes both commands share, and one
 * `runCommand` wrapper that routes every byte of output through the redactor.
 */

/** Exit codes every command shares; each command adds its own below 64. */
export const ExitCode = {
  ok: 0,
  /** The command line, the stack file or the environment is wrong (BSD sysexits EX_USAGE). */
  usage: 64,
  /** A bug: anything unexpected (BSD sysexits EX_SOFTWARE). Never a stack trace. */
  internal: 70,
} as const;

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

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
}

export type OptionValues<O extends Record<string, OptionSpec>> = { [K in keyof O]?: O[K]["type"] extends "string" ? string : boolean };

/** An option that takes a value, and a flag. */
export const TEXT = { type: "string" } as const;
export const FLAG = { type: "boolean" } as const;

/** The options both commands take: the stack, one JSON document instead of text, and help. */
export const COMMON_OPTIONS = { stack: TEXT, json: FLAG, help: { ...FLAG, short: "h" } } as const satisfies Record<string, OptionSpec>;

/**
 * `util.parseArgs` in strict mode, each of its errors turned into a UsageError that names the
 * option. Also refused: an option given twice and a blank value.
 */
export function parseOptions<O extends Record<string, OptionSpec>>(argv: readonly string[], options: O): OptionValues<O> {
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({ args: [...argv], options, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    throw toUsageError(error);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    const flag = `--${token.name}`;
    if (seen.has(token.name)) throw new UsageError(`${flag} is given twice`);
    seen.add(token.name);
    if (options[token.name]?.type === "string" && (token.value ?? "").trim() === "") throw new UsageError(`${flag} needs a value`);
  }
  return parsed.values as OptionValues<O>;
}

function toUsageError(error: unknown): UsageError {
  const { code, message } = error as { code?: string; message?: string };
  const text = message ?? String(error);
  const quoted = /'([^']*)'/.exec(text)?.[1] ?? "";
  const option = quoted.split(" ")[0];
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return new UsageError(`unknown option ${option}`);
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return new UsageError(`unexpected argument "${quoted}"`);
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return new UsageError(/does not take an argument/.test(text) ? `${option} does not take a value` : `${option} needs a value`);
    default:
      return new UsageError(text.split("\n")[0]);
  }
}

export interface CommandIO {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Aborted on Ctrl-C: a long-running command stops cleanly and reports what it has. */
  signal?: AbortSignal;
}

/** What a command has learnt by the time it fails, for the failure report. */
export interface CommandState {
  /** The failure is reported as a JSON document on stdout too. */
  json: boolean;
  /** Warnings found before the failure; they are printed with it. */
  warnings: string[];
}

export interface Command {
  /** The name every message on stderr starts with. */
  name: string;
  run(argv: readonly string[], env: Environment, io: CommandIO, state: CommandState): Promise<number>;
}

export interface Redacting {
  redact(text: string): string;
  wrap(stream: OutputStream): OutputStream;
}

/**
 * Runs a command: all of its output goes through the redactor, a UsageError ends in 64 with a
 * usage hint, a CommandError in its own code, and anything else in 70 (`internal error: <first
 * line>`, never a stack trace). With `--json` the failure is a JSON document on stdout as well.
 */
export async function runCommand(command: Command, argv: readonly string[], env: Environment, io: CommandIO, makeRedactor: (env: Environment) => Redacting): Promise<number> {
  const state: CommandState = { json: argv.includes("--json"), warnings: [] };
  let redactor: Redacting;
  try {
    redactor = makeRedactor(env);
  } catch (error) {
    // Refusing a credential names the variable, never the value: nothing to redact yet.
    return reportFailure(command.name, error, state, io);
  }
  const safe: CommandIO = { stdout: redactor.wrap(io.stdout), stderr: redactor.wrap(io.stderr), signal: io.signal };
  try {
    return await command.run(argv, env, safe, state);
  } catch (error) {
    return reportFailure(command.name, error, state, safe);
  }
}

function reportFailure(name: string, error: unknown, state: CommandState, io: CommandIO): number {
  const usage = error instanceof UsageError;
  const exitCode = error instanceof CommandError ? error.exitCode : ExitCode.internal;
  // A usage error may list several config problems, one per line; anything else is one line.
  const message = usage ? (error as Error).message : error instanceof CommandError ? error.message.replace(/\s*\n\s*/g, " ") : `internal error: ${firstLine(error)}`;
  if (state.json) io.stdout.write(`${JSON.stringify({ result: "error", exitCode, error: message, warnings: state.warnings }, null, 2)}\n`);
  else for (const warning of state.warnings) io.stdout.write(`Warning: ${warning}\n`);
  io.stderr.write(`${name}: ${message}\n${usage ? "Run with --help for usage.\n" : ""}`);
  return exitCode;
}

/** The first non-blank line of an error's message. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split(/\r?\n/).find((line) => line.trim() !== "")?.trim() ?? "unknown error";
}

/**
 * The process side of a bin entry: argv and the environment in, the exit code out; Ctrl-C aborts
 * the command's signal once (a second Ctrl-C ends the process), and Node's own warnings go through
 * the redactor instead of straight to the terminal.
 */
export function runAsProcess(run: (argv: readonly string[], env: Environment, io: CommandIO) => Promise<number>, redact: (text: string) => string): void {
  const controller = new AbortController();
  process.removeAllListeners("warning");
  process.on("warning", (warning) => process.stderr.write(redact(`warning: ${warning.name}: ${firstLine(warning)}\n`)));
  process.on("SIGINT", () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
  run(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal })
    .then((exitCode) => {
      process.exitCode = exitCode;
    })
    .catch((error: unknown) => {
      // runCommand reports its own failures; this is the last guard against a stack trace.
      process.stderr.write(redact(`internal error: ${firstLine(error)}\n`));
      process.exitCode = ExitCode.internal;
    })
    .finally(() => process.removeAllListeners("SIGINT"));
}
