import { createPublicKey, randomBytes, verify as verifySignature, KeyObject } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";
import { answerDirectory, appAssignees } from "./fakeDirectory";

/**
 * A loopback stand-in for the parts of Okta's management API that verify reads. It answers with the
 * shapes of Okta's API reference: Link-header paging, SCIM `filter`/`search`, System Log bounded and
 * polling queries, SSWS and OAuth (private key JWT) authentication, scope checks and Okta error bodies.
 * Each route cites the operation of @okta/okta-sdk-nodejs 8.1.0 it answers (`src/types/generated/apis`,
 * the SDK generated from Okta's management OpenAPI spec) and the model its body deserializes into.
 */

type Json = Record<string, unknown>;

export interface FakeTenant {
  apps: Json[];
  policies: Json[];
  /** Rules by policy id. */
  rules: Record<string, Json[]>;
  users: Json[];
  /** User ids assigned to each app id. */
  assignments: Record<string, string[]>;
  logs: Json[];
  /** Devices as `/api/v1/devices?expand=user` returns them, with `_embedded.users`. */
  devices: Json[];
  /** Factors by user id, as `GET /api/v1/users/{id}/factors` returns them (UserFactor). */
  factors?: Record<string, Json[]>;
  /** `GET /api/v1/authenticators` (AuthenticatorBase); default Okta Verify as one authenticator. */
  authenticators?: Json[];
  /** `pipeline` of `/.well-known/okta-organization`: idx (Identity Engine, default) or v1 (Classic). */
  pipeline?: "idx" | "v1";
  /** Groups and their members' user ids (fakeDirectory.ts answers the Groups API). */
  groups?: Json[];
  groupMembers?: Record<string, string[]>;
  groupAssignments?: Record<string, string[]>;
}

export interface FakeOAuthApp {
  clientId: string;
  publicKey: KeyObject | string;
  grantedScopes: string[];
}

export interface Fault {
  path: string | RegExp;
  method?: string;
  /** How many requests it answers; default 1. */
  times?: number;
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is, so a test can send a body that is not JSON. */
  body: string | Json | Json[];
  /** Never answer: the request hangs until the fake stops. */
  hang?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
}

export interface FakeOktaOptions {
  /** The SSWS API token the fake accepts. */
  apiToken?: string;
  /** Scopes an SSWS token's admin may not use (answered with 403 and no scope challenge). */
  apiTokenDeniedScopes?: string[];
  oauthApp?: FakeOAuthApp;
  /** The most System Log events per page, whatever `limit` asks. */
  logPageSize?: number;
  /** A per-endpoint rate limit announced in X-Rate-Limit-* headers; a request beyond it gets a 429 and counts as a violation. */
  rateLimit?: { limit: number; windowMs: number };
  /** The fake's clock (default the real one): events after it are not published yet; rate-limit windows follow it. */
  now?: () => number;
}

const SCOPE_BY_PATH: ReadonlyArray<[RegExp, string]> = [
  [/^\/api\/v1\/logs$/, "okta.logs.read"],
  [/^\/api\/v1\/devices/, "okta.devices.read"],
  [/^\/api\/v1\/users\/[^/]+\/devices$/, "okta.users.read"],
  [/^\/api\/v1\/users/, "okta.users.read"],
  [/^\/api\/v1\/apps/, "okta.apps.read"],
  [/^\/api\/v1\/policies/, "okta.policies.read"],
  [/^\/api\/v1\/authenticators/, "okta.authenticators.read"],
  [/^\/api\/v1\/groups/, "okta.groups.read"],
];

/** A request as the fault injection of tests/verify/faults.ts sees it. */
export interface InterceptedRequest extends RecordedRequest {
  body: string;
}

