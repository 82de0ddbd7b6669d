import * as okta from "@pulumi/okta";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

const FIX = "Fix: set authenticationPolicy to the check's AppSignonPolicy id and leave skipAuthenticationPolicy unset.";

/**
 * A bookmark that does not sit behind an authentication policy of its own. With
 * `skipAuthenticationPolicy` or no `authenticationPolicy`, Okta guards the app with the tenant's
 * default policy, which usually allows unmanaged devices: the check would then report every device
 * as managed.
 */
export const noBookmarkWithoutCheckPolicy: ResourceValidationPolicy = {
  name: "no-bookmark-without-check-policy",
  description: "Forbids a bookmark that skips its authentication policy or has none, so that it falls back to the tenant's default policy.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(okta.app.Bookmark, (bookmark, args, reportViolation) => {
    if (bookmark.skipAuthenticationPolicy === true) {
      reportViolation(
        `Bookmark ${args.name}: skipAuthenticationPolicy is true, so Okta guards it with the tenant's default authentication policy instead of the check's deny-by-default policy, ` +
          `and an unmanaged device would be let through as if it were managed. ${FIX}`,
      );
    }
    // Only whether the input is set matters; its value is an id that is unknown until the policy exists.
    if (!Object.keys(bookmark).includes("authenticationPolicy")) {
      reportViolation(
        `Bookmark ${args.name}: authenticationPolicy is not set, so Okta guards it with the tenant's default authentication policy, ` +
          `which usually allows unmanaged devices: the check would report every device as managed. ${FIX}`,
      );
    }
  }),
};
