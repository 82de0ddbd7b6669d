import type { OktaReader } from "./oktaReader";
import { appSchema, appUserSchema, OktaApp, OktaPolicy, OktaRule, OktaUser, parseItems, parseResponse, policySchema, ruleSchema, userSchema } from "./oktaSchemas";
import type { CheckIds } from "./stack";

/** What verify looks for: the stack's names, or the ids of `--outputs`. */
export interface ExpectedCheck {
  stack: string;
  bookmarkLabel: string;
  policyName: string;
  ruleName: string;
  ids?: CheckIds;
  /** Logins or user ids, as configured or given with --user. */
  users: string[];
}

export interface FoundUser {
  requested: string;
  user?: OktaUser;
  /** Whether the user is assigned to the bookmark; unknown when there is no bookmark to ask. */
  assigned?: boolean;
}

/** The check as the tenant has it; parts may be missing. */
export interface FoundCheck {
  /** Bookmark apps with the configured label (or the one with the outputs' id): 0, 1 or, ambiguously, more. */
  bookmarks: OktaApp[];
  policy?: OktaPolicy;
  rules: OktaRule[];
  users: FoundUser[];
}

export async function findCheck(reader: OktaReader, expected: ExpectedCheck): Promise<FoundCheck> {
  const bookmarks = await findBookmarks(reader, expected);
  const policy = await findPolicy(reader, expected);
  const rules = policy ? parseItems(ruleSchema, await reader.list(`/api/v1/policies/${encodeURIComponent(policy.id)}/rules`), "GET /api/v1/policies/{id}/rules") : [];
  const bookmark = bookmarks.length === 1 ? bookmarks[0] : undefined;
  const users: FoundUser[] = [];
  for (const requested of expected.users) users.push(await findUser(reader, requested, bookmark));
  return { bookmarks, policy, rules, users };
}

async function findBookmarks(reader: OktaReader, expected: ExpectedCheck): Promise<OktaApp[]> {
  if (expected.ids) {
    const app = await reader.get(`/api/v1/apps/${encodeURIComponent(expected.ids.bookmarkAppId)}`);
    return app === undefined ? [] : [parseResponse(appSchema, app, "GET /api/v1/apps/{id}")];
  }
  // `q` matches the start of a name or label; the exact label and the bookmark type are checked here.
  const apps = parseItems(appSchema, await reader.list("/api/v1/apps", { q: expected.bookmarkLabel, limit: 200 }), "GET /api/v1/apps");
  return apps.filter((app) => app.name === "bookmark" && app.label === expected.bookmarkLabel && app.status !== "DELETED");
}

async function findPolicy(reader: OktaReader, expected: ExpectedCheck): Promise<OktaPolicy | undefined> {
  if (expected.ids) {
    const policy = await reader.get(`/api/v1/policies/${encodeURIComponent(expected.ids.policyId)}`);
    return policy === undefined ? undefined : parseResponse(policySchema, policy, "GET /api/v1/policies/{id}");
  }
  const policies = parseItems(policySchema, await reader.list("/api/v1/policies", { type: "ACCESS_POLICY", q: expected.policyName }), "GET /api/v1/policies");
  return policies.find((policy) => policy.name === expected.policyName);
}

async function findUser(reader: OktaReader, requested: string, bookmark: OktaApp | undefined): Promise<FoundUser> {
  const body = await reader.get(`/api/v1/users/${encodeURIComponent(requested)}`);
  if (body === undefined) return { requested };
  const user = parseResponse(userSchema, body, "GET /api/v1/users/{id}");
  if (!bookmark) return { requested, user };
  const assignment = await reader.get(`/api/v1/apps/${encodeURIComponent(bookmark.id)}/users/${encodeURIComponent(user.id)}`);
  if (assignment !== undefined) parseResponse(appUserSchema, assignment, "GET /api/v1/apps/{id}/users/{userId}");
  return { requested, user, assigned: assignment !== undefined };
}

/** The id at the end of the bookmark's `_links.accessPolicy.href`, as the Okta provider reads it. */
export function accessPolicyIdOf(app: OktaApp): string | undefined {
  const href = app._links?.accessPolicy?.href;
  return href ? href.replace(/\/+$/, "").split("/").pop() : undefined;
}