export class FakeOkta {
  readonly requests: RecordedRequest[] = [];
  /** Fault injection (tests/verify/faults.ts): answers the request itself when it returns true. */
  intercept?: (request: InterceptedRequest, response: http.ServerResponse) => boolean;
  readonly faults: Fault[] = [];
  /** Requests sent while their endpoint had announced that none remained (Okta logs these as violations). */
  readonly violations: RecordedRequest[] = [];
  private readonly windows = new Map<string, { start: number; used: number }>();
  private readonly accessTokens = new Map<string, string[]>();
  /** The scopes of each access token requested, in order. */
  readonly tokenScopes: string[][] = [];
  private tokenCount = 0;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    public tenant: FakeTenant,
    readonly options: FakeOktaOptions,
  ) {}

  static async start(tenant: FakeTenant, options: FakeOktaOptions = {}): Promise<FakeOkta> {
    const started: { fake?: FakeOkta } = {};
    const server = http.createServer((request, response) => {
      started.fake?.handle(request, response).catch((error: unknown) => send(response, 500, oktaError("E0000009", `fake failed: ${String(error)}`)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    started.fake = new FakeOkta(server, `http://127.0.0.1:${port}`, tenant, options);
    return started.fake;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  /** Every access token the token endpoint handed out, in order. */
  accessTokensIssued(): string[] {
    return [...this.accessTokens.keys()];
  }

  requestsTo(path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((request) => (typeof path === "string" ? request.path === path : path.test(request.path)));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.url);
    const method = request.method ?? "GET";
    const body = await readBody(request);
    const recorded: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: request.headers.authorization };
    this.requests.push(recorded);
    if (this.intercept?.({ ...recorded, body }, response)) return;
    const limited = this.rateLimit(method, url.pathname, recorded, response);
    if (limited) return;
    for (const [name, value] of Object.entries(this.pendingHeaders)) response.setHeader(name, value);
    this.pendingHeaders = {};
    const fault = this.faults.find((candidate) => matches(candidate, method, url.pathname));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
      if (!fault.hang) send(response, fault.status, fault.body, fault.headers);
      return;
    }
    if (method === "GET" && url.pathname === "/.well-known/okta-organization") {
      // OrgSettingApi.getWellknownOrgMetadata; models/WellKnownOrgMetadata.d.ts (id, pipeline, settings, _links). No credentials needed.
      send(response, 200, { id: "00o1acme000000d7x1", pipeline: this.tenant.pipeline ?? "idx", settings: { analyticsCollectionEnabled: false, bugReportingEnabled: true, omEnabled: false }, _links: { organization: { href: this.url } } });
      return;
    }
    if (method === "POST" && url.pathname === "/oauth2/v1/token") {
      this.issueToken(body, response);
      return;
    }
    const denied = this.authorize(request.headers.authorization, url.pathname);
    if (denied) {
      send(response, denied.status, denied.body, denied.headers);
      return;
    }
    if (method !== "GET") {
      send(response, 405, oktaError("E0000022", "The endpoint does not support the provided HTTP method"));
      return;
    }
    this.route(url, response);
  }

  /**
   * Okta's rate limits as its headers announce them (X-Rate-Limit-Limit, -Remaining, -Reset in epoch
   * seconds, read against the Date header as okta-sdk-nodejs src/default-request-executor.js
   * getRetryDelayMs does), counted per endpoint (the path with ids replaced) in fixed windows of the fake's clock.
   */
  private rateLimit(method: string, path: string, recorded: RecordedRequest, response: http.ServerResponse): boolean {
    const limit = this.options.rateLimit;
    if (!limit) return false;
    const endpoint = `${method} ${path.split("/").map((segment, index) => (path.startsWith("/api/") && index >= 4 && index % 2 === 0 ? "{id}" : segment)).join("/")}`;
    const now = this.now();
    let window = this.windows.get(endpoint);
    if (!window || now >= window.start + limit.windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(endpoint, window);
    }
    window.used++;
    const remaining = Math.max(0, limit.limit - window.used);
    const headers = { "X-Rate-Limit-Limit": String(limit.limit), "X-Rate-Limit-Remaining": String(remaining), "X-Rate-Limit-Reset": String(Math.ceil((window.start + limit.windowMs) / 1000)), Date: new Date(now).toUTCString() };
    this.pendingHeaders = headers;
    if (window.used > limit.limit) {
      this.violations.push(recorded);
      send(response, 429, oktaError("E0000047", "API call exceeded rate limit due to too many requests."), headers);
      return true;
    }
    return false;
  }

  private pendingHeaders: Record<string, string> = {};

  /**
   * SSWS tokens act with their admin's permissions; bearer tokens need the scope of the API area, and
   * a missing one is a 403 E0000006 with a `WWW-Authenticate: Bearer ... error="insufficient_scope"`
   * challenge naming it (Okta's OAuth 2.0 for Okta APIs guide; the SDK's src/oauth.js requests them).
   */
  private authorize(header: string | undefined, path: string): { status: number; body: Json; headers?: Record<string, string> } | undefined {
    const scope = SCOPE_BY_PATH.find(([pattern]) => pattern.test(path))?.[1] ?? "okta.unknown.read";
    if (this.options.apiToken && header === `SSWS ${this.options.apiToken}`) {
      if (this.options.apiTokenDeniedScopes?.includes(scope)) return { status: 403, body: oktaError("E0000006", "You do not have permission to perform the requested action") };
      return undefined;
    }
    const bearer = /^Bearer (.+)$/.exec(header ?? "")?.[1];
    const granted = bearer ? this.accessTokens.get(bearer) : undefined;
    if (!granted) return { status: 401, body: oktaError("E0000011", "Invalid token provided") };
    if (!granted.includes(scope)) {
      return {
        status: 403,
        body: oktaError("E0000006", "You do not have permission to perform the requested action"),
        headers: {
          "WWW-Authenticate": `Bearer authorization_uri="${this.url}/oauth2/v1/authorize", realm="${this.url}", scope="${scope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${path}"`,
        },
      };
    }
    return undefined;
  }

  /** The org authorization server's token endpoint for a private-key JWT client assertion (the SDK's src/oauth.js, src/jwt.js). */
  private issueToken(body: string, response: http.ServerResponse): void {
    const form = new URLSearchParams(body);
    const app = this.options.oauthApp;
    const assertion = form.get("client_assertion") ?? "";
    if (!app || !validAssertion(assertion, app, `${this.url}/oauth2/v1/token`)) {
      send(response, 401, { error: "invalid_client", error_description: "The client_assertion signature is invalid." });
      return;
    }
    const requested = (form.get("scope") ?? "").split(" ").filter(Boolean);
    if (requested.some((scope) => !app.grantedScopes.includes(scope))) {
      send(response, 400, { error: "invalid_scope", error_description: "The authorization server does not allow the requested scope(s)." });
      return;
    }
    // Okta's access tokens for its APIs are JWTs (RS256): header, claims and signature, base64url.
    const claims = { ver: 1, jti: `AT.fake${++this.tokenCount}`, iss: this.url, aud: this.url, cid: app.clientId, scp: requested, exp: Math.floor(this.now() / 1000) + 3600 };
    const accessToken = [{ kid: "fake-kid", alg: "RS256" }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString("base64url")).join(".") + `.${randomBytes(64).toString("base64url")}`;
    this.accessTokens.set(accessToken, requested);
    this.tokenScopes.push(requested);
    send(response, 200, { token_type: "Bearer", expires_in: 3600, access_token: accessToken, scope: requested.join(" ") });
  }

  private route(url: URL, response: http.ServerResponse): void {
    const path = url.pathname;
    const query = url.searchParams;
    const tenant = this.tenant;
    let match: RegExpExecArray | null;
    if (path === "/api/v1/logs") return this.listLogs(url, response);
    // ApplicationApi.listApplications (`q` matches label or name by prefix); models/Application.d.ts.
    if (path === "/api/v1/apps") {
      const q = (query.get("q") ?? "").toLowerCase();
      return this.sendList(response, url, tenant.apps.filter((app) => String(app.label).toLowerCase().startsWith(q) || String(app.name).toLowerCase().startsWith(q)));
    }
    if ((match = /^\/api\/v1\/apps\/([^/]+)\/users$/.exec(path))) {
      // GET /api/v1/apps/{appId}/users?expand=user: AppUser objects, the user in _embedded.user
      // (okta-sdk-nodejs src/types/generated/models/AppUser.d.ts; ApplicationApi.listApplicationUsers).
      const appId = match[1];
      if (!tenant.apps.some((app) => app.id === appId)) return notFound(response, appId, "AppInstance");
      // Direct assignments and the members of assigned groups: fakeDirectory.ts, appAssignees.
      const assigned = appAssignees(tenant, appId);
      return this.sendList(response, url, assigned.map(({ user, scope }) => ({ ...appUser(user), scope, ...(query.get("expand") === "user" ? { _embedded: { user } } : {}) })));
    }
    // ApplicationApi.getApplicationUser: 404 when the user is not assigned (DESIGN.md, "App assignments"),
    // directly or through a group (the scope as in the listing: fakeDirectory.ts, appAssignees).
    if ((match = /^\/api\/v1\/apps\/([^/]+)\/users\/([^/]+)$/.exec(path))) {
      const [, appId, userId] = match;
      const assignee = tenant.apps.some((app) => app.id === appId) ? appAssignees(tenant, appId).find(({ user }) => user.id === userId) : undefined;
      if (!assignee) return notFound(response, userId, "AppUser");
      return send(response, 200, { ...appUser(assignee.user), scope: assignee.scope });
    }
    // ApplicationApi.getApplication; models/BookmarkApplication.d.ts.
    if ((match = /^\/api\/v1\/apps\/([^/]+)$/.exec(path))) {
      const app = tenant.apps.find((candidate) => candidate.id === match?.[1]);
      return app ? send(response, 200, app) : notFound(response, match[1], "AppInstance");
    }
    // PolicyApi.listPolicies: `type` is required (400 E0000001 without it); models/Policy.d.ts.
    if (path === "/api/v1/policies") {
      if (!query.get("type")) return send(response, 400, oktaError("E0000001", "Api validation failed: type", [{ errorSummary: "type: The field cannot be left blank" }]));
      const q = (query.get("q") ?? "").toLowerCase();
      return this.sendList(response, url, tenant.policies.filter((policy) => policy.type === query.get("type") && String(policy.name).toLowerCase().startsWith(q)));
    }
    // PolicyApi.listPolicyRules; models/AccessPolicyRule.d.ts (the catch-all: system, priority 99, conditions null).
    if ((match = /^\/api\/v1\/policies\/([^/]+)\/rules$/.exec(path))) {
      const rules = tenant.rules[match[1]];
      return rules ? this.sendList(response, url, rules) : notFound(response, match[1], "Policy");
    }
    // PolicyApi.getPolicy.
    if ((match = /^\/api\/v1\/policies\/([^/]+)$/.exec(path))) {
      const policy = tenant.policies.find((candidate) => candidate.id === match?.[1]);
      return policy ? send(response, 200, policy) : notFound(response, match[1], "Policy");
    }
    // UserApi.listUserDevices: a plain array of models/UserDevice.d.ts ({ created, device, deviceUserId }), no managementStatus.
    if ((match = /^\/api\/v1\/users\/([^/]+)\/devices$/.exec(path))) {
      const userId = match[1];
      const owned = tenant.devices.filter((device) => embeddedUsers(device).some((entry) => (entry.user as Json).id === userId));
      return send(
        response,
        200,
        owned.map((device) => ({ created: device.created, device: withoutEmbedded(device), deviceUserId: `${userId}-${String(device.id)}` })),
      );
    }
    // UserApi.getUser: by id or by login, case-insensitive; models/User.d.ts.
    if ((match = /^\/api\/v1\/users\/([^/]+)$/.exec(path))) {
      const key = decodeURIComponent(match[1]).toLowerCase();
      const user = tenant.users.find((candidate) => String(candidate.id).toLowerCase() === key || String((candidate.profile as Json).login).toLowerCase() === key);
      return user ? send(response, 200, user) : notFound(response, decodeURIComponent(match[1]), "User");
    }
    // UserFactorApi.listFactors; models/UserFactor.d.ts (FastPass is factorType signed_nonce).
    if ((match = /^\/api\/v1\/users\/([^/]+)\/factors$/.exec(path))) {
      return send(response, 200, tenant.factors?.[match[1]] ?? []);
    }
    // AuthenticatorApi.listAuthenticators; models/AuthenticatorBase.d.ts.
    if (path === "/api/v1/authenticators") {
      return send(response, 200, tenant.authenticators ?? [authenticator("okta_verify", "Okta Verify", "app")]);
    }
    // DeviceApi.listDevices: fakeDirectory.ts.
    const answer = answerDirectory(url, tenant, this.url);
    if (answer) return send(response, answer.status, answer.body, answer.headers);
    notFound(response, path, "Resource");
  }

  /**
   * SystemLogApi.listLogEvents (models/LogEvent.d.ts): bounded when both `since` and `until` are given
   * (finite pages), polling otherwise (a next link always), as Okta's System Log reference describes;
   * 400 E0000053 for a filter it cannot parse.
   */
  private listLogs(url: URL, response: http.ServerResponse): void {
    const query = url.searchParams;
    const filter = query.get("filter") ?? "";
    const matchesFilter = filter ? parseLogFilter(filter) : () => true;
    if (!matchesFilter) {
      return send(response, 400, oktaError("E0000053", `Invalid filter '${filter}'`));
    }
    const since = Date.parse(query.get("since") ?? "1970-01-01T00:00:00Z");
    const until = query.has("until") ? Date.parse(query.get("until") ?? "") : Number.POSITIVE_INFINITY;
    let events = this.tenant.logs.filter((event) => {
      const published = Date.parse(String(event.published));
      // The System Log shows only what has happened by the fake's own "now".
      if (published < since || published >= until || published > this.now()) return false;
      return matchesFilter(event);
    });
    events = events.sort((a, b) => Date.parse(String(a.published)) - Date.parse(String(b.published)));
    if (query.get("sortOrder") === "DESCENDING") events.reverse();
    const start = Number(query.get("after") ?? "0");
    const size = Math.min(Number(query.get("limit") ?? "100"), this.options.logPageSize ?? 1000);
    const page = events.slice(start, start + size);
    const polling = !query.has("until");
    const hasNext = polling || start + size < events.length;
    send(response, 200, page, { Link: this.links(url, hasNext ? String(start + page.length) : undefined) });
  }

  /** A collection page and its `Link: <...>; rel="next"` (the SDK's Collection follows it: src/collection.js). */
  private sendList(response: http.ServerResponse, url: URL, items: Json[]): void {
    const start = Number(url.searchParams.get("after") ?? "0");
    const size = Number(url.searchParams.get("limit") ?? "200");
    const page = items.slice(start, start + size);
    send(response, 200, page, { Link: this.links(url, start + size < items.length ? String(start + size) : undefined) });
  }

  private links(url: URL, after: string | undefined): string {
    const self = `<${this.url}${url.pathname}${url.search}>; rel="self"`;
    if (after === undefined) return self;
    const next = new URL(url.href);
    next.searchParams.set("after", after);
    return `${self}, <${this.url}${next.pathname}${next.search}>; rel="next"`;
  }
}

/** An authenticator as `GET /api/v1/authenticators` lists it (AuthenticatorBase: key, name, type, status). */
export function authenticator(key: string, name: string, type: string): Json {
  return { id: `aut1${key.replace(/_/g, "").slice(0, 12)}d7x1`, key, name, type, status: "ACTIVE", created: "2024-01-10T08:00:00.000Z", lastUpdated: "2024-01-10T08:00:00.000Z", _links: {} };
}

function appUser(user: Json): Json {
  return {
    id: user.id,
    scope: "USER",
    status: "ACTIVE",
    created: "2025-06-01T09:00:00.000Z",
    lastUpdated: "2025-06-01T09:00:00.000Z",
    statusChanged: "2025-06-01T09:00:00.000Z",
    syncState: "DISABLED",
    credentials: { userName: (user.profile as Json).login },
    profile: {},
    _links: { app: { href: "https://acme.okta.com/api/v1/apps/app" }, user: { href: `https://acme.okta.com/api/v1/users/${String(user.id)}` } },
  };
}

type EventPredicate = (event: Json) => boolean;

/**
 * The System Log's SCIM filter as verify uses it: `eq` on eventType, target.id and actor.id,
 * combined with `and`, `or` and parentheses (every operator but `[ ]` is supported:
 * SystemLogApi.listLogEvents `filter`, okta-sdk-nodejs src/types/generated/apis/SystemLogApi.d.ts).
 * Anything else is refused as Okta refuses a bad filter (null).
 */
export function parseLogFilter(filter: string): EventPredicate | null {
  const tokens = filter.match(/\(|\)|"[^"]*"|[^\s()]+/g) ?? [];
  let at = 0;
  const expression = (): EventPredicate | null => {
    const terms: EventPredicate[] = [];
    for (;;) {
      const term = conjunction();
      if (!term) return null;
      terms.push(term);
      if (tokens[at]?.toLowerCase() !== "or") return (event) => terms.some((t) => t(event));
      at++;
    }
  };
  const conjunction = (): EventPredicate | null => {
    const factors: EventPredicate[] = [];
    for (;;) {
      const factor = primary();
      if (!factor) return null;
      factors.push(factor);
      if (tokens[at]?.toLowerCase() !== "and") return (event) => factors.every((f) => f(event));
      at++;
    }
  };
  const primary = (): EventPredicate | null => {
    if (tokens[at] === "(") {
      at++;
      const inner = expression();
      if (!inner || tokens[at] !== ")") return null;
      at++;
      return inner;
    }
    const [field, operator, quoted] = [tokens[at], tokens[at + 1], tokens[at + 2]];
    if (!["eventType", "target.id", "actor.id"].includes(field) || operator !== "eq" || !/^"[^"]*"$/.test(quoted ?? "")) return null;
    at += 3;
    const value = quoted.slice(1, -1);
    if (field === "eventType") return (event) => event.eventType === value;
    if (field === "actor.id") return (event) => (event.actor as Json).id === value;
    return (event) => ((event.target as Json[]) ?? []).some((target) => target.id === value);
  };
  const predicate = expression();
  return predicate && at === tokens.length ? predicate : null;
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method && fault.method !== method) return false;
  return typeof fault.path === "string" ? fault.path === path : fault.path.test(path);
}

