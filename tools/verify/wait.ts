import { StoppedError, stopSignalOf } from "../errors";
import type { StopSignal } from "../exitCodes";
import type { OutputStream } from "../redact";
import { safeValue } from "../safeText";
import type { Clock } from "./clock";
import { CheckRules, decide } from "./decision";
import { formatDuration } from "./duration";
import { OktaLogEvent, readSignIns, TimeWindow } from "./signInEvents";
import type { Tenant } from "./tenant";

/**
 * Reading the sign-ins once, or with `--wait` until every test user has an evaluation of the
 * check's rule (managed or denied) or the time runs out. One System Log query per poll, however
 * many users; a poll every POLL_INTERVAL_MS, so a sign-in is noticed within 10 seconds. After the
 * first poll only the newest minutes are read again (the System Log may publish an event a little
 * after its time), and events are merged by uuid.
 */

const POLL_INTERVAL_MS = 5_000;
/** How far back each later poll reads again, for events Okta publishes late. */
const OVERLAP_MS = 60_000;

export interface WatchedUser {
  id: string;
  login: string;
}

export interface WaitOptions {
  durationMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  /** Where progress goes (stderr); none with --json. */
  progress?: OutputStream;
}

export interface SignIns {
  events: OktaLogEvent[];
  window: TimeWindow;
  polls: number;
  waited?: { seconds: number; polls: number; stopped: "all_evaluated" | "time_out" | "interrupted"; signal?: StopSignal };
}

export async function collectSignIns(
  tenant: Tenant,
  appId: string,
  users: readonly WatchedUser[],
  rules: CheckRules,
  since: Date,
  clock: Clock,
  wait?: WaitOptions,
): Promise<SignIns> {
  const ids = users.map((user) => user.id);
  const events = new Map<string, OktaLogEvent>();
  const start = clock.now();
  let until = new Date(start);
  let polls = 0;
  const poll = async () => {
    const from = polls === 0 ? since : new Date(Math.max(since.getTime(), until.getTime() - OVERLAP_MS));
    until = new Date(clock.now());
    for (const event of await readSignIns(tenant, appId, ids, { since: from, until })) events.set(event.uuid ?? `${events.size}`, event);
    polls++;
  };
  const sorted = () => [...events.values()].sort((a, b) => Number(a.published) - Number(b.published));
  await poll();
  if (!wait) return { events: sorted(), window: { since, until }, polls };

  const progress = new Progress(wait.progress, users, wait.durationMs);
  const deadline = start + wait.durationMs;
  let stopped: "all_evaluated" | "time_out" | "interrupted";
  for (;;) {
    const pending = users.filter((user) => decide(sorted(), user.id, rules).verdict === "no_evaluation");
    progress.update(clock.now() - start, pending);
    if (pending.length === 0) {
      stopped = "all_evaluated";
      break;
    }
    if (wait.signal?.aborted) {
      stopped = "interrupted";
      break;
    }
    const left = deadline - clock.now();
    if (left <= 0) {
      stopped = "time_out";
      break;
    }
    await clock.sleep(Math.min(wait.intervalMs ?? POLL_INTERVAL_MS, left), wait.signal);
    if (wait.signal?.aborted) {
      stopped = "interrupted";
      break;
    }
    try {
      await poll();
    } catch (error) {
      // A signal abandons the poll in flight: the report is what the earlier polls found.
      if (!(error instanceof StoppedError)) throw error;
      stopped = "interrupted";
      break;
    }
  }
  progress.end();
  const signal = stopped === "interrupted" ? stopSignalOf(wait.signal) : undefined;
  return { events: sorted(), window: { since, until }, polls, waited: { seconds: Math.round((clock.now() - start) / 1000), polls, stopped, ...(signal ? { signal } : {}) } };
}

/** One updating line on a terminal; elsewhere one plain line whenever something changes. */
class Progress {
  private last = "";
  private drawn = false;

  constructor(
    private readonly out: OutputStream | undefined,
    private readonly users: readonly WatchedUser[],
    private readonly durationMs: number,
  ) {}

  update(elapsedMs: number, pending: readonly WatchedUser[]): void {
    if (!this.out) return;
    const done = this.users.length - pending.length;
    const names = pending.slice(0, 3).map((user) => safeValue(user.login)).join(", ") + (pending.length > 3 ? `, and ${pending.length - 3} more` : "");
    const state = `${done} of ${this.users.length} test user${this.users.length === 1 ? "" : "s"} evaluated${pending.length > 0 ? `; waiting for ${names}` : ""}`;
    if (this.out.isTTY && this.out.rewriteLine) {
      const line = `waiting ${formatDuration(elapsedMs)} of ${formatDuration(this.durationMs)}: ${state}`;
      const width = this.out.columns ?? 120;
      this.out.rewriteLine(line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line);
      this.drawn = true;
    } else if (state !== this.last) {
      this.out.write(`verify: ${formatDuration(elapsedMs)}: ${state}\n`);
    }
    this.last = state;
  }

  end(): void {
    if (this.out?.isTTY && this.drawn) this.out.write("\n");
  }
}
