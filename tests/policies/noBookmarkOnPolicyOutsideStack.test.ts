import { noBookmarkOnPolicyOutsideStack } from "../../policies/noBookmarkOnPolicyOutsideStack";
import { TYPES } from "../../policies/okta";
import { checkResources, find, ID_STATES, POLICY_ID, run, setInputs, UNKNOWN } from "./harness";

const FIX = "Fix: set authenticationPolicy to the id of the policy the check creates (authenticationPolicy: policy.id), unchanged.";
const WHY = 'The test users would sign in through that other policy, which decides nothing about the device, so a "managed" verdict would be false.';
const violation = (urn: string, why: string) => ({ level: "mandatory", message: `Bookmark check-bookmark is not guarded by the check's policy: ${why}. ${WHY} ${FIX}`, urn });
const NOT_FROM_STACK =
  "its authenticationPolicy does not come from an okta.AppSignonPolicy in the stack (a literal id or a lookup names a policy that already exists, such as the tenant's default)";

describe("no-bookmark-on-policy-outside-stack", () => {
  it.each(ID_STATES)("passes the component's bookmark with %s", (_what, unknownIds) => {
    expect(run(noBookmarkOnPolicyOutsideStack, checkResources({ unknownIds }))).toEqual([]);
  });

  it("rejects the literal id of a policy the stack does not create (the tenant's default)", () => {
    const resources = checkResources();
    const bookmark = find(resources, TYPES.bookmark);
    setInputs(bookmark, { authenticationPolicy: "rst1default00000d7x1" });
    bookmark.propertyDependencies = {};
    expect(run(noBookmarkOnPolicyOutsideStack, resources)).toEqual([violation(bookmark.urn, NOT_FROM_STACK)]);
  });

  it("rejects the check policy's id laundered through apply into another id, once both are known", () => {
    const resources = checkResources();
    const bookmark = find(resources, TYPES.bookmark);
    setInputs(bookmark, { authenticationPolicy: "rst1default00000d7x1" });
    expect(run(noBookmarkOnPolicyOutsideStack, resources)).toEqual([
      violation(bookmark.urn, `its authenticationPolicy is computed from AppSignonPolicy check-policy but is "rst1default00000d7x1", not that policy's id "${POLICY_ID}"`),
    ]);
  });

  it("leaves an unset, null or empty value to no-bookmark-without-check-policy, and an unknown one tied to the policy to the update", () => {
    for (const authenticationPolicy of [undefined, null, ""]) {
      const resources = checkResources();
      const bookmark = find(resources, TYPES.bookmark);
      setInputs(bookmark, { authenticationPolicy });
      bookmark.propertyDependencies = {};
      expect(run(noBookmarkOnPolicyOutsideStack, resources)).toEqual([]);
    }
    const resources = checkResources({ unknownIds: true });
    expect(find(resources, TYPES.bookmark).props.authenticationPolicy).toBe(UNKNOWN);
    expect(run(noBookmarkOnPolicyOutsideStack, resources)).toEqual([]);
  });

  it("rejects an unknown value that does not come from the stack's policy (a lookup)", () => {
    const resources = checkResources({ unknownIds: true });
    const bookmark = find(resources, TYPES.bookmark);
    bookmark.propertyDependencies = {};
    expect(run(noBookmarkOnPolicyOutsideStack, resources)).toEqual([violation(bookmark.urn, NOT_FROM_STACK)]);
  });
});
