import { parseArgs as nodeParseArgs } from "util";
import { CommandError, OutputError, UsageError } from "./errors";
import { ExitCode, SIGNAL_EXIT_CODES, StopSignal } from "./exitCodes";
import { safeStream, watchForWriteErrors } from "./output";
import type { Environment, OutputStream } from "./redact";
import { safeValue } from "./safeText";

/**
 * The command layer shared by the tools (`plan`, `verify`): option parsing on Node's
 * `util.parseArgs`, and one `runCommand` wrapper that routes every byte of output through the
 * redactor and makes it safe for a terminal; `runAsProcess` for the bin entries (signals, write errors).
 */

// The command layer's errors and exit codes, for the commands that build on it.
export { CommandError, ExitCode, UsageError };

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
    if (token.value !== undefined && safeValue(token.value) !== token.value) {
      throw new UsageError(`${flag}: the value contains a control, bidi or line-break character, which no value of it holds; type it again`);
    }
  }
  return parsed.values as OptionValues<O>;
}

/**
 * A command's options, parsed: with `--help` its usage is printed and the result is undefined (the
 * command ends in 0); otherwise `--json` decides how a failure is reported.
 */
export function optionsUnlessHelp<O extends Record<string, OptionSpec> & { help: typeof FLAG; json: typeof FLAG }>(
  argv: readonly string[],
  options: O,
  usage: string,
  io: CommandIO,
  state: CommandState,
): OptionValues<O> | undefined {
  const args = parseOptions(argv, options);
  if (args.help) {
    io.stdout.write(`${usage}\n`);
    return undefined;
  }
  state.json = args.json === true;
  return args;
}

function toUsageError(error: unknown): UsageError {
  const { code, message } = error as { code?: string; message?: string };
  const text = message ?? String(error);
  const quoted = safeValue(/'([^']*)'/.exec(text)?.[1] ?? "");
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
  /** Aborted on Ctrl-C, SIGTERM or SIGHUP (the signal's name is the reason): a long-running command stops cleanly and reports what it has. */
  signal?: AbortSignal;
  /** Masks a credential the command received or made while running (an access token), from now on. */
  learnSecret?: (secret: string) => void;
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
  learn(secret: string): void;
}

/**
 * Runs a command: all of its output goes through the redactor and is made safe for a terminal, a
 * UsageError ends in 64 with a usage hint, a CommandError in its own code, and anything else in 70
 * (`internal error: <first line>`, never a stack trace). With `--json` the failure is a JSON
 * document on stdout as well.
 */
export async function runCommand(command: Command, argv: readonly string[], env: Environment, io: CommandIO, makeRedactor: (env: Environment) => Redacting): Promise<number> {
  const state: CommandState = { json: argv.includes("--json"), warnings: [] };
  let redactor: Redacting;
  try {
    redactor = makeRedactor(env);
  } catch (error) {
    // Refusing a credential names the variable, never the value: nothing to redact yet.
    return reportFailure(command.name, error, state, { stdout: safeStream(io.stdout, "stdout", String), stderr: safeStream(io.stderr, "stderr", String) });
  }
  const redact = (text: string) => redactor.redact(text);
  const safe: CommandIO = {
    stdout: safeStream(io.stdout, "stdout", redact),
    stderr: safeStream(io.stderr, "stderr", redact),
    signal: io.signal,
    learnSecret: (secret) => redactor.learn(secret),
  };
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
  const message = usage
    ? (error as Error).message.split("\n").map(safeValue).join("\n")
    : safeValue(error instanceof CommandError ? error.message.replace(/\s*\n\s*/g, " ") : `internal error: ${firstLine(error)}`);
  try {
    // stdout is not written again once it refused a write.
    if (!(error instanceof OutputError && error.stream === "stdout")) {
      if (state.json) io.stdout.write(`${JSON.stringify({ result: "error", exitCode, error: message, warnings: state.warnings }, null, 2)}\n`);
      else for (const warning of state.warnings) io.stdout.write(`Warning: ${safeValue(warning)}\n`);
    }
  } catch (failure) {
    return reportFailure(name, failure, { ...state, json: false, warnings: [] }, io);
  }
  try {
    if (!(error instanceof OutputError && error.stream === "stderr")) io.stderr.write(`${name}: ${message}\n${usage ? "Run with --help for usage.\n" : ""}`);
  } catch {
    // stderr refused too: the exit code is all that is left.
    return ExitCode.output;
  }
  return exitCode;
}

/** The first non-blank line of an error's message. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split(/\r?\n/).find((line) => line.trim() !== "")?.trim() ?? "unknown error";
}

const STOP_SIGNALS = Object.keys(SIGNAL_EXIT_CODES) as StopSignal[];

/**
 * The process side of a bin entry: argv and the environment in, the exit code out. The first
 * Ctrl-C, SIGTERM or SIGHUP aborts the command's signal (with the signal's name as the reason); a
 * second one ends the process at once (128 + the signal's number). Node's own warnings go through
 * the redactor; a stream that refuses a write (a full disk, a closed pipe) ends the run with exit 74
 * and one line on stderr, never a stack trace. `exit` ends the process once stdout and stderr are
 * flushed, for a command whose libraries keep handles open; `stopAtFirstSignal` ends it at the
 * first signal, for a command with nothing to report until it is done.
 */
export function runAsProcess(
  name: string,
  run: (argv: readonly string[], env: Environment, io: CommandIO) => Promise<number>,
  redact: (text: string) => string,
  { exit = false, stopAtFirstSignal = false } = {},
): void {
  const controller = new AbortController();
  const writeFailure = watchForWriteErrors(process);
  process.removeAllListeners("warning");
  process.on("warning", (warning) => process.stderr.write(safeValue(redact(`warning: ${warning.name}: ${firstLine(warning)}`)) + "\n"));
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      if (stopAtFirstSignal) process.stderr.write(`${name}: stopped by ${signal}\n`, () => process.exit(SIGNAL_EXIT_CODES[signal]));
      else if (controller.signal.aborted) process.exit(SIGNAL_EXIT_CODES[signal]);
      else controller.abort(signal);
    });
  }
  const finish = (exitCode: number) => {
    const done = () => {
      const failure = writeFailure();
      if (failure) {
        if (failure.stream === "stdout") process.stderr.write(`${name}: ${failure.message}\n`, () => undefined);
        process.exitCode = ExitCode.output;
      } else {
        process.exitCode = exitCode;
      }
      for (const signal of STOP_SIGNALS) process.removeAllListeners(signal);
      if (exit) process.stderr.write("", () => process.exit(process.exitCode));
    };
    // The callback runs once everything written before it has reached the stream, or failed to.
    if (process.stdout.destroyed) done();
    else process.stdout.write("", () => setImmediate(done));
  };
  run(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal })
    .then(finish)
    .catch((error: unknown) => {
      // runCommand reports its own failures; this is the last guard against a stack trace.
      process.stderr.write(safeValue(redact(`internal error: ${firstLine(error)}`)) + "\n");
      finish(ExitCode.internal);
    });
}