function send(response: http.ServerResponse, status: number, body: string | Json | Json[], headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json", Date: (response.getHeader("Date") as string | undefined) ?? new Date().toUTCString(), ...headers });
  response.end(text);
}

function notFound(response: http.ServerResponse, id: string, kind: string): void {
  send(response, 404, oktaError("E0000007", `Not found: Resource not found: ${id} (${kind})`));
}

export function oktaError(errorCode: string, errorSummary: string, errorCauses: Json[] = []): Json {
  return { errorCode, errorSummary, errorLink: errorCode, errorId: "oaeFakeErrorId0000000000", errorCauses };
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function embeddedUsers(device: Json): Json[] {
  return (((device._embedded as Json | undefined)?.users as Json[] | undefined) ?? []);
}

function withoutEmbedded(device: Json): Json {
  const { _embedded: _users, ...rest } = device;
  return rest;
}

function validAssertion(assertion: string, app: FakeOAuthApp, audience: string): boolean {
  const [header, payload, signature] = assertion.split(".");
  if (!header || !payload || !signature) return false;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Json;
  const key = typeof app.publicKey === "string" ? createPublicKey(app.publicKey) : app.publicKey;
  const signed = verifySignature("RSA-SHA256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url"));
  return signed && claims.iss === app.clientId && claims.sub === app.clientId && claims.aud === audience;
}
