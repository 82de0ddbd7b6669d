import { PolicyProviderResource, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { getConfig } from "@pulumi/pulumi/runtime/config";
import { known, label } from "./read";
import { CHECK_TYPES, TYPES } from "./okta";

/** The engine names the provider it makes from the stack's `okta:*` config `default` or `default_<version>`. */
function isDefaultProvider(provider: Pick<PolicyProviderResource, "type" | "name">): boolean {
  return provider.type === TYPES.oktaProvider && /^default(_|$)/.test(provider.name);
}

/** The org a provider signs in to, when its config says so: `orgName.baseUrl` (baseUrl defaults to okta.com). */
function orgOf(provider: Pick<PolicyProviderResource, "props">): string | undefined {
  const orgName = known(() => provider.props.orgName);
  const baseUrl = known(() => provider.props.baseUrl) ?? "okta.com";
  return typeof orgName === "string" && orgName !== "" && typeof baseUrl === "string" ? `${orgName}.${baseUrl}` : undefined;
}

/**
 * The org the stack's config names. The CLI hands a policy pack the stack's config in PULUMI_CONFIG
 * (pulumi/pulumi pkg/resource/plugin/analyzer_plugin.go), which @pulumi/pulumi's runtime reads; the
 * offline plan sets the same config before it runs the pack.
 */
function configuredOrg(): string | undefined {
  const orgName = getConfig("okta:orgName");
  return orgName ? `${orgName}.${getConfig("okta:baseUrl") || "okta.com"}` : undefined;
}

/**
 * The check's Okta resources on an explicit Okta provider that is not configured for the stack's own
 * org. `npm run verify` reads the org from the stack's `okta:orgName` and `okta:baseUrl`, which is
 * what the default provider uses; a check created elsewhere (possibly a production org) is never
 * verified where it lives.
 */
export const noCheckOnOtherOrg: StackValidationPolicy = {
  name: "no-check-on-other-org",
  description: "Forbids an explicit Okta provider in the check's stack that is not configured for the stack's own org (okta:orgName and okta:baseUrl, as the default provider uses them).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const declared = args.resources.filter((r) => r.type === TYPES.oktaProvider);
    const stackOrgs = new Set([...declared.filter(isDefaultProvider).map(orgOf), configuredOrg()].filter((org): org is string => org !== undefined));
    const explicit = new Map<string, { provider: Pick<PolicyProviderResource, "type" | "name" | "props" | "urn">; users: PolicyResource[] }>();
    for (const provider of declared.filter((p) => !isDefaultProvider(p))) explicit.set(provider.urn, { provider, users: [] });
    for (const resource of args.resources) {
      const provider = resource.provider;
      if (!provider || !CHECK_TYPES.includes(resource.type) || isDefaultProvider(provider)) continue;
      const entry = explicit.get(provider.urn) ?? { provider, users: [] };
      entry.users.push(resource);
      explicit.set(provider.urn, entry);
    }
    if (explicit.size === 0) return args.notApplicable("The stack uses only its default Okta provider");
    for (const { provider, users } of explicit.values()) {
      const org = orgOf(provider);
      if (org !== undefined && stackOrgs.size === 1 && stackOrgs.has(org)) continue;
      const on = users.length > 0 ? `, and ${users.map(label).join(", ")} ${users.length === 1 ? "is" : "are"} created through it` : "";
      const target =
        org === undefined
          ? "an org its config does not name"
          : stackOrgs.size === 0
            ? `org ${org}, while the stack names no org of its own (okta:orgName)`
            : `org ${org}, not the stack's ${[...stackOrgs].join(", ")}`;
      reportViolation(
        `The stack declares the Okta provider ${provider.name} for ${target}${on}. npm run verify reads the org from the stack's okta:orgName and okta:baseUrl, ` +
          "so a check created through another provider lives where nobody verifies it, possibly in a production org. " +
          "Fix: drop the provider option and set okta:orgName and okta:baseUrl in the stack config for the org the check belongs to.",
        provider.urn,
      );
    }
  },
};
