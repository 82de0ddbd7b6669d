import { RequestExecutor } from "@okta/okta-sdk-nodejs";
import type { Clock } from "./clock";
import { TenantReadError } from "./errors";
import { retryDelayMs } from "./retryDelay";

export interface RetryLimits {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** The most verify waits on 429s over the whole run. */
  maxTotalWaitMs: number;
  /** How long one request may take before it is abandoned. */
  requestTimeoutMs: number;
  /** The wait when a 429 names no reset time. */
  defaultWaitMs: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = { maxAttempts: 4, maxTotalWaitMs: 60_000, requestTimeoutMs: 30_000, defaultWaitMs: 1_000 };

/** The parts of a node-fetch response this module and the reader use. */
export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

interface ExecutorRequest {
  url?: string;
  method?: string;
  timeout?: number;
  redirect?: string;
}

/** Okta's token endpoint refused the service app; `error` is the OAuth error code such as invalid_scope. */
export class OAuthTokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string | undefined,
    readonly description: string | undefined,
  ) {
    super(`token request failed: HTTP ${status} ${error ?? ""}`.trim());
    this.name = "OAuthTokenError";
  }
}

/**
 * Replaces the SDK's DefaultRequestExecutor, which honours only `X-Rate-Limit-Reset`, retries a
 * fixed number of times and, without a request timeout, may wait for as long as the header says.
 * This one also reads `Retry-After`, and gives up at once when a wait would exceed the run's budget.
 */
export class BoundedRetryExecutor extends RequestExecutor {
  private waitedMs = 0;

  constructor(
    private readonly limits: RetryLimits,
    private readonly clock: Clock,
  ) {
    super();
  }

  async fetch(request: ExecutorRequest): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      request.timeout = this.limits.requestTimeoutMs;
      // A redirect would carry the credentials to wherever it points: treat it as an unexpected answer.
      request.redirect = "manual";
      const response = (await super.fetch(request as never)) as unknown as HttpResponse & { clone(): HttpResponse };
      if (response.status !== 429) {
        if (response.status >= 400 && isTokenRequest(request)) await throwTokenError(response);
        return response;
      }
      const what = describeRequest(request);
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
}

function isTokenRequest(request: ExecutorRequest): boolean {
  return (request.url ?? "").split("?")[0].endsWith("/oauth2/v1/token");
}

// The SDK turns an OAuth error body ({error, error_description}) into an error without either field, so it is read here.
async function throwTokenError(response: HttpResponse & { clone(): HttpResponse }): Promise<void> {
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

function describeRequest(request: ExecutorRequest): string {
  const method = (request.method ?? "GET").toUpperCase();
  try {
    return `${method} ${new URL(request.url ?? "").pathname}`;
  } catch {
    return method;
  }
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}
