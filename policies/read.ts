/**
 * Helpers for reading resource properties the way the engine hands them to policies: inside
 * `@pulumi/policy`'s unknown-checking proxy, where reading a value not known during preview throws
 * `UnknownValueError` (which the pack reports as an advisory "can't run policy during preview").
 */
import { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { UnknownValueError, UnknownValueErrorLike } from "./sdk";
import { CATCH_ALL_RULE_NAME, RULE_TYPES, TYPES } from "./okta";

/** A plain property bag, as policies see a resource's properties or one entry of a list. */
export type Props = Record<string, unknown>;

/**
 * Runs several independent checks, so that a value unknown during preview in one of them does
 * not hide a violation found by another. Call {@link rethrow} last: it re-raises the first
 * `UnknownValueError`, which the engine turns into its advisory "can't run policy during preview"
 * (violations reported before it stay reported).
 */
export class UnknownValues {
  private first: UnknownValueErrorLike | undefined;

  run(check: () => void): void {
    try {
      check();
    } catch (error) {
      if (!(error instanceof UnknownValueError)) throw error;
      this.first ??= error;
    }
  }

  rethrow(): void {
    if (this.first) throw this.first;
  }
}

/** Reads a value, or returns `undefined` when it is not known during preview. Only for labels in messages. */
export function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownValueError) return undefined;
    throw error;
  }
}

export function isObject(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameName(a: unknown, b: string): boolean {
  return typeof a === "string" && a.trim().toLowerCase() === b.toLowerCase();
}

/** One rule of an app sign-on policy, from a singular rule resource or one entry of the plural `rules`. */
export interface RuleView {
  /** How messages name the rule, e.g. `rule "Managed Device Allowed" (resource check-rule)`. */
  label: string;
  rule: Props;
  /** True when the entry stands for the policy's system catch-all rule (plural form only). */
  catchAll: boolean;
  plural: boolean;
}

/**
 * Calls `check` for every rule a resource declares: the resource itself for
 * `okta.AppSignonPolicyRule`, each entry of `rules` for `okta.app.SignonPolicyRules`. Entries are
 * read independently (see {@link UnknownValues}); the caller rethrows.
 */
export function forEachRule(args: Pick<ResourceValidationArgs, "type" | "name" | "props">, unknowns: UnknownValues, check: (view: RuleView) => void): void {
  if (args.type === TYPES.appSignonPolicyRule) {
    const name = known(() => args.props.name);
    const label = typeof name === "string" ? `rule "${name}" (resource ${args.name})` : `rule resource ${args.name}`;
    unknowns.run(() => check({ label, rule: args.props, catchAll: false, plural: false }));
    return;
  }
  if (args.type !== TYPES.signonPolicyRules) return;
  const rules: unknown = args.props.rules;
  if (!Array.isArray(rules)) return;
  for (let index = 0; index < rules.length; index++) {
    unknowns.run(() => {
      const rule: unknown = rules[index];
      if (!isObject(rule)) return;
      const name = known(() => rule.name);
      const label = `${typeof name === "string" ? `rule "${name}"` : "rule"} (rules[${index}] of resource ${args.name})`;
      const catchAll = known(() => rule.system) === true || sameName(name, CATCH_ALL_RULE_NAME);
      check({ label, rule, catchAll, plural: true });
    });
  }
}

/** True for a resource type that declares rules of an app sign-on policy. */
export function isRuleType(type: string): boolean {
  return RULE_TYPES.includes(type);
}

/**
 * An allow rule: `access` is ALLOW or unset (the provider's default is ALLOW). Anything but an
 * explicit DENY counts, so a typo fails closed. Reading an unknown `access` throws.
 */
export function isAllowRule(rule: Props): boolean {
  const access = rule.access;
  if (access === undefined || access === null) return true;
  return !(typeof access === "string" && access.trim().toUpperCase() === "DENY");
}

export function isDeny(rule: Props): boolean {
  return !isAllowRule(rule);
}

/** True when the rule carries the name Okta reserves for the system catch-all rule. */
export function hasCatchAllName(rule: Props): boolean {
  return sameName(known(() => rule.name), CATCH_ALL_RULE_NAME);
}

/** How messages name a resource: its type's last segment, resource name and Okta name if known. */
export function describeResource(args: { type: string; name: string; props: Props }, oktaNameKey = "name"): string {
  const kind = args.type.split(":").pop() ?? args.type;
  const oktaName = known(() => args.props[oktaNameKey]);
  return typeof oktaName === "string" && oktaName !== args.name ? `${kind} "${oktaName}" (resource ${args.name})` : `${kind} ${args.name}`;
}

/** The stack a URN belongs to: `urn:pulumi:<stack>::<project>::...`. */
export function stackOfUrn(urn: string): string | undefined {
  const match = /^urn:pulumi:([^:]+)::/.exec(urn);
  return match ? match[1] : undefined;
}

/** The resources of the stack that feed a property of `resource` (its `propertyDependencies`). */
export function feeders(resource: PolicyResource, property: string): PolicyResource[] {
  return resource.propertyDependencies[property] ?? [];
}

/** The resources of the given type among those that feed `property`. */
export function feedersOfType(resource: PolicyResource, property: string, type: string): PolicyResource[] {
  return feeders(resource, property).filter((r) => r.type === type);
}

/** A resource's short label for stack policies, e.g. `Bookmark managed-device-check-bookmark`. */
export function label(resource: Pick<PolicyResource, "type" | "name">): string {
  return `${resource.type.split(":").pop() ?? resource.type} ${resource.name}`;
}

/**
 * A property computed from `feeder` (it is among its `propertyDependencies`) whose value is not the
 * feeder's id, as `feeder.id.apply(() => otherId)` makes it. Stack policies see each resource's
 * outputs, which carry `id` once it exists (pulumi/pulumi pkg/resource/deploy/step_generator.go,
 * AnalyzeResources: "AnalyzeStack is called on the final outputs"); until both are known this says nothing.
 */
export function idMismatch(resource: PolicyResource, property: string, feeder: PolicyResource): { value: string; id: string } | undefined {
  const value = known(() => resource.props[property]);
  const id = known(() => feeder.props.id);
  if (typeof value !== "string" || typeof id !== "string" || value === id) return undefined;
  return { value, id };
}
