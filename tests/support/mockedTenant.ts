import { createHash } from "crypto";
import { CATCH_ALL_RULE_NAME, TYPES } from "../../policies/okta";
import type { MockTenant } from "../../tools/plan/capture";
import { getUser, type TenantDirectory } from "../../tools/plan/providerContract";

/**
 * A tenant that answers everything, for tests: each created resource gets a deterministic id with
 * the prefix Okta's ids carry (`0oa` apps, `rst` policies, `rul` rules, as in the recorded ids of
 * tests/verify/tenantFixtures.ts), the policy reads back its Catch-all Rule's id, and users come
 * from a directory (default: everyone, below) through the data source's own rules (providerContract.ts).
 */
export function mockedTenant(directory: TenantDirectory = DEFAULT_DIRECTORY): MockTenant {
  return {
    idOf: (type, name) => mockId(type, name),
    stateOf: (type, name) => (type === TYPES.appSignonPolicy ? { defaultRuleId: mockId(TYPES.appSignonPolicyRule, `${name}/${CATCH_ALL_RULE_NAME}`) } : {}),
    lookUpUser: (inputs) => getUser(inputs, directory),
  };
}

const ID_PREFIXES: Record<string, string> = {
  [TYPES.appSignonPolicy]: "rst",
  [TYPES.appSignonPolicyRule]: "rul",
  [TYPES.bookmark]: "0oa",
};

/** The stand-in for the id a tenant would assign (`0oa...` for an app, `rst...` for a policy). */
export function mockId(type: string, name: string): string {
  return `${ID_PREFIXES[type] ?? "id"}${createHash("sha256").update(`${type}/${name}`).digest("hex").slice(0, 17)}`;
}

/** The stand-in Okta user id for a login: `00u` and 17 characters derived from it. */
export function mockUserId(login: string): string {
  return `00u${createHash("sha256").update(login.toLowerCase()).digest("hex").slice(0, 17)}`;
}

/**
 * Every login is an ACTIVE user whose id is {@link mockUserId}(login), and every `00u...` id an
 * ACTIVE user whose login is `<id>@users.example`.
 */
const DEFAULT_DIRECTORY: TenantDirectory = {
  byLogin: (login) => ({ id: mockUserId(login), login, status: "ACTIVE", email: login }),
  byId: (id) => (id.startsWith("00u") ? { id, login: `${id}@users.example`, status: "ACTIVE", email: `${id}@users.example` } : undefined),
};
