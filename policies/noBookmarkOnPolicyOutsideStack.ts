import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { feedersOfType, idMismatch, known, label } from "./read";
import { TYPES } from "./okta";

/** Why the bookmark's authenticationPolicy is not the check's policy, if it is not. */
function offPolicy(bookmark: PolicyResource): string | undefined {
  const policies = feedersOfType(bookmark, "authenticationPolicy", TYPES.appSignonPolicy);
  if (policies.length === 0) {
    return "its authenticationPolicy does not come from an okta.AppSignonPolicy in the stack (a literal id or a lookup names a policy that already exists, such as the tenant's default)";
  }
  for (const policy of policies) {
    const mismatch = idMismatch(bookmark, "authenticationPolicy", policy);
    if (mismatch) return `its authenticationPolicy is computed from ${label(policy)} but is ${JSON.stringify(mismatch.value)}, not that policy's id ${JSON.stringify(mismatch.id)}`;
  }
  return undefined;
}

/**
 * The bookmark guarded by a policy other than the one the stack creates: a literal id (the tenant's
 * default policy, say), a lookup, or the check's policy id swapped for another in an `apply`. The
 * test user then signs in through a policy that is not the check, and a "managed" verdict is false.
 * Unset, null or empty values are `no-bookmark-without-check-policy`'s.
 */
export const noBookmarkOnPolicyOutsideStack: StackValidationPolicy = {
  name: "no-bookmark-on-policy-outside-stack",
  description: "Forbids a bookmark whose authenticationPolicy is not the id of an app sign-on policy the stack creates (a literal id, a lookup, or a value laundered through apply).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const bookmarks = args.resources.filter((r) => r.type === TYPES.bookmark);
    if (bookmarks.length === 0) return args.notApplicable("The stack declares no bookmark");
    for (const bookmark of bookmarks) {
      const value = known(() => bookmark.props.authenticationPolicy);
      const unknown = Object.keys(bookmark.props).includes("authenticationPolicy") && value === undefined;
      if (!unknown && (typeof value !== "string" || value.trim() === "")) continue;
      const why = offPolicy(bookmark);
      if (!why) continue;
      reportViolation(
        `${label(bookmark)} is not guarded by the check's policy: ${why}. The test users would sign in through that other policy, which decides nothing about the device, ` +
          "so a \"managed\" verdict would be false. Fix: set authenticationPolicy to the id of the policy the check creates (authenticationPolicy: policy.id), unchanged.",
        bookmark.urn,
      );
    }
  },
};
