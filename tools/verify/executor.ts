import { RequestExecutor } from "@okta/okta-sdk-nodejs";
import type { Agent } from "http";
import { StoppedError, stopSignalOf } from "../errors";
import type { Clock } from "./clock";
import { OAuthTokenError, TenantReadError } from "./errors";
import { exchange, HttpResponse, TransportError } from "./transport";

/**
 * The Okta SDK's extension point for sending requests (`RequestExecutor`), made a good citizen of
 * the tenant. Every request of the SDK, its OAuth token request and each `Collection` page pass
 * through `fetch` here, which
 * - sends each over tools/verify/transport.ts: one deadline for the whole exchange, body included,
 *   after which the socket is destroyed; Ctrl-C and --timeout abort the request in flight;
 * - paces itself on `X-Rate-Limit-Remaining` / `X-Rate-Limit-Reset` of each endpoint, so that no
 *   request is sent while the endpoint has said none remain (Okta counts per endpoint; DESIGN.md),
 *   and says on stderr what it waits for and how long; no wait goes past the run's deadline;
 * - retries a 429 a bounded number of times within a bounded total wait (the SDK's own
 *   `DefaultRequestExecutor` reads only `X-Rate-Limit-Reset` and is unbounded in time);
 * - sends nothing outside the org's origin and refuses a `Link: rel="next"` that leaves it, so a
 *   Collection never carries the credentials elsewhere; redirects are not followed;
 * - refuses a success body that is not JSON, and a Collection page that is not a JSON array,
 *   before the SDK's deserializer sees it;
 * - hands every credential it sends or receives (the API token, the client assertion, the access
 *   token) to `onCredential`, so that the output masks it wherever Okta echoes it.
 */

export interface RetryLimits {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** The most verify waits on 429s over the whole run. */
  maxTotalWaitMs: number;
  /** How long one request may take, its whole body included, before it is abandoned. */
  requestTimeoutMs: number;
  /** The wait when a 429 names no reset time. */
  defaultWaitMs: number;
  /** The longest single pause for an endpoint's rate-limit window (Okta's windows are one minute). */
  maxPaceWaitMs: number;
  /** The largest body read; Okta's pages are far smaller. */
  maxBodyBytes: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = { maxAttempts: 4, maxTotalWaitMs: 60_000, requestTimeoutMs: 30_000, defaultWaitMs: 1_000, maxPaceWaitMs: 61_000, maxBodyBytes: 32 * 1024 * 1024 };

/** The run's bound (--timeout): when it ends on the clock, and how the user set it. */
export interface RunDeadline {
  atMs: number;
  option: string;
}

export interface ExecutorOptions {
  limits: RetryLimits;
  clock: Clock;
  /** Aborted by a signal (reason: its name) or at --timeout (reason: "timeout"). */
  signal?: AbortSignal;
  deadline?: RunDeadline;
  /** One line for stderr about a wait for a rate limit. */
  onWait?: (message: string) => void;
  onCredential?: (secret: string) => void;
}

interface ExecutorRequest {
  url?: string | { href?: string; toString(): string };
  method?: string;
  httpMethod?: string;
  headers?: Record<string, string | undefined | null>;
  body?: unknown;
  agent?: Agent;
  /** Set by the SDK's Collection on every page request (generated/http/http.js, RequestContext.setIsCollection). */
  isCollection?: boolean;
}

/** What the executor learnt of one endpoint's rate limit from its last answer. */
interface EndpointBudget {
  limit?: number;
  remaining: number;
  resetAtMs: number;
}

export class PacedRetryExecutor extends RequestExecutor {
  private waitedMs = 0;
  private readonly budgets = new Map<string, EndpointBudget>();
  /** Every request sent, as "METHOD /path" (for the bench and the tests' request counts). */
  readonly sent: string[] = [];

  constructor(
    private readonly orgUrl: string,
    private readonly options: ExecutorOptions,
  ) {
    super();
  }

