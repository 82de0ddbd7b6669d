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

/**
 * The stand-in id the plan gives a resource the stack creates. It says what it is (a policy message
 * that quotes it reads "(id of AppSignonPolicy check-policy: known after pulumi up)", never an id to
 * look for in the tenant) and is unique in the stack, as type and name are; Okta's ids never hold
 * spaces, so no literal id can equal it. The pack compares ids, never their form.
 */
function standInId(type: string, name: string): string {
  return `(id of ${type.split(":").pop() ?? type} ${name}: known after pulumi up)`;
}

/**
 * The tenant the plan runs the program against: {@link OFFLINE_TENANT}, except that every resource
 * the stack creates has a stand-in id, as it has during `pulumi up`. Callbacks on ids
 * (`policy.id.apply(...)`) then run, and the stack policies see what they compute (an id swapped for
 * another is refused as it is on update); the plan shows each stand-in as "known after pulumi up".
 */
export const PLAN_TENANT: MockTenant = { ...OFFLINE_TENANT, idOf: standInId };
