/**
 * What the policy specs share: a way to run one policy as the engine does, and the resources the
 * component declares, built by hand. Policies run through the offline evaluator, which
 * engineProtocol.test.ts proves gives exactly the diagnostics of the pack's real server.
 */
import { Policies } from "@pulumi/policy";
import { unknownValue as UNKNOWN } from "@pulumi/pulumi/runtime/rpc";
import { TYPES } from "../../policies/okta";
import { CHECK_RULE_INPUTS } from "../support/checkRule";
import { evaluatePolicies, PolicyInputResource } from "../../tools/plan/evaluate";

export { UNKNOWN };
export type Res = PolicyInputResource;

/** One diagnostic: its level and, for a violation, what the policy reported (without the description the engine puts first). */
export interface Reported {
  level: string;
  message: string;
  urn?: string;
}

/** Runs one policy over the resources as `pulumi preview --policy-pack` would, with the given properties as its config. */
export function run(policy: Policies[number], resources: Res[], properties?: Record<string, unknown>): Reported[] {
  const config = properties ? { [policy.name]: properties } : undefined;
  return evaluatePolicies(resources, { policies: [policy], config }).map((f) => ({
    level: f.enforcementLevel,
    message: f.message.startsWith(`${policy.description}\n`) ? f.message.slice(policy.description.length + 1) : f.message,
    ...(f.urn ? { urn: f.urn } : {}),
  }));
}

/** The engine's advisory for a policy that read a value unknown during preview. */
export function cannotRun(policyName: string, path: string, urn?: string): Reported {
  return {
    level: "advisory",
    message: `can't run policy '${policyName}' from policy pack 'okta-managed-device-check@v0.1.0' during preview: string value at ${path} can't be known during preview`,
    ...(urn ? { urn } : {}),
  };
}

/** A URN in the given stack, optionally under a parent type (the component). */
export function urn(type: string, name: string, options: { stack?: string; parentType?: string } = {}): string {
  const qualified = options.parentType ? `${options.parentType}$${type}` : type;
  return `urn:pulumi:${options.stack ?? "dev"}::okta-managed-device-check::${qualified}::${name}`;
}

/** A resource of the stack, outside the component. */
export function resource(type: string, name: string, props: Record<string, unknown>, more: Partial<Res> = {}): Res {
  return { urn: urn(type, name), type, name, props, ...more };
}

/** The rule the component declares (inputs). */
export function componentRule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { policyId: "rst1a2b3c4d5e6f7g8h9", ...CHECK_RULE_INPUTS, ...overrides };
}

/** An entry of a plural `rules` list, as compliant as the component's rule. */
export function pluralEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { policyId: _policyId, ...rule } = componentRule();
  return { ...rule, ...overrides };
}

export const singularRule = (props: Record<string, unknown>) => resource(TYPES.appSignonPolicyRule, "check-rule", props);
export const pluralRules = (rules: unknown) => resource(TYPES.signonPolicyRules, "check-rules", { policyId: "rst1a2b3c4d5e6f7g8h9", rules });

/**
 * The resources `ManagedDeviceCheck("check", ...)` declares, in the shape the engine passes them to
 * policies: with known ids (an update) or unknown ids (a first preview).
 */
export function checkResources(options: { unknownIds?: boolean; users?: string[]; stack?: string; expiresOn?: string } = {}): Res[] {
  const resources = declaredResources(options);
  if (options.unknownIds) return resources;
  // Stack policies see outputs, which carry each resource's id once it exists (an update).
  const ids: Record<string, string> = { [TYPES.appSignonPolicy]: POLICY_ID, [TYPES.bookmark]: BOOKMARK_ID };
  return resources.map((r) => (ids[r.type] ? { ...r, outputs: { ...r.props, id: ids[r.type] } } : r));
}

export const POLICY_ID = "rst1a2b3c4d5e6f7g8h9";
const BOOKMARK_ID = "0oa1a2b3c4d5e6f7g8h9";

function declaredResources(options: { unknownIds?: boolean; users?: string[]; stack?: string; expiresOn?: string }): Res[] {
  const stack = options.stack ?? "dev";
  const componentUrn = urn(TYPES.component, "check", { stack });
  const under = (type: string, name: string) => urn(type, name, { stack, parentType: TYPES.component });
  const policyUrn = under(TYPES.appSignonPolicy, "check-policy");
  const bookmarkUrn = under(TYPES.bookmark, "check-bookmark");
  const id = (known: string) => (options.unknownIds ? UNKNOWN : known);
  const users = options.users ?? ["alice@acme.example"];
  const description = "Temporary managed-device check (okta-managed-device-check): the catch-all denies.";
  return [
    { urn: componentUrn, type: TYPES.component, name: "check", props: {} },
    {
      urn: policyUrn,
      type: TYPES.appSignonPolicy,
      name: "check-policy",
      parent: componentUrn,
      props: { name: "Require Managed Device", description: options.expiresOn ? `${description} Expires ${options.expiresOn}.` : description, catchAll: false },
    },
    {
      urn: under(TYPES.appSignonPolicyRule, "check-rule"),
      type: TYPES.appSignonPolicyRule,
      name: "check-rule",
      parent: componentUrn,
      props: componentRule({ policyId: id("rst1a2b3c4d5e6f7g8h9") }),
      propertyDependencies: { policyId: [policyUrn] },
    },
    {
      urn: bookmarkUrn,
      type: TYPES.bookmark,
      name: "check-bookmark",
      parent: componentUrn,
      props: { label: "Managed Device Check", url: "https://www.okta.com/", authenticationPolicy: id("rst1a2b3c4d5e6f7g8h9") },
      propertyDependencies: { authenticationPolicy: [policyUrn] },
    },
    ...users.map((login, i) => ({
      urn: under(TYPES.appUser, `check-user-${login}`),
      type: TYPES.appUser,
      name: `check-user-${login}`,
      parent: componentUrn,
      props: { appId: id("0oa1a2b3c4d5e6f7g8h9"), userId: id(`00u00000000000000000${i}`.slice(0, 20)) },
      propertyDependencies: { appId: [bookmarkUrn] },
    })),
  ];
}

/** The two states of the check's ids a stack policy must handle: known (an update) and unknown (a first preview). */
export const ID_STATES = [
  ["known ids (an update)", false],
  ["unknown ids (a first preview)", true],
] as const;

export function find(resources: Res[], type: string): Res {
  const found = resources.find((r) => r.type === type);
  if (!found) throw new Error(`no ${type}`);
  return found;
}

/** Changes inputs of a resource, and its outputs with them (what the provider echoes back). */
export function setInputs(resource: Res, changes: Record<string, unknown>): void {
  resource.props = { ...resource.props, ...changes };
  if (resource.outputs) resource.outputs = { ...resource.outputs, ...changes };
}
