import { createHash } from "crypto";
import { TYPES } from "../../policies/okta";
import type { MockTenant } from "./capture";

/**
 * The tenant as the offline plan sees it, in a preview: the first `pulumi preview` of a stack
 * nothing has been created for yet. No id is known before `pulumi up`, every user looked up by login or id is
 * "looked up in tenant" (unknown: no tenant is contacted), and values Pulumi would decrypt or an
 * ESC environment would supply are unknown too (docs/plan.md, "What the plan cannot see").
 */
export const OFFLINE_TENANT: MockTenant = {
  idOf: () => undefined,
  lookUpUser: () => ({ unknown: true }),
  hidesUnseenConfig: true,
};

// Okta's id prefixes: `rst` for a policy, `rul` for a rule, `0oa` for an app (okta-management-openapi-spec's examples).
const ID_PREFIXES: Record<string, string> = { [TYPES.appSignonPolicy]: "rst", [TYPES.appSignonPolicyRule]: "rul", [TYPES.bookmark]: "0oa" };

/** The stand-in id the plan gives a resource the stack creates: 20 characters, as Okta's ids, derived from its type and name. */
function offlineId(type: string, name: string): string {
  return `${ID_PREFIXES[type] ?? "id0"}${createHash("sha256").update(`offline-plan/${type}/${name}`).digest("hex").slice(0, 17)}`;
}

/**
 * The tenant the plan runs the program against: {@link OFFLINE_TENANT}, except that every resource
 * the stack creates has a stand-in id, as it has during `pulumi up`. Callbacks on ids
 * (`policy.id.apply(...)`) then run, and the stack policies see what they compute (an id swapped for
 * another is refused as it is on update); the plan shows each stand-in as "known after pulumi up".
 */
export const PLAN_TENANT: MockTenant = { ...OFFLINE_TENANT, idOf: offlineId };
