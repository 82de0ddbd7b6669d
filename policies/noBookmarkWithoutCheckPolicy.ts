import type * as okta from "@pulumi/okta";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { TYPES } from "./okta";
import { known } from "./read";
import { resourceOfType } from "./resourceOfType";

const FIX = "Fix: set authenticationPolicy to the check's AppSignonPolicy id and leave skipAuthenticationPolicy unset.";

/**
 * A bookmark that does not sit behind an authentication policy of its own. With
 * `skipAuthenticationPolicy` or no `authenticationPolicy`, Okta guards the app with the tenant's
 * default policy, which usually allows unmanaged devices: the check would then report every device
 * as managed.
 */
export const noBookmarkWithoutCheckPolicy: ResourceValidationPolicy = {
  name: "no-bookmark-without-check-policy",
  description: "Forbids a bookmark that skips its authentication policy or has none (unset, null or empty), so that it falls back to the tenant's default policy.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(resourceOfType<typeof okta.app.Bookmark>(TYPES.bookmark), (bookmark, args, reportViolation) => {
    if (bookmark.skipAuthenticationPolicy === true) {
      reportViolation(
        `Bookmark ${args.name}: skipAuthenticationPolicy is true, so Okta guards it with the tenant's default authentication policy instead of the check's deny-by-default policy, ` +
          `and an unmanaged device would be let through as if it were managed. ${FIX}`,
      );
    }
    // Its value is an id that is unknown until the policy exists; whose id it is, is `no-bookmark-on-policy-outside-stack`'s.
    const set = Object.keys(bookmark).includes("authenticationPolicy");
    const value = set ? known(() => bookmark.authenticationPolicy) : undefined;
    if (!set || value === null || (typeof value === "string" && value.trim() === "")) {
      reportViolation(
        `Bookmark ${args.name}: authenticationPolicy is ${set ? JSON.stringify(value) : "not set"}, so Okta guards it with the tenant's default authentication policy, ` +
          `which usually allows unmanaged devices: the check would report every device as managed. ${FIX}`,
      );
    }
  }),
};