  async fetch(request: ExecutorRequest): Promise<HttpResponse> {
    const url = new URL(urlOf(request));
    const what = `${(request.method ?? request.httpMethod ?? "GET").toUpperCase()} ${url.pathname}`;
    // The SDK follows `Link` headers itself; a request off the org's origin would carry the credentials there.
    if (url.origin !== this.orgUrl) throw new TenantReadError(`refused to send ${what} to ${url.origin}: only ${this.orgUrl} receives the credentials`);
    const endpoint = endpointOf(request, url);
    const { limits, clock } = this.options;
    const headers = this.headersOf(request);
    const body = typeof request.body === "string" ? request.body : undefined;
    if (body !== undefined) this.learnFromForm(body);
    for (let attempt = 1; ; attempt++) {
      await this.pace(endpoint, what);
      this.stopIfAborted(what);
      this.sent.push(what);
      const response = await exchange(
        { url: url.href, method: what.split(" ")[0], headers, body, agent: request.agent },
        { deadlineMs: this.requestDeadlineMs(), maxBodyBytes: limits.maxBodyBytes, signal: this.options.signal },
      ).catch((error: unknown) => {
        throw this.describeTransportFailure(error, what);
      });
      this.learn(endpoint, response);
      if (url.pathname.endsWith("/oauth2/v1/token")) await this.learnAccessToken(response);
      if (response.status !== 429) {
        if (response.status >= 400 && url.pathname.endsWith("/oauth2/v1/token")) await throwTokenError(response);
        if (response.status >= 200 && response.status < 300) return await this.check(response, request, what);
        return response;
      }
      const delayMs = retryDelayMs(response.headers, clock.now(), limits.defaultWaitMs);
      if (attempt >= limits.maxAttempts) {
        throw new TenantReadError(`Okta kept rate-limiting ${what} (HTTP 429 ${attempt} times); try again in a few minutes`);
      }
      if (this.waitedMs + delayMs > limits.maxTotalWaitMs) {
        throw new TenantReadError(
          `Okta rate-limited ${what} (HTTP 429) and asks to wait ${seconds(delayMs)}, beyond verify's ${seconds(limits.maxTotalWaitMs)} retry budget (${seconds(this.waitedMs)} used); try again later`,
        );
      }
      await this.wait(delayMs, `Okta rate-limited ${what} (HTTP 429)`, what);
      this.waitedMs += delayMs;
    }
  }

  /** The request's own deadline, or what is left of the run's when that is sooner. */
  private requestDeadlineMs(): number {
    const deadline = this.options.deadline;
    const left = deadline ? deadline.atMs - this.options.clock.now() : Number.NaN;
    return Number.isFinite(left) ? Math.max(0, Math.min(this.options.limits.requestTimeoutMs, left)) : this.options.limits.requestTimeoutMs;
  }

  /** Waits, when the endpoint said no request remains, until its window resets. */
  private async pace(endpoint: string, what: string): Promise<void> {
    const budget = this.budgets.get(endpoint);
    if (!budget || budget.remaining > 0) return;
    const waitMs = Math.min(budget.resetAtMs - this.options.clock.now(), this.options.limits.maxPaceWaitMs);
    const left = budget.limit ? `none of its ${budget.limit} requests` : "no request";
    await this.wait(waitMs, `Okta's rate limit on ${endpoint} has ${left} left until its window resets`, what);
    this.budgets.delete(endpoint);
  }

  /** A wait for a rate limit: said on stderr, refused at once when it would outlast --timeout, ended early by a signal. */
  private async wait(waitMs: number, why: string, what: string): Promise<void> {
    const { clock, deadline, signal } = this.options;
    if (deadline && clock.now() + waitMs > deadline.atMs) {
      const left = Math.max(0, deadline.atMs - clock.now());
      throw new TenantReadError(`${why}: waiting ${seconds(waitMs)} for it would outlast ${deadline.option} (${seconds(left)} left); try again later, or allow more time with --timeout`);
    }
    if (waitMs <= 0) return;
    this.options.onWait?.(`${why}: waiting ${seconds(waitMs)} before ${what}`);
    await clock.sleep(waitMs, signal);
    this.stopIfAborted(what);
  }

  private stopIfAborted(what: string): void {
    const signal = this.options.signal;
    if (!signal?.aborted) return;
    if (signal.reason === "timeout") throw this.timedOut(what);
    throw new StoppedError(stopSignalOf(signal) ?? "SIGINT", `while reading ${what}`);
  }

  private timedOut(what: string): TenantReadError {
    return new TenantReadError(`stopped at ${this.options.deadline?.option ?? "--timeout"}: ${what} had not finished; allow more time with --timeout`);
  }

  private describeTransportFailure(error: unknown, what: string): Error {
    if (!(error instanceof TransportError)) return error instanceof Error ? error : new Error(String(error));
    if (error.kind === "aborted") {
      this.stopIfAborted(what);
      return new TenantReadError(`${what} was abandoned`);
    }
    if (error.kind === "deadline") return new TenantReadError(`${this.orgUrl} did not answer ${what} in time`);
    if (error.kind === "too_large") return new TenantReadError(`unexpected response from ${what}: the body is larger than ${this.options.limits.maxBodyBytes / 1024 / 1024} MiB`);
    return new TenantReadError(`could not reach ${this.orgUrl} for ${what}: ${error.code ?? "network error"}`);
  }

