/**
 * The loopback tenant's device and group routes (fakeOkta.ts hands them every request it does not
 * answer itself). Shapes and parameters follow okta-management-openapi-spec
 * (dist/current/management-minimal.yaml: `/api/v1/devices` listDevices, `/api/v1/groups` listGroups,
 * `/api/v1/groups/{groupId}` getGroup, `/api/v1/groups/{groupId}/users` listGroupUsers) and the models
 * of @okta/okta-sdk-nodejs 8.1.0 (src/types/generated/models/DeviceList.d.ts, DeviceUser.d.ts,
 * DeviceProfile.d.ts, Group.d.ts, User.d.ts).
 */

type Json = Record<string, unknown>;

export interface DirectoryTenant {
  /** Devices as `GET /api/v1/devices?expand=user` lists them (DeviceList), with `_embedded.users` (DeviceUser). */
  devices: Json[];
  users: Json[];
  /** Groups as `GET /api/v1/groups` lists them (Group: id, type, profile.name). */
  groups?: Json[];
  /** User ids of each group's members, by group id. */
  groupMembers?: Record<string, string[]>;
  /** Group ids assigned to each app id (ApplicationGroupAssignment). */
  groupAssignments?: Record<string, string[]>;
  /** User ids assigned to each app id directly. */
  assignments: Record<string, string[]>;
}

export interface DirectoryAnswer {
  status: number;
  body: Json | Json[];
  headers?: Record<string, string>;
}

/** listDevices `limit`: minimum 1, maximum 200, default 200 (the spec's parameter schema). */
export const DEVICE_PAGE_MAX = 200;

/** The answer to a GET this module serves, or undefined when the path is not one of its routes. */
export function answerDirectory(url: URL, tenant: DirectoryTenant, origin: string): DirectoryAnswer | undefined {
  if (url.pathname === "/api/v1/devices") return listDevices(url, tenant, origin);
  if (url.pathname === "/api/v1/groups") return listGroups(url, tenant);
  let match: RegExpExecArray | null;
  // ApplicationApi.getApplicationGroupAssignment: models/ApplicationGroupAssignment.d.ts (id is the group's id, priority, profile); 404 when not assigned.
  if ((match = /^\/api\/v1\/apps\/([^/]+)\/groups\/([^/]+)$/.exec(url.pathname))) {
    const [, appId, groupId] = match;
    if (!(tenant.groupAssignments?.[appId] ?? []).includes(groupId)) return groupNotFound(groupId, "ApplicationGroupAssignment");
    return { status: 200, body: { id: groupId, lastUpdated: "2025-06-01T09:00:00.000Z", priority: 0, profile: {}, _links: { app: { href: `${origin}/api/v1/apps/${appId}` }, group: { href: `${origin}/api/v1/groups/${groupId}` } } } };
  }
  if ((match = /^\/api\/v1\/groups\/([^/]+)\/users$/.exec(url.pathname))) return listGroupUsers(url, tenant, origin, match[1]);
  if ((match = /^\/api\/v1\/groups\/([^/]+)$/.exec(url.pathname))) {
    const group = (tenant.groups ?? []).find((candidate) => candidate.id === match?.[1]);
    return group ? { status: 200, body: group } : groupNotFound(match[1]);
  }
  return undefined;
}

/**
 * GroupApi.listGroups: `q` matches the start of `profile.name` (case-insensitive, not paged: at most
 * `limit`, default 300, as the spec says of `q`); `search=profile.name eq "..."` matches the whole name.
 * The provider's data source okta_group sends `q` (terraform-provider-okta data_source_okta_group.go, findGroup).
 */
