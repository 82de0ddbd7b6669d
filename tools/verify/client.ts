import { createPrivateKey, type JsonWebKey } from "crypto";
import type * as okta from "@okta/okta-sdk-nodejs";
import type { SystemLogApiResponseProcessor as ResponseProcessor } from "@okta/okta-sdk-nodejs/src/types/generated/apis/SystemLogApi";
import type { ResponseContext } from "@okta/okta-sdk-nodejs/src/types/generated/http/http";
import { OKTA_SCOPE } from "../../policies/okta";
import { CommandError, UsageError } from "../command";
import type { Environment } from "../redact";
import type { RetryLimits } from "./executor";
import { VerifyExitCode } from "./report";
import { Clock, systemClock } from "./wait";

/**
 * The Okta client verify reads the tenant with: where the org is, the credentials (the provider's
 * own variables), the SDK's typed APIs over the paced executor, and every failure mapped to one
 * line that says what to fix. The SDK (and the executor built on it) is loaded only by `connect`:
 * it takes a while to load, which a usage error need not wait for.
 */

/** The tenant could not be read: credentials, a missing scope, the network, or an unexpected answer. Exit 4. */
export class TenantReadError extends CommandError {
  constructor(message: string) {
    super(message, VerifyExitCode.tenantUnreadable);
  }
}

/** Okta's token endpoint refused the service app; `error` is the OAuth error code such as invalid_scope. */
export class OAuthTokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string | undefined,
    readonly description: string | undefined,
  ) {
    super(`token request failed: HTTP ${status} ${error ?? ""}`.trim());
  }
}

// ---------------------------------------------------------------------------------------------
// Where and as whom

/** The OAuth scopes verify reads with; the default of OKTA_API_SCOPES. */
export const VERIFY_SCOPES: readonly string[] = ["okta.logs.read", "okta.devices.read", "okta.policies.read", "okta.apps.read", "okta.users.read"];

export type Credentials =
  | { kind: "apiToken"; token: string }
  | { kind: "privateKey"; clientId: string; privateKey: string; keyId?: string; scopes: string[] };

export interface Connection {
  /** The org's origin, e.g. `https://acme.okta.com`, without a trailing slash. */
  orgUrl: string;
  credentials: Credentials;
}

/** The stack's `okta:orgName` and `okta:baseUrl`, where it sets them. */
export interface OrgLocation {
  orgName?: string;
  baseUrl?: string;
}

export function resolveConnection(org: OrgLocation, env: Environment): Connection {
  return { orgUrl: resolveOrgUrl(org, env), credentials: resolveCredentials(env) };
}

/**
 * `OKTA_ORG_URL` when set (loopback tests), else `https://<org name>.<base URL>`, each taken from the
 * stack (`okta:orgName`, `okta:baseUrl`) or, as the provider does, from `OKTA_ORG_NAME` and
 * `OKTA_BASE_URL` (default okta.com). Plain http is accepted for loopback hosts only.
 */