  /** The request's headers as sent, the credential in `Authorization` (and a DPoP proof) learnt for masking. */
  private headersOf(request: ExecutorRequest): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) if (value !== undefined && value !== null) headers[name] = String(value);
    for (const [name, value] of Object.entries(headers)) {
      if (/^authorization$/i.test(name)) this.options.onCredential?.(value.replace(/^\S+\s+/, ""));
      if (/^dpop$/i.test(name)) this.options.onCredential?.(value);
    }
    return headers;
  }

  /** The token request's signed client assertion (a JWT), masked before Okta can echo it. */
  private learnFromForm(body: string): void {
    const assertion = new URLSearchParams(body).get("client_assertion");
    if (assertion) this.options.onCredential?.(assertion);
  }

  /** The access token (and any refresh or id token) the token endpoint hands out. */
  private async learnAccessToken(response: HttpResponse): Promise<void> {
    try {
      const body = (await response.json()) as Record<string, unknown>;
      for (const field of ["access_token", "refresh_token", "id_token"]) if (typeof body[field] === "string") this.options.onCredential?.(body[field] as string);
    } catch {
      // Not JSON: nothing handed out.
    }
  }

  /** `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` (epoch seconds, read against the server's Date). */
  private learn(endpoint: string, response: HttpResponse): void {
    const remaining = integer(response.headers.get("x-rate-limit-remaining"));
    const reset = integer(response.headers.get("x-rate-limit-reset"));
    if (remaining === undefined || reset === undefined) {
      // No headers this time: count the request against what is known.
      const known = this.budgets.get(endpoint);
      if (known) known.remaining = Math.max(0, known.remaining - 1);
      return;
    }
    const serverNow = Date.parse(response.headers.get("date") ?? "");
    const skew = Number.isNaN(serverNow) ? 0 : this.options.clock.now() - serverNow;
    this.budgets.set(endpoint, { limit: integer(response.headers.get("x-rate-limit-limit")), remaining, resetAtMs: reset * 1000 + skew });
  }

  /** Checks a success body before the SDK's deserializer sees it (the body is read whole already). */
  private async check(response: HttpResponse, request: ExecutorRequest, what: string): Promise<HttpResponse> {
    const next = nextLink(response.headers.get("link"));
    if (next) {
      let target: URL;
      try {
        target = new URL(next, this.orgUrl);
      } catch {
        throw new TenantReadError(`unexpected response from ${what}: its next-page link is not a URL`);
      }
      if (target.origin !== this.orgUrl) {
        throw new TenantReadError(`unexpected response from ${what}: its next-page link leaves ${this.orgUrl} (for ${target.origin}); the credentials are not sent there`);
      }
    }
    if (response.status === 204 || what.endsWith("/oauth2/v1/token")) return response;
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new TenantReadError(`unexpected response from ${what}: the body is not JSON (HTTP ${response.status}, ${text.length} bytes)`);
    }
    if (request.isCollection && !Array.isArray(body)) throw new TenantReadError(`unexpected response from ${what}: expected a JSON array, got ${describeJson(body)}`);
    return response;
  }
}

function urlOf(request: ExecutorRequest): string {
  const url = request.url;
  return typeof url === "string" ? url : (url?.href ?? String(url));
}

/**
 * The rate-limit bucket of a request: the method and the path with ids replaced, as Okta counts
 * (`/api/v1/users/{id}`, `/api/v1/apps/{id}/users`, ...). Ids sit at every other segment after the
 * collection name: /api/v1/<collection>/<id>/<sub-collection>/<id>.
 */
function endpointOf(request: ExecutorRequest, url: URL): string {
  const segments = url.pathname.split("/").map((segment, index) => (url.pathname.startsWith("/api/") && index >= 4 && index % 2 === 0 ? "{id}" : segment));
  return `${(request.method ?? request.httpMethod ?? "GET").toUpperCase()} ${segments.join("/")}`;
}

/** The `rel="next"` target of a Link header (RFC 8288), which the SDK's Collection will request next. */
function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /\brel\s*=\s*"?next"?/i.test(match[2])) return match[1];
  }
  return undefined;
}

/** How long a 429 asks to wait: `Retry-After` (seconds or an HTTP date), else `X-Rate-Limit-Reset` (epoch seconds). */
export function retryDelayMs(headers: { get(name: string): string | null }, nowMs: number, defaultWaitMs: number): number {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  const reset = headers.get("x-rate-limit-reset")?.trim();
  if (reset && /^\d+$/.test(reset)) {
    // Measured against the server's own clock when it sends one, so local clock skew does not matter.
    const serverNow = Date.parse(headers.get("date") ?? "");
    const reference = Number.isNaN(serverNow) ? nowMs : serverNow;
    return Math.max(0, Number(reset) * 1000 - reference);
  }
  return defaultWaitMs;
}

// The SDK turns an OAuth error body ({error, error_description}) into an error without either field, so it is read here.
async function throwTokenError(response: HttpResponse): Promise<void> {
  const text = await response.text().catch(() => "");
  let body: { error?: unknown; error_description?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON: reported by status alone.
  }
  // Left to the SDK, which retries with the DPoP nonce.
  if (body.error === "use_dpop_nonce") return;
  const firstLine = (value: unknown) => (typeof value === "string" ? value.split("\n")[0] : undefined);
  throw new OAuthTokenError(response.status, firstLine(body.error), firstLine(body.error_description));
}

function integer(text: string | null): number | undefined {
  return text && /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
