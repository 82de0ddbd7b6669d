import type * as okta from "@okta/okta-sdk-nodejs";
import type { SystemLogApiResponseProcessor as ResponseProcessor } from "@okta/okta-sdk-nodejs/src/types/generated/apis/SystemLogApi";
import type { ResponseContext } from "@okta/okta-sdk-nodejs/src/types/generated/http/http";
import { systemClock } from "./clock";
import { Connection, Credentials, isLoopbackHost } from "./connection";
import { TenantReadError } from "./errors";
import { DEFAULT_RETRY_LIMITS, PacedRetryExecutor } from "./executor";
import { describeFailure, statusOf } from "./failures";
import type { OktaLogEvent } from "./signInEvents";
import type { ReadOptions, Tenant } from "./tenant";

/**
 * The Okta client verify reads the tenant with: the SDK's typed APIs over the paced executor, each
 * read checked for the fields verify needs and every failure mapped to one line that says what to
 * fix. The SDK loads with this module: the command imports it only once the arguments are valid,
 * as the SDK takes a while to load, which a usage error need not wait for.
 */

const DEFAULT_MAX_PAGES = 100;

export function connect(connection: Connection, options: ReadOptions = {}): Tenant {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sdk = require("@okta/okta-sdk-nodejs") as typeof okta;
  // The generated response processor is not re-exported by the package index; its types live under src/types.
  const { SystemLogApiResponseProcessor } = require("@okta/okta-sdk-nodejs/src/generated/apis/SystemLogApi") as { SystemLogApiResponseProcessor: typeof ResponseProcessor };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const LogEventsWithDevice = logEventsWithDevice(SystemLogApiResponseProcessor);
  const executor = new PacedRetryExecutor(connection.orgUrl, {
    limits: { ...DEFAULT_RETRY_LIMITS, ...options.limits },
    clock: options.clock ?? systemClock,
    signal: options.signal,
    deadline: options.deadline,
    onWait: options.onWait,
    onCredential: options.onCredential,
  });
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
  const all = async <T>(what: string, open: () => Promise<okta.Collection<T>>, onPage?: (batch: T[]) => boolean): Promise<T[]> => {
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
      if (onPage && !onPage(batch)) break;
      if (!onPage) items.push(...batch);
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
    getAppUser: (appId, userId) => one(`GET /api/v1/apps/${path(appId)}/users/${path(userId)}`, () => client.applicationApi.getApplicationUser({ appId, userId })),
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
    listDevices: async (search, onPage) => {
      const what = "GET /api/v1/devices";
      // DeviceApi.listDevices: `limit` is at most 200 (okta-management-openapi-spec, /api/v1/devices).
      await all(what, () => client.deviceApi.listDevices({ search, expand: "user", limit: 200 }), (batch) => onPage(need(batch, what, ["id", "profile.platform"])));
    },
    findGroups: async (name) => {
      // A SCIM string: its quotes and backslashes escaped.
      const search = `profile.name eq "${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
      return need(await all("GET /api/v1/groups", () => client.groupApi.listGroups({ search })), "GET /api/v1/groups", ["id", "profile.name"]);
    },
    listGroupMembers: async (groupId, onPage) => {
      const what = `GET /api/v1/groups/${path(groupId)}/users`;
      // GroupApi.listGroupUsers: `limit` default 1000, the largest the spec names.
      await all(what, () => client.groupApi.listGroupUsers({ groupId, limit: 1000 }), (batch) => onPage(need(batch as okta.User[], "GET /api/v1/groups/{id}/users", ["id", "status", "profile.login"])));
    },
    getAppGroupAssignment: (appId, groupId) => one(`GET /api/v1/apps/${path(appId)}/groups/${path(groupId)}`, () => client.applicationApi.getApplicationGroupAssignment({ appId, groupId })),
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