function listGroups(url: URL, tenant: DirectoryTenant): DirectoryAnswer {
  const groups = tenant.groups ?? [];
  const q = url.searchParams.get("q");
  const search = url.searchParams.get("search");
  const name = (group: Json) => String((group.profile as Json).name).toLowerCase();
  if (q !== null) return { status: 200, body: groups.filter((group) => name(group).startsWith(q.toLowerCase())).slice(0, Number(url.searchParams.get("limit") ?? "300")) };
  if (search !== null) {
    const wanted = /^profile\.name eq "((?:[^"\\]|\\.)*)"$/.exec(search.trim());
    if (!wanted) return badRequest("search", `Invalid search criteria: ${search}`);
    const value = wanted[1].replace(/\\(.)/g, "$1").toLowerCase();
    return { status: 200, body: groups.filter((group) => name(group) === value) };
  }
  return { status: 200, body: groups };
}

/** GroupApi.listGroupUsers: the members (User), `limit` default 1000 (the spec's default; it names no maximum), paged by `after` (the last user's id). */
const GROUP_USERS_DEFAULT_LIMIT = 1000;

function listGroupUsers(url: URL, tenant: DirectoryTenant, origin: string, groupId: string): DirectoryAnswer {
  if (!(tenant.groups ?? []).some((group) => group.id === groupId)) return groupNotFound(groupId);
  const ids = tenant.groupMembers?.[groupId] ?? [];
  const byId = new Map(tenant.users.map((user) => [String(user.id), user]));
  const members = ids.flatMap((id) => (byId.has(id) ? [byId.get(id) as Json] : []));
  const limit = Number(url.searchParams.get("limit") ?? GROUP_USERS_DEFAULT_LIMIT);
  if (!Number.isInteger(limit) || limit < 1) return badRequest("limit", "must be a whole number of at least 1");
  const after = url.searchParams.get("after");
  const start = after === null ? 0 : members.findIndex((user) => user.id === after) + 1;
  if (after !== null && start === 0) return badRequest("after", "not a cursor of this list");
  const page = members.slice(start, start + limit);
  const last = page.at(-1);
  const hasNext = start + page.length < members.length && last !== undefined;
  return { status: 200, body: page, headers: { Link: links(url, origin, hasNext ? String(last.id) : undefined) } };
}

/**
 * Who `GET /api/v1/apps/{appId}/users` lists: the users assigned directly (AppUser scope USER) and,
 * once each, the members of the groups assigned to the app (scope GROUP: "by group membership",
 * the spec's AppUser.scope).
 */
export function appAssignees(tenant: DirectoryTenant, appId: string): Array<{ user: Json; scope: "USER" | "GROUP" }> {
  const byId = new Map(tenant.users.map((user) => [String(user.id), user]));
  const direct = tenant.assignments[appId] ?? [];
  const viaGroups = (tenant.groupAssignments?.[appId] ?? []).flatMap((groupId) => tenant.groupMembers?.[groupId] ?? []).filter((id) => !direct.includes(id));
  const scoped = [...direct.map((id) => ({ id, scope: "USER" as const })), ...[...new Set(viaGroups)].map((id) => ({ id, scope: "GROUP" as const }))];
  return scoped.flatMap(({ id, scope }) => (byId.has(id) ? [{ user: byId.get(id) as Json, scope }] : []));
}

