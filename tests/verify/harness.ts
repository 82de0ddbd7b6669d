import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main, VerifyOptions } from "../../tools/verify/cli";
import type { Clock } from "../../tools/verify/clock";

export const NOW = new Date("2025-06-15T12:00:00.000Z");
export const API_TOKEN = "00aFakeApiTokenThatMustNeverBePrinted-42";

export interface TestClock extends Clock {
  sleeps: number[];
}

/** A clock that stands still and records waits instead of waiting. */
export function fixedClock(now: Date = NOW): TestClock {
  const sleeps: number[] = [];
  return { sleeps, now: () => now.getTime(), sleep: async (ms) => void sleeps.push(ms) };
}

/** A clock whose waits pass at once but move "now" on: minutes of --wait or rate-limit pauses in no time. */
export function virtualClock(start: Date = NOW, onSleep?: (ms: number) => void): TestClock & { advance(ms: number): void } {
  const sleeps: number[] = [];
  let now = start.getTime();
  return {
    sleeps,
    now: () => now,
    advance: (ms) => void (now += ms),
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      onSleep?.(ms);
      if (!signal?.aborted) now += ms;
      // Let the loopback server and any abort run between two polls.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export function stackYaml(lines: string[] = [], users = ["alice@acme.example", "bob@acme.example", "carol@acme.example"]): string {
  return [
    "config:",
    "  okta:orgName: acme",
    "  okta:baseUrl: okta.com",
    "  okta-managed-device-check:testUsers:",
    ...users.map((user) => `    - ${user}`),
    "  okta-managed-device-check:bookmarkUrl: https://www.okta.com/",
    ...lines.map((line) => `  ${line}`),
    "",
  ].join("\n");
}

const projects: string[] = [];

/** A project directory holding the given `Pulumi.<stack>.yaml` files. */
export function makeProject(stacks: Record<string, string> = { dev: stackYaml() }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-test-"));
  projects.push(dir);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: okta-managed-device-check\nruntime: nodejs\n");
  for (const [stack, yaml] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
  return dir;
}

export function removeProjects(): void {
  for (const dir of projects.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runVerify(argv: string[], env: Record<string, string | undefined>, options: VerifyOptions): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const exitCode = await main(argv, env, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } }, options);
  return { exitCode, stdout, stderr };
}

/** The lines of a text report, for asserting the ones that matter. */
export function lines(text: string): string[] {
  return text.split("\n");
}
