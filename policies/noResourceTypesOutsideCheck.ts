import { ResourceValidationPolicy } from "@pulumi/policy";
import { CHECK_TYPES, TYPES } from "./okta";

interface NoResourceTypesOutsideCheckConfig {
  /** Resource types allowed on top of the check's own (exact type tokens). */
  additionalAllowedTypes?: string[];
}

function why(type: string): string {
  if (type.startsWith("okta:policy/") || /^okta:index\/(policy|authenticator|behavio)/i.test(type)) {
    return "org-wide policies (global session, password, MFA enrollment, ...) and their rules apply to every user of the tenant, so a mistake locks people out everywhere";
  }
  if (type === TYPES.accessPolicyAssignment) {
    return "it competes with the bookmark's authenticationPolicy (the two overwrite each other) and can move any app onto another policy";
  }
  if (type.startsWith("okta:app/") || type.startsWith("okta:index/app")) {
    return "the check only needs its own bookmark; any other app or app setting is a production change";
  }
  return "the check is a temporary bookmark behind its own policy; anything else changes the tenant beyond it";
}

/**
 * Resource types outside the check's scope. The allowed types are an explicit list: the check's
 * policy, its rules (singular or plural), the bookmark, its user and group assignments, the Okta
 * provider, the component and the stack. More types can be allowed in the policy config.
 */
export const noResourceTypesOutsideCheck: ResourceValidationPolicy = {
  name: "no-resource-types-outside-check",
  description: "Forbids resource types outside the managed-device check (org-wide policies and rules, other apps, ...): only an explicit list of types is allowed.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      additionalAllowedTypes: {
        type: "array",
        items: { type: "string", pattern: "^[^:]+:[^:]+:[^:]+$" },
        default: [],
        description: "Pulumi type tokens allowed on top of the check's own, e.g. pulumi:providers:random.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    const { additionalAllowedTypes = [] } = args.getConfig<NoResourceTypesOutsideCheckConfig>();
    if (CHECK_TYPES.includes(args.type) || additionalAllowedTypes.includes(args.type)) return;
    reportViolation(
      `${args.name} is a ${args.type}, which is outside the managed-device check: ${why(args.type)}. ` +
        `Fix: remove it from this stack (manage it elsewhere, with its own review), or, if it truly belongs to the check, add "${args.type}" to additionalAllowedTypes in the policy config.`,
    );
  },
};