export function resolveOrgUrl(org: OrgLocation, env: Environment): string {
  const fromEnv = env.OKTA_ORG_URL?.trim();
  const orgName = org.orgName ?? (env.OKTA_ORG_NAME?.trim() || undefined);
  const baseUrl = org.baseUrl ?? (env.OKTA_BASE_URL?.trim() || "okta.com");
  if (!fromEnv && !orgName) {
    throw new UsageError("no Okta org: set okta:orgName (and okta:baseUrl) in the stack file, or export OKTA_ORG_NAME (and OKTA_BASE_URL) as for pulumi up");
  }
  const source = fromEnv ? "OKTA_ORG_URL" : org.orgName ? "okta:orgName and okta:baseUrl" : "OKTA_ORG_NAME and OKTA_BASE_URL";
  const text = fromEnv || `https://${orgName}.${baseUrl}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source}: "${text}" is not a URL such as https://acme.okta.com`);
  }
  if (url.username || url.password) throw new UsageError(`${source}: the org URL must not carry a user name or password`);
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    throw new UsageError(`${source}: expected the org URL alone, such as https://acme.okta.com, without a path`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new UsageError(`${source}: ${url.origin} uses plain http, which is accepted only for loopback hosts (tests); use https`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UsageError(`${source}: expected an https URL, not ${url.protocol}`);
  return url.origin;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The provider's own variables: `OKTA_API_TOKEN`, or an OAuth service app: `OKTA_API_CLIENT_ID` +
 * `OKTA_API_PRIVATE_KEY` (PEM or JWK), optional `OKTA_API_PRIVATE_KEY_ID` and `OKTA_API_SCOPES`.
 * Messages name the variables, never their values.
 */
function resolveCredentials(env: Environment): Credentials {
  const token = env.OKTA_API_TOKEN?.trim();
  const clientId = env.OKTA_API_CLIENT_ID?.trim();
  const privateKey = env.OKTA_API_PRIVATE_KEY?.trim();
  if (token && (clientId || privateKey)) {
    throw new UsageError("set either OKTA_API_TOKEN or OKTA_API_CLIENT_ID with OKTA_API_PRIVATE_KEY, not both");
  }
  if (token) return { kind: "apiToken", token };
  if (!clientId && !privateKey) {
    throw new UsageError("no Okta credentials: set OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY for an OAuth service app");
  }
  if (!clientId) throw new UsageError("OKTA_API_PRIVATE_KEY is set but OKTA_API_CLIENT_ID is not: set the service app's client id");
  if (!privateKey) throw new UsageError("OKTA_API_CLIENT_ID is set but OKTA_API_PRIVATE_KEY is not: set the service app's private key (PEM or JWK)");
  return {
    kind: "privateKey",
    clientId,
    privateKey: normalisePrivateKey(privateKey),
    keyId: env.OKTA_API_PRIVATE_KEY_ID?.trim() || undefined,
    scopes: parseScopes(env.OKTA_API_SCOPES),
  };
}

// CI systems often store a PEM on one line with literal "\n" sequences.
function normalisePrivateKey(text: string): string {
  const pem = text.startsWith("-----BEGIN") && !text.includes("\n") ? text.replace(/\\n/g, "\n") : text;
  try {
    if (pem.startsWith("{")) {
      const jwk = JSON.parse(pem) as { d?: unknown };
      if (typeof jwk.d !== "string") throw new Error("public key");
      createPrivateKey({ key: jwk as JsonWebKey, format: "jwk" });
    } else {
      createPrivateKey(pem);
    }
  } catch {
    throw new UsageError("OKTA_API_PRIVATE_KEY is not a private key in PEM or JWK form (its value is not shown)");
  }
  return pem;
}

/**
 * The scopes verify asks for: the read scopes it needs, and any other read scope OKTA_API_SCOPES
 * names (okta.authenticators.read, say). Manage scopes are left out, as verify never writes; so an
 * admin who exported the provisioning scopes for `pulumi up` runs verify unchanged.
 */
function parseScopes(text: string | undefined): string[] {
  const scopes = (text ?? "").split(/[\s,]+/).filter(Boolean);
  const invalid = scopes.filter((scope) => !OKTA_SCOPE.test(scope));
  if (invalid.length > 0) throw new UsageError(`OKTA_API_SCOPES: ${invalid.map((s) => `"${s}"`).join(", ")} is not an Okta scope such as okta.logs.read`);
  return [...new Set([...VERIFY_SCOPES, ...scopes.filter((scope) => scope.endsWith(".read"))])];
}

// ---------------------------------------------------------------------------------------------
// What verify reads, on the SDK's typed APIs

/**
 * A System Log event with the `device` block Okta sends for sign-on evaluations. The Management
 * API's `LogEvent` model in okta-sdk-nodejs 8.1.0 has no `device` property and is not extensible
 * (src/types/generated/models/LogEvent.d.ts; api-docs/LogEvent.md), so its deserializer drops the
 * block; its shape is the SDK's own `LogDevice` (src/types/generated/models/LogDevice.d.ts).
 */
export type OktaLogEvent = okta.LogEvent & { device?: okta.LogDevice | null };

export interface ReadOptions {
  clock?: Clock;
  limits?: Partial<RetryLimits>;
  /** Stops a collection that never ends (a System Log polling query, a server bug). */
  maxPages?: number;
  /** Aborts a wait for a rate-limit window (Ctrl-C). */
  signal?: AbortSignal;
}

/** The reads verify makes, each one request or one paged Collection of the SDK. */
export interface Tenant {
  orgUrl: string;
  /** Every request sent so far, as "METHOD /path". */
  readonly sent: readonly string[];
  /** Bookmark candidates: `GET /api/v1/apps?q=<label>` (ApplicationApi.listApplications). */
  findApps(label: string): Promise<okta.Application[]>;
  /** `GET /api/v1/apps/{id}`; undefined on 404. */
  getApp(appId: string): Promise<okta.Application | undefined>;
  /** `GET /api/v1/policies?type=ACCESS_POLICY&q=<name>` (PolicyApi.listPolicies). */
  findAccessPolicies(name: string): Promise<okta.Policy[]>;
  /** `GET /api/v1/policies/{id}`; undefined on 404. */
  getPolicy(policyId: string): Promise<okta.Policy | undefined>;
  /** `GET /api/v1/policies/{id}/rules` (PolicyApi.listPolicyRules). */
  listRules(policyId: string): Promise<okta.AccessPolicyRule[]>;
  /** Every assignment of the app with the user embedded: `GET /api/v1/apps/{id}/users?expand=user`, paged. */
  listAppUsers(appId: string): Promise<okta.AppUser[]>;
  /** `GET /api/v1/users/{id or login}`; undefined on 404. */
  getUser(idOrLogin: string): Promise<okta.User | undefined>;
  /** One bounded System Log query (`since` and `until`), every page of it. */
  listLogEvents(query: { since: Date; until: Date; filter: string }): Promise<OktaLogEvent[]>;
  /** `GET /api/v1/users/{id}/devices` (UserApi.listUserDevices): without management status. */
  listUserDevices(userId: string): Promise<okta.UserDevice[]>;
  /** `GET /api/v1/devices?search=...&expand=user` (DeviceApi.listDevices): with `_embedded.users[].managementStatus`. */
  searchDevices(search: string): Promise<okta.DeviceList[]>;
  /** `GET /api/v1/users/{id}/factors` (UserFactorApi.listFactors). */
  listFactors(userId: string): Promise<okta.UserFactor[]>;
  /** `GET /api/v1/authenticators` (AuthenticatorApi.listAuthenticators). */
  listAuthenticators(): Promise<okta.AuthenticatorBase[]>;
  /** `GET /.well-known/okta-organization` (OrgSettingApi.getWellknownOrgMetadata): `pipeline` idx or v1. */
  getOrgMetadata(): Promise<okta.WellKnownOrgMetadata>;
}

const DEFAULT_MAX_PAGES = 100;

/** Which scope each API area needs: named when Okta answers 403. */
const SCOPE_BY_PATH: ReadonlyArray<[RegExp, string]> = [
  [/^\/api\/v1\/logs/, "okta.logs.read"],
  [/^\/api\/v1\/devices/, "okta.devices.read"],
  [/^\/api\/v1\/users/, "okta.users.read"],
  [/^\/api\/v1\/apps/, "okta.apps.read"],
  [/^\/api\/v1\/policies/, "okta.policies.read"],
  [/^\/api\/v1\/authenticators/, "okta.authenticators.read"],
];

export function connect(connection: Connection, options: ReadOptions = {}): Tenant {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sdk = require("@okta/okta-sdk-nodejs") as typeof okta;
  const { DEFAULT_RETRY_LIMITS, PacedRetryExecutor } = require("./executor") as typeof import("./executor");
  // The generated response processor is not re-exported by the package index; its types live under src/types.
  const { SystemLogApiResponseProcessor } = require("@okta/okta-sdk-nodejs/src/generated/apis/SystemLogApi") as { SystemLogApiResponseProcessor: typeof ResponseProcessor };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const LogEventsWithDevice = logEventsWithDevice(SystemLogApiResponseProcessor);
  const clock = options.clock ?? systemClock;
  const executor = new PacedRetryExecutor(connection.orgUrl, { ...DEFAULT_RETRY_LIMITS, ...options.limits }, clock, options.signal);
  const client = new sdk.Client({
    orgUrl: connection.orgUrl,
    requestExecutor: executor,
    // The SDK caches GET responses by default; every read here must see the tenant as it is now.
    cacheMiddleware: null,
    ...sdkCredentials(connection.credentials),
  });
  // A loopback test server is never reached through a proxy taken from HTTPS_PROXY.
  if (isLoopbackHost(new URL(connection.orgUrl).hostname)) client.http.agent = undefined;
  const systemLog = new sdk.SystemLogApi(
    sdk.createConfiguration({ baseServer: new sdk.ServerConfiguration(connection.orgUrl, {}), httpApi: client.http }),
    undefined,
    new LogEventsWithDevice(),
  );
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const fail = (what: string) => (error: unknown) => {
    throw describeFailure(error, what, connection);
  };
  const one = <T>(what: string, request: () => Promise<T>): Promise<T | undefined> =>
    request().catch((error: unknown) => {
      if (statusOf(error) === 404) return undefined;
      throw describeFailure(error, what, connection);
    });
  const all = async <T>(what: string, open: () => Promise<okta.Collection<T>>): Promise<T[]> => {
    const collection = await open().catch(fail(what));
    const items: T[] = [];
    const seen = new Set<string>();
    for (let page = 1; collection.nextUri; page++) {
      if (page > maxPages) {
        throw new TenantReadError(`${what} returned more than ${maxPages} pages${what === "GET /api/v1/logs" ? "; narrow the time window with --since" : ""}`);
      }
      seen.add(collection.nextUri);
      const batch = (await collection.getNextPage().catch((error: unknown) => {
        throw statusOf(error) === 404 ? new TenantReadError(`unexpected response from ${what}: HTTP 404`) : describeFailure(error, what, connection);
      })) as unknown as T[];
      items.push(...batch);
      if (collection.nextUri && seen.has(collection.nextUri)) throw new TenantReadError(`unexpected response from ${what}: its next-page link points back to a page already read`);
    }
    return items;
  };
  const path = encodeURIComponent;

  return {
    orgUrl: connection.orgUrl,
    sent: executor.sent,
    findApps: async (label) =>
      need(await all("GET /api/v1/apps", () => client.applicationApi.listApplications({ q: label, limit: 200 })), "GET /api/v1/apps", ["id", "label", "status"]),
    getApp: async (appId) => {
      const app = await one(`GET /api/v1/apps/${appId}`, () => client.applicationApi.getApplication({ appId }));
      return app && needOne(app, "GET /api/v1/apps/{id}", ["id", "label", "status"]);
    },
    findAccessPolicies: async (name) =>
      need(await all("GET /api/v1/policies", () => client.policyApi.listPolicies({ type: "ACCESS_POLICY", q: name })), "GET /api/v1/policies", ["id", "name", "status"]),
    getPolicy: async (policyId) => {
      const policy = await one(`GET /api/v1/policies/${policyId}`, () => client.policyApi.getPolicy({ policyId }));
      return policy && needOne(policy, "GET /api/v1/policies/{id}", ["id", "name", "status"]);
    },
    listRules: async (policyId) => {
      const what = `GET /api/v1/policies/${path(policyId)}/rules`;
      return need((await all(what, () => client.policyApi.listPolicyRules({ policyId }))) as okta.AccessPolicyRule[], what, ["id", "name", "status"]);
    },
    listAppUsers: async (appId) => {
      const what = `GET /api/v1/apps/${path(appId)}/users`;
      return need(await all(what, () => client.applicationApi.listApplicationUsers({ appId, expand: "user", limit: 500 })), what, ["id"]);
    },
    getUser: async (userId) => {
      const user = await one("GET /api/v1/users/{id}", () => client.userApi.getUser({ userId }));
      return user && needOne(user as okta.User, "GET /api/v1/users/{id}", ["id", "status", "profile.login"]);
    },
    listLogEvents: async ({ since, until, filter }) =>
      need(
        await all("GET /api/v1/logs", () =>
          systemLog.listLogEvents({ since: since.toISOString(), until: until.toISOString(), filter, sortOrder: "ASCENDING", limit: 1000 }),
        ),
        "GET /api/v1/logs",
        ["uuid", "published", "eventType", "actor.id"],
      ),
    listUserDevices: async (userId) => {
      const what = `GET /api/v1/users/${path(userId)}/devices`;
      return need(await all(what, () => client.userApi.listUserDevices({ userId })), "GET /api/v1/users/{id}/devices", ["device.id"]);
    },
    searchDevices: async (search) => need(await all("GET /api/v1/devices", () => client.deviceApi.listDevices({ search, expand: "user" })), "GET /api/v1/devices", ["id"]),
    listFactors: async (userId) => {
      const what = `GET /api/v1/users/${path(userId)}/factors`;
      return need(await all(what, () => client.userFactorApi.listFactors({ userId })), "GET /api/v1/users/{id}/factors", ["factorType"]);
    },
    listAuthenticators: async () => need(await all("GET /api/v1/authenticators", () => client.authenticatorApi.listAuthenticators()), "GET /api/v1/authenticators", ["key"]),
    getOrgMetadata: async () => {
      const metadata = await one("GET /.well-known/okta-organization", () => client.orgSettingApi.getWellknownOrgMetadata());
      if (!metadata) throw new TenantReadError(`unexpected response from GET /.well-known/okta-organization: HTTP 404`);
      return metadata;
    },
  };
}

/** Keeps the `device` block of each System Log event, which the SDK's `LogEvent` model drops (see OktaLogEvent). */
function logEventsWithDevice(Base: typeof ResponseProcessor) {
  return class LogEventsWithDevice extends Base {
    async listLogEvents(response: ResponseContext): Promise<OktaLogEvent[]> {
      const text = await response.body.text();
      const replay = Object.assign(Object.create(Object.getPrototypeOf(response) as object) as ResponseContext, response, { body: { ...response.body, text: async () => text } });
      const events = (await super.listLogEvents(replay)) as OktaLogEvent[];
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        raw = undefined;
      }
      if (Array.isArray(raw)) events.forEach((event, index) => (event.device = (raw as Array<{ device?: okta.LogDevice | null }>)[index]?.device ?? null));
      return events;
    }
  };
}

function sdkCredentials(credentials: Credentials) {
  if (credentials.kind === "apiToken") return { authorizationMode: "SSWS", token: credentials.token };
  return { authorizationMode: "PrivateKey", clientId: credentials.clientId, scopes: credentials.scopes, privateKey: credentials.privateKey, keyId: credentials.keyId };
}

// ---------------------------------------------------------------------------------------------
// Fields verify cannot do without

/**
 * The SDK types every field optional and deserializes whatever arrives; a response without a field
 * verify needs is an unexpected response (exit 4), named by its first missing field.
 */
function need<T>(items: T[], what: string, paths: readonly string[]): T[] {
  items.forEach((item, index) => {
    const problem = missing(item, paths);
    if (problem) throw new TenantReadError(`unexpected response from ${what}: item ${index + 1}: ${problem}`);
  });
  return items;
}

function needOne<T>(item: T, what: string, paths: readonly string[]): T {
  const problem = missing(item, paths);
  if (problem) throw new TenantReadError(`unexpected response from ${what}: ${problem}`);
  return item;
}

function missing(item: unknown, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const value = path.split(".").reduce<unknown>((at, key) => (at !== null && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined), item);
    const present = value instanceof Date ? !Number.isNaN(value.getTime()) : typeof value === "string";
    if (!present) return `${path}: Invalid input: expected ${value instanceof Date ? "an ISO-8601 time" : "string"}, received ${value === null ? "null" : value instanceof Date ? "an invalid date" : typeof value}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Failures

interface FailureShape {
  name?: string;
  status?: number | string;
  errorCode?: string;
  errorSummary?: string;
  errorCauses?: Array<{ errorSummary?: string }>;
  url?: string;
  headers?: { get?(name: string): string | null };
  type?: string;
  code?: string;
  message?: string;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as FailureShape | undefined)?.status;
  return status === undefined ? undefined : Number(status);
}

/** Turns anything the SDK or the network throws into a one-line TenantReadError. */
function describeFailure(error: unknown, what: string, connection: Connection): Error {
  if (error instanceof TenantReadError) return error;
  if (error instanceof OAuthTokenError) return describeTokenFailure(error, connection.credentials);
  const failure = (typeof error === "object" && error !== null ? error : { message: String(error) }) as FailureShape;
  const status = statusOf(error);
  const where = failure.url ? `GET ${safePath(failure.url) ?? what.replace(/^GET /, "")}` : what;
  if (status !== undefined && !Number.isNaN(status)) return describeHttpFailure(failure, status, where, connection.credentials);
  if (failure.name === "FetchError") {
    if (failure.type === "request-timeout" || failure.type === "body-timeout") return new TenantReadError(`${connection.orgUrl} did not answer ${what} in time`);
    return new TenantReadError(`could not reach ${connection.orgUrl} for ${what}: ${failure.code ?? failure.type ?? "network error"}`);
  }
  if (/private key|key type|PEM|JWK/i.test(failure.message ?? "")) {
    return new TenantReadError("could not sign the service app's client assertion with OKTA_API_PRIVATE_KEY: use the RSA private key registered for OKTA_API_CLIENT_ID");
  }
  return new TenantReadError(`could not read ${what}: ${(failure.message ?? "unknown error").split("\n")[0]}`);
}

function safePath(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

function describeHttpFailure(failure: FailureShape, status: number, what: string, credentials: Credentials): TenantReadError {
  const says = oktaSays(failure, status);
  if (status === 401) {
    return new TenantReadError(
      credentials.kind === "apiToken"
        ? `Okta rejected OKTA_API_TOKEN for ${what} (${says}): check the token is active and belongs to this org`
        : `Okta rejected the service app's access token for ${what} (${says}): check OKTA_API_CLIENT_ID and its key`,
    );
  }
  if (status === 403) {
    const scope = requiredScope(failure, what);
    const fix =
      credentials.kind === "apiToken" ? `the API token's admin lacks the permission behind ${scope}` : `the service app's admin role lacks the permission behind ${scope}: give it a role that may read it (such as Read-only Administrator)`;
    return new TenantReadError(`missing scope ${scope}: Okta refused ${what} (${says}); ${fix}`);
  }
  if (status >= 300 && status < 400) return new TenantReadError(`unexpected response from ${what}: HTTP ${status} redirect (not followed)`);
  return new TenantReadError(`unexpected response from ${what}: ${says}`);
}

function describeTokenFailure(error: OAuthTokenError, credentials: Credentials): TenantReadError {
  const reason = [`HTTP ${error.status}`, error.error, error.description].filter(Boolean).join(" ");
  if (error.error === "invalid_scope" && credentials.kind === "privateKey") {
    return new TenantReadError(`Okta refused the scopes ${credentials.scopes.join(" ")} (${reason}): grant them to the service app (Okta API Scopes)`);
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
