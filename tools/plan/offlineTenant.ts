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
