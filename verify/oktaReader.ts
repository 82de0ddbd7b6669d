import * as okta from "@okta/okta-sdk-nodejs";
import { Connection, Credentials, isLoopbackHost } from "./connection";
import { systemClock } from "./clock";
import type { Clock } from "./clock";
import { TenantReadError } from "./errors";
import { buildUrl, nextPage, Query } from "./paging";
import { BoundedRetryExecutor, DEFAULT_RETRY_LIMITS, HttpResponse, OAuthTokenError, RetryLimits } from "./requestExecutor";

/** Read-only access to the Okta management API, returning parsed JSON that callers validate. */
export interface OktaReader {
  /** One resource, or `undefined` when Okta answers 404. */
  get(path: string, query?: Query): Promise<unknown>;
  /** A whole collection, following every `Link: <...>; rel="next"` header. */
  list(path: string, query?: Query): Promise<unknown[]>;
}

export interface ReaderOptions {
  clock?: Clock;
  limits?: Partial<RetryLimits>;
  /** Stops a collection that never ends (a System Log polling query, a server bug). */
  maxPages?: number;
}

const DEFAULT_MAX_PAGES = 100;

/** Which scope each API area needs: named when Okta answers 403. */
const SCOPE_BY_PATH: ReadonlyArray<[RegExp, string]> = [
  [/^\/api\/v1\/logs/, "okta.logs.read"],
  [/^\/api\/v1\/devices/, "okta.devices.read"],
  [/^\/api\/v1\/users/, "okta.users.read"],
  [/^\/api\/v1\/apps/, "okta.apps.read"],
  [/^\/api\/v1\/policies/, "okta.policies.read"],
];

export function createOktaReader(connection: Connection, options: ReaderOptions = {}): OktaReader {
  const executor = new BoundedRetryExecutor({ ...DEFAULT_RETRY_LIMITS, ...options.limits }, options.clock ?? systemClock);
  const client = new okta.Client({
    orgUrl: connection.orgUrl,
    requestExecutor: executor,
    // The SDK caches GET responses by default; every read here must see the tenant as it is now.
    cacheMiddleware: null,
    ...sdkCredentials(connection.credentials),
  });
  // A loopback test server is never reached through a proxy taken from HTTPS_PROXY.
  if (isLoopbackHost(new URL(connection.orgUrl).hostname)) client.http.agent = undefined;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;

  async function fetchJson(url: URL): Promise<{ body: unknown; response: HttpResponse }> {
    const what = `GET ${url.pathname}`;
    let response: HttpResponse;
    try {
      // The SDK types these options on node-fetch's, whose type package is not installed.
      const request = { method: "get", headers: { Accept: "application/json" } } as never;
      response = (await client.http.http(url.href, request)) as unknown as HttpResponse;
    } catch (error) {
      throw describeFailure(error, what, connection);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw describeFailure(error, what, connection);
    }
    try {
      return { body: JSON.parse(text) as unknown, response };
    } catch {
      throw new TenantReadError(`unexpected response from ${what}: the body is not JSON (HTTP ${response.status}, ${text.length} bytes)`);
    }
  }

  return {
    async get(path, query) {
      try {
        return (await fetchJson(buildUrl(connection.orgUrl, path, query))).body;
      } catch (error) {
        if (error instanceof NotFound) return undefined;
        throw error;
      }
    },
    async list(path, query) {
      const items: unknown[] = [];
      let url: URL | undefined = buildUrl(connection.orgUrl, path, query);
      const seen = new Set<string>();
      for (let page = 1; url; page++) {
        const what = `GET ${url.pathname}`;
        if (page > maxPages) {
          const hint = url.pathname === "/api/v1/logs" ? "; narrow the time window with --since" : "";
          throw new TenantReadError(`${what} returned more than ${maxPages} pages${hint}`);
        }
        seen.add(url.href);
        const { body, response } = await fetchJson(url).catch((error: unknown) => {
          throw error instanceof NotFound ? new TenantReadError(`unexpected response from ${what}: HTTP 404`) : error;
        });
        if (!Array.isArray(body)) throw new TenantReadError(`unexpected response from ${what}: expected a JSON array, got ${describeJson(body)}`);
        items.push(...body);
        url = nextPage(response.headers.get("link"), connection.orgUrl, what);
        if (url && seen.has(url.href)) throw new TenantReadError(`unexpected response from ${what}: its next-page link points back to a page already read`);
      }
      return items;
    },
  };
}

