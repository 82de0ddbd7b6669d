import { RequestExecutor } from "@okta/okta-sdk-nodejs";
import { OAuthTokenError, TenantReadError } from "./client";
import type { Clock } from "./wait";

/**
 * The Okta SDK's extension point for sending requests (`RequestExecutor`), made a good citizen of
 * the tenant. Every request of the SDK, its OAuth token request and each `Collection` page pass
 * through `fetch` here, which
 * - paces itself on `X-Rate-Limit-Remaining` / `X-Rate-Limit-Reset` of each endpoint, so that no
 *   request is sent while the endpoint has said none remain (Okta counts per endpoint; DESIGN.md);
 * - retries a 429 a bounded number of times within a bounded total wait (the SDK's own
 *   `DefaultRequestExecutor` reads only `X-Rate-Limit-Reset` and is unbounded in time);
 * - sends nothing outside the org's origin and refuses a `Link: rel="next"` that leaves it, so a
 *   Collection never carries the credentials elsewhere; redirects are not followed;
 * - refuses a success body that is not JSON, and a Collection page that is not a JSON array,
 *   before the SDK's deserializer sees it.
 */

export interface RetryLimits {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** The most verify waits on 429s over the whole run. */
  maxTotalWaitMs: number;
  /** How long one request may take before it is abandoned. */
  requestTimeoutMs: number;
  /** The wait when a 429 names no reset time. */
  defaultWaitMs: number;
  /** The longest single pause for an endpoint's rate-limit window (Okta's windows are one minute). */
  maxPaceWaitMs: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = { maxAttempts: 4, maxTotalWaitMs: 60_000, requestTimeoutMs: 30_000, defaultWaitMs: 1_000, maxPaceWaitMs: 61_000 };

/** The parts of a node-fetch response used here. */
export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  clone(): HttpResponse;
}

interface ExecutorRequest {
  url?: string | { href?: string; toString(): string };
  method?: string;
  httpMethod?: string;
  timeout?: number;
  redirect?: string;
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
    private readonly limits: RetryLimits,
    private readonly clock: Clock,
    private readonly signal?: AbortSignal,
  ) {
    super();
  }

  async fetch(request: ExecutorRequest): Promise<HttpResponse> {
    const url = new URL(urlOf(request));
    const what = `${(request.method ?? request.httpMethod ?? "GET").toUpperCase()} ${url.pathname}`;
    // The SDK follows `Link` headers itself; a request off the org's origin would carry the credentials there.
    if (url.origin !== this.orgUrl) throw new TenantReadError(`refused to send ${what} to ${url.origin}: only ${this.orgUrl} receives the credentials`);
    const endpoint = endpointOf(request, url);
    for (let attempt = 1; ; attempt++) {
      await this.pace(endpoint);
      request.timeout = this.limits.requestTimeoutMs;
      // A redirect would carry the credentials to wherever it points: treat it as an unexpected answer.
      request.redirect = "manual";
      this.sent.push(what);
      const response = (await super.fetch(request as never)) as unknown as HttpResponse;
      this.learn(endpoint, response);
      if (response.status !== 429) {
        if (response.status >= 400 && url.pathname.endsWith("/oauth2/v1/token")) await throwTokenError(response);
        if (response.status >= 200 && response.status < 300) return await this.check(response, request, what);
        return response;
      }
      const delayMs = retryDelayMs(response.headers, this.clock.now(), this.limits.defaultWaitMs);
      if (attempt >= this.limits.maxAttempts) {
        throw new TenantReadError(`Okta kept rate-limiting ${what} (HTTP 429 ${attempt} times); try again in a few minutes`);
      }
      if (this.waitedMs + delayMs > this.limits.maxTotalWaitMs) {
        throw new TenantReadError(
          `Okta rate-limited ${what} (HTTP 429) and asks to wait ${seconds(delayMs)}, beyond verify's ${seconds(this.limits.maxTotalWaitMs)} retry budget (${seconds(this.waitedMs)} used); try again later`,
        );
      }
      await response.text().catch(() => undefined);
      await this.clock.sleep(delayMs);
      this.waitedMs += delayMs;
    }
  }

  /** Waits, when the endpoint said no request remains, until its window resets. */
  private async pace(endpoint: string): Promise<void> {
    const budget = this.budgets.get(endpoint);
    if (!budget || budget.remaining > 0) return;
    const waitMs = budget.resetAtMs - this.clock.now();
    if (waitMs > 0) await this.clock.sleep(Math.min(waitMs, this.limits.maxPaceWaitMs), this.signal);
    if (this.signal?.aborted) throw new TenantReadError("stopped while waiting for Okta's rate limit to reset");
    this.budgets.delete(endpoint);
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
    const skew = Number.isNaN(serverNow) ? 0 : this.clock.now() - serverNow;
    this.budgets.set(endpoint, { limit: integer(response.headers.get("x-rate-limit-limit")), remaining, resetAtMs: reset * 1000 + skew });
  }

  /** Reads the body once (a node-fetch clone of a large body stalls until both copies are read) and hands the SDK a replay of it. */
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
    return replay(response, text);
  }
}

/** The response with its body already read: what the SDK's Http, Collection and errorFilter call on it. */
function replay(response: HttpResponse, text: string): HttpResponse {
  const copy: HttpResponse & Record<string, unknown> = {
    status: response.status,
    ok: true,
    statusText: (response as unknown as { statusText?: string }).statusText,
    url: (response as unknown as { url?: string }).url,
    headers: response.headers,
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
    buffer: async () => Buffer.from(text),
    clone: () => replay(response, text),
  };
  return copy;
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
  const text = await response.clone().text().catch(() => "");
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

export function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