function groupNotFound(id: string, kind = "UserGroup"): DirectoryAnswer {
  return { status: 404, body: { errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${id} (${kind})`, errorLink: "E0000007", errorId: "oaeFakeErrorId0000000000", errorCauses: [] } };
}

/**
 * DeviceApi.listDevices: `search` (SCIM, case-insensitive; `eq` on `id`, `status`, `profile.platform`,
 * `profile.registered`, joined by `and` / `or` as the spec's examples do), `expand=user` (DeviceUser with
 * the full User and `managementStatus`) or `expand=userSummary` (the user's id and name fields), paged by
 * `after`, an opaque cursor taken from the `Link: rel="next"` header (here: the id of the page's last device).
 */
function listDevices(url: URL, tenant: DirectoryTenant, origin: string): DirectoryAnswer {
  const query = url.searchParams;
  const limitText = query.get("limit");
  const limit = limitText === null ? DEVICE_PAGE_MAX : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) return badRequest("limit", `must be a whole number between 1 and ${DEVICE_PAGE_MAX}`);
  const search = query.get("search");
  const matches = search ? parseDeviceSearch(search) : () => true;
  if (!matches) return badRequest("search", `Invalid search criteria: ${search}`);
  const expand = query.get("expand");
  if (expand !== null && expand !== "user" && expand !== "userSummary") return badRequest("expand", "must be one of user, userSummary");
  const selected = tenant.devices.filter(matches);
  const after = query.get("after");
  const start = after === null ? 0 : selected.findIndex((device) => device.id === after) + 1;
  if (after !== null && start === 0) return badRequest("after", "not a cursor of this list");
  const page = selected.slice(start, start + Math.min(limit, DEVICE_PAGE_MAX));
  const last = page.at(-1);
  const hasNext = start + page.length < selected.length && last !== undefined;
  return { status: 200, body: page.map((device) => shaped(device, expand)), headers: { Link: links(url, origin, hasNext ? String(last.id) : undefined) } };
}

function shaped(device: Json, expand: string | null): Json {
  const { _embedded: embedded, ...rest } = device;
  if (expand === null) return rest;
  const users = (((embedded as Json | undefined)?.users as Json[] | undefined) ?? []).map((link) => (expand === "user" ? link : { ...link, user: userSummary(link.user as Json) }));
  return { ...rest, _embedded: { users } };
}

// The spec's APIDevicesListAllUserSummaryResponse example: id, profile (names, login, email), _links.self (and a realmId where the org has realms).
function userSummary(user: Json): Json {
  const profile = user.profile as Json;
  return { id: user.id, profile: { firstName: profile.firstName, lastName: profile.lastName, login: profile.login, email: profile.email }, _links: { self: (user._links as Json | undefined)?.self } };
}

type DevicePredicate = (device: Json) => boolean;

const SEARCH_FIELDS: Record<string, (device: Json) => unknown> = {
  id: (device) => device.id,
  status: (device) => device.status,
  "profile.platform": (device) => (device.profile as Json).platform,
  "profile.registered": (device) => (device.profile as Json).registered,
};

/** `field eq "value"` (a boolean unquoted) clauses joined by `and` / `or`, `and` binding tighter; null when Okta would refuse it. */
export function parseDeviceSearch(search: string): DevicePredicate | null {
  const tokens = search.match(/"[^"]*"|\S+/g) ?? [];
  const disjuncts: DevicePredicate[][] = [[]];
  for (let at = 0; at < tokens.length; ) {
    const [field, operator, literal] = tokens.slice(at, at + 3);
    const read = SEARCH_FIELDS[field];
    if (!read || operator?.toLowerCase() !== "eq" || literal === undefined) return null;
    const value = /^"[^"]*"$/.test(literal) ? literal.slice(1, -1).toLowerCase() : literal === "true" || literal === "false" ? literal : undefined;
    if (value === undefined) return null;
    disjuncts[disjuncts.length - 1].push((device) => String(read(device)).toLowerCase() === value);
    at += 3;
    const joiner = tokens[at]?.toLowerCase();
    if (joiner === undefined) break;
    if (joiner !== "and" && joiner !== "or") return null;
    if (joiner === "or") disjuncts.push([]);
    at++;
    if (at === tokens.length) return null;
  }
  return (device) => disjuncts.some((clauses) => clauses.length > 0 && clauses.every((clause) => clause(device)));
}

function links(url: URL, origin: string, after: string | undefined): string {
  const self = `<${origin}${url.pathname}${url.search}>; rel="self"`;
  if (after === undefined) return self;
  const next = new URL(url.href);
  next.searchParams.set("after", after);
  return `${self}, <${origin}${next.pathname}${next.search}>; rel="next"`;
}

// Okta's validation error (E0000001, "Api validation failed: <field>"), as fakeOkta.ts answers a policy list without `type`.
function badRequest(field: string, cause: string): DirectoryAnswer {
  return { status: 400, body: { errorCode: "E0000001", errorSummary: `Api validation failed: ${field}`, errorLink: "E0000001", errorId: "oaeFakeErrorId0000000000", errorCauses: [{ errorSummary: `${field}: ${cause}` }] } };
}
