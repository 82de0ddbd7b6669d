import { MissingStackError, parseArgs, USAGE } from "./args";
import { systemClock } from "./clock";
import type { Clock } from "./clock";
import { Environment, resolveConnection, secretsIn } from "./connection";
import { ExitCode, oneLine, TenantReadError, UsageError } from "./errors";
import { expiryWarning } from "./expiry";
import { renderJson, renderText } from "./render";
import type { RetryLimits } from "./requestExecutor";
import { existingStacks, loadStack, readOutputsFile } from "./stack";

export interface VerifyIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface VerifyOptions {
  /** Where the `Pulumi.<stack>.yaml` files are; default the working directory. */
  projectDir?: string;
  /** Today's date, the System Log window and the 429 waits all come from this clock. */
  clock?: Clock;
  retryLimits?: Partial<RetryLimits>;
  maxPages?: number;
}

/** Runs `verify` and returns its exit code. Nothing it prints carries a credential or a stack trace. */
export async function main(argv: readonly string[], env: Environment, io: VerifyIO, options: VerifyOptions = {}): Promise<number> {
  const clock = options.clock ?? systemClock;
  const secrets = secretsIn(env);
  const print = (stream: VerifyIO["stdout"], text: string) => stream.write(redact(text, secrets));
  let json = argv.includes("--json");
  const warnings: string[] = [];
  try {
    const command = parseArgs(argv, new Date(clock.now()));
    if (command.help) {
      print(io.stdout, `${USAGE}\n`);
      return 0;
    }
    json = command.json;
    const stack = loadStack(options.projectDir ?? process.cwd(), command.stack);
    const ids = command.outputsFile ? readOutputsFile(command.outputsFile) : undefined;
    const warning = expiryWarning(stack.settings.expiresOn, new Date(clock.now()), command.stack);
    if (warning) warnings.push(warning);
    const connection = resolveConnection(stack.org, env);
    // Loaded only now: the Okta SDK and @pulumi/pulumi (behind the components' constants) take seconds
    // to load, which usage errors need not wait for.
    const [{ createOktaReader }, { runVerification }] = await Promise.all([import("./oktaReader"), import("./runVerification")]);
    const reader = createOktaReader(connection, { clock, limits: options.retryLimits, maxPages: options.maxPages });
    const report = await runVerification(reader, {
      stack: command.stack,
      orgUrl: connection.orgUrl,
      settings: stack.settings,
      ids,
      users: command.user ? [command.user] : stack.settings.testUsers,
      window: { since: command.since, until: new Date(clock.now()) },
      warnings,
    });
    print(io.stdout, json ? renderJson(report) : renderText(report));
    return report.exitCode;
  } catch (caught) {
    const error = caught instanceof MissingStackError ? new UsageError(`${caught.message}; ${existingStacks(options.projectDir ?? process.cwd())}`) : caught;
    const usage = error instanceof UsageError;
    const exitCode = usage ? ExitCode.usage : ExitCode.tenantUnreadable;
    // A usage error may list several config problems, one per line; anything else is one line.
    const message = usage ? error.message : error instanceof TenantReadError ? error.message.replace(/\s*\n\s*/g, " ") : `unexpected error: ${oneLine(error)}`;
    if (json) print(io.stdout, `${JSON.stringify({ result: "error", exitCode, error: message, warnings }, null, 2)}\n`);
    else for (const warning of warnings) print(io.stdout, `Warning: ${warning}\n`);
    print(io.stderr, `verify: ${message}\n${usage ? "Run with --help for usage.\n" : ""}`);
    return exitCode;
  }
}

function redact(text: string, secrets: readonly string[]): string {
  return [...secrets].sort((a, b) => b.length - a.length).reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}
