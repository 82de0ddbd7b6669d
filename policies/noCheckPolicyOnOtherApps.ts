import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { feeders, feedersOfType, label } from "./read";
import { TYPES } from "./okta";

function parentUrn(resource: PolicyResource): string | undefined {
  return resource.parent?.urn ?? resource.opts.parent;
}

/** The check's own bookmark for a policy: a Bookmark created in the stack under the same parent. */
function isOwnBookmark(app: PolicyResource, policy: PolicyResource): boolean {
  return app.type === TYPES.bookmark && parentUrn(app) === parentUrn(policy);
}

/**
 * The check's policy attached to any app other than the check's own bookmark, through
 * `authenticationPolicy` on any app type or through `okta.app.AccessPolicyAssignment`. The policy
 * denies by default: on a production app it would lock out every user without a managed device.
 * Resources are related through `propertyDependencies`, so unknown ids in a first preview do not matter.
 */
export const noCheckPolicyOnOtherApps: StackValidationPolicy = {
  name: "no-check-policy-on-other-apps",
  description: "Forbids attaching the check's authentication policy to any app other than the check's own bookmark (authenticationPolicy or AccessPolicyAssignment).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const policies = args.resources.filter((r) => r.type === TYPES.appSignonPolicy);
    if (policies.length === 0) return args.notApplicable("The stack declares no app sign-on policy");
    const isCheckPolicy = (r: PolicyResource) => r.type === TYPES.appSignonPolicy;

    for (const resource of args.resources) {
      for (const policy of feeders(resource, "authenticationPolicy").filter(isCheckPolicy)) {
        if (isOwnBookmark(resource, policy)) continue;
        reportViolation(
          `${label(resource)} takes its authenticationPolicy from the check's policy ${label(policy)}. That policy denies every sign-in except from a managed device with FastPass, ` +
            "so any app but the check's own bookmark would lock out its users (a production app behind it loses everyone on an unmanaged device). " +
            "Fix: attach the check's policy only to the bookmark the check creates, and leave other apps on their own policies.",
          resource.urn,
        );
      }
      if (resource.type === TYPES.accessPolicyAssignment) {
        const policy = feeders(resource, "policyId").find(isCheckPolicy);
        if (!policy) continue;
        const bookmarks = feedersOfType(resource, "appId", TYPES.bookmark).filter((app) => isOwnBookmark(app, policy));
        if (bookmarks.length > 0) continue;
        reportViolation(
          `${label(resource)} assigns the check's policy ${label(policy)} to an app that is not the check's own bookmark (its appId does not come from that bookmark). ` +
            "The policy denies by default, so that app's users would be locked out unless their device is managed. " +
            "Fix: remove the assignment; the bookmark's authenticationPolicy already attaches the policy.",
          resource.urn,
        );
      }
    }
  },
};