function sdkCredentials(credentials: Credentials) {
  if (credentials.kind === "apiToken") return { authorizationMode: "SSWS", token: credentials.token };
  return {
    authorizationMode: "PrivateKey",
    clientId: credentials.clientId,
    scopes: credentials.scopes,
    privateKey: credentials.privateKey,
    keyId: credentials.keyId,
  };
}

class NotFound extends Error {}

interface FailureShape {
  name?: string;
  status?: number | string;
  errorCode?: string;
  errorSummary?: string;
  errorCauses?: Array<{ errorSummary?: string }>;
  url?: string;
  headers?: { get(name: string): string | null };
  type?: string;
  code?: string;
  message?: string;
}

/** Turns anything the SDK or the network throws into a one-line TenantReadError (or NotFound). */
function describeFailure(error: unknown, what: string, connection: Connection): Error {
  if (error instanceof TenantReadError) return error;
  if (error instanceof OAuthTokenError) return describeTokenFailure(error, connection.credentials);
  const failure = (typeof error === "object" && error !== null ? error : { message: String(error) }) as FailureShape;
  const status = failure.status === undefined ? undefined : Number(failure.status);
  if (status === 404) return new NotFound(what);
  if (status !== undefined) return describeHttpFailure(failure, status, what, connection.credentials);
  if (failure.name === "FetchError") {
    if (failure.type === "request-timeout" || failure.type === "body-timeout") return new TenantReadError(`${connection.orgUrl} did not answer ${what} in time`);
    return new TenantReadError(`could not reach ${connection.orgUrl} for ${what}: ${failure.code ?? failure.type ?? "network error"}`);
  }
  if (/private key|key type|PEM|JWK/i.test(failure.message ?? "")) {
    return new TenantReadError("could not sign the service app's client assertion with OKTA_API_PRIVATE_KEY: use the RSA private key registered for OKTA_API_CLIENT_ID");
  }
  return new TenantReadError(`could not read ${what}: ${(failure.message ?? "unknown error").split("\n")[0]}`);
}

function describeHttpFailure(failure: FailureShape, status: number, what: string, credentials: Credentials): TenantReadError {
  const okta = oktaSays(failure, status);
  if (status === 401) {
    return new TenantReadError(
      credentials.kind === "apiToken"
        ? `Okta rejected OKTA_API_TOKEN for ${what} (${okta}): check the token is active and belongs to this org`
        : `Okta rejected the service app's access token for ${what} (${okta}): check OKTA_API_CLIENT_ID and its key`,
    );
  }
  if (status === 403) {
    const scope = requiredScope(failure, what);
    const fix =
      credentials.kind === "apiToken"
        ? `the API token's admin lacks the permission behind ${scope}`
        : `grant ${scope} to the service app (Okta API Scopes) and include it in OKTA_API_SCOPES`;
    return new TenantReadError(`missing scope ${scope}: Okta refused ${what} (${okta}); ${fix}`);
  }
  if (status >= 300 && status < 400) return new TenantReadError(`unexpected response from ${what}: HTTP ${status} redirect (not followed)`);
  return new TenantReadError(`unexpected response from ${what}: ${okta}`);
}

function describeTokenFailure(error: OAuthTokenError, credentials: Credentials): TenantReadError {
  const reason = [`HTTP ${error.status}`, error.error, error.description].filter(Boolean).join(" ");
  if (error.error === "invalid_scope" && credentials.kind === "privateKey") {
    return new TenantReadError(`Okta refused the scopes ${credentials.scopes.join(" ")} (${reason}): grant them to the service app (Okta API Scopes) or narrow OKTA_API_SCOPES`);
  }
  return new TenantReadError(`Okta refused the service app's sign-in at /oauth2/v1/token (${reason}): check OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID and the public key registered for the app`);
}

function oktaSays(failure: FailureShape, status: number): string {
  const causes = (failure.errorCauses ?? []).map((cause) => cause.errorSummary).filter(Boolean);
  const summary = [failure.errorCode, failure.errorSummary].filter(Boolean).join(" ");
  if (!summary) return `HTTP ${status}`;
  return `HTTP ${status} ${summary}${causes.length > 0 ? `: ${causes.join("; ")}` : ""}`;
}

function requiredScope(failure: FailureShape, what: string): string {
  const challenge = failure.headers?.get?.("www-authenticate") ?? "";
  const fromChallenge = /\bscope="([^"]+)"/.exec(challenge)?.[1];
  if (fromChallenge) return fromChallenge;
  const path = what.replace(/^[A-Z]+ /, "");
  return SCOPE_BY_PATH.find(([pattern]) => pattern.test(path))?.[1] ?? "a read scope";
}

function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
