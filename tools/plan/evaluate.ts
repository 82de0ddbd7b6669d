/**
 * Runs the policy pack in-process for the offline plan, with no Pulumi CLI and no gRPC, and gives
 * exactly the diagnostics the pack's own server (`@pulumi/policy`'s server.js) gives the engine for
 * the same resources. `tests/policies/engineProtocol.test.ts` proves that against the real server.
 * It follows the server only where this pack needs it:
 *
 * - resource policies run per resource on its inputs (the engine's `Analyze`), stack policies once
 *   over all resources (`AnalyzeStack`), with parent and propertyDependencies resolved to resources
 *   and URNs outside the stack dropped;
 * - properties arrive as the engine marshals them (secrets unwrapped, internal `__` keys and
 *   undefined members dropped) inside `unknownCheckingProxy`; a policy that reads a value unknown
 *   during preview gets the engine's advisory "can't run policy ... during preview: ...";
 * - a violation's message is the policy's description, a newline, then what it reported;
 * - `--policy-pack-config` levels and properties: a policy's own level, else `all`'s, else its
 *   default; its properties over its schema's defaults. (The CLI validates the properties against
 *   the schema before the pack sees them; this does not.)
 */
import { EnforcementLevel, Policies, PolicyResource, PolicyResourceOptions, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { specialOutputValueSig, specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { version } from "../../policies/package.json";
import { policies as packPolicies, POLICY_PACK_ENFORCEMENT_LEVEL, POLICY_PACK_NAME } from "../../policies/policies";
import { unknownCheckingProxy, UnknownValueError } from "../../policies/sdk";

export { POLICY_PACK_NAME };
export const POLICY_PACK_VERSION: string = version;

/** A resource as the engine shows it to a policy pack. */
export interface PolicyInputResource {
  urn: string;
  type: string;
  name: string;
  /** Inputs as the engine marshals them: unknown values are the engine's sentinel; secrets may be wire-format secret objects. */
  props: Record<string, unknown>;
  /** For each property, the URNs of the resources whose outputs it was computed from. */
  propertyDependencies?: Record<string, string[]>;
  /** The parent's URN, if any. */
  parent?: string;
  dependencies?: string[];
  opts?: Partial<PolicyResourceOptions>;
  /** The provider the engine sends with a custom resource (its props marshalled like the resource's). */
  provider?: { urn: string; type: string; name: string; props: Record<string, unknown> };
  /**
   * What stack policies see instead of `props`: the engine runs AnalyzeStack on each resource's
   * outputs, which carry `id` once it exists (pulumi/pulumi pkg/resource/deploy/step_generator.go,
   * AnalyzeResources). Unset: the inputs, as in a first preview.
   */
  outputs?: Record<string, unknown>;
}

/** One diagnostic, as the engine would print it. */
export interface Finding {
  policyName: string;
  enforcementLevel: EnforcementLevel;
  /** The policy's description, a newline, then what the policy reported (the engine's format). */
  message: string;
  /** The resource concerned; a stack policy may leave it unset for the stack as a whole. */
  urn?: string;
  /** The resource's name, when `urn` names a resource that was evaluated. */
  name?: string;
}

type ConfiguredLevel = Exclude<EnforcementLevel, "remediate">;

/** The contents of a `--policy-pack-config` file: a policy's name (or `all`) to a level, or to a level and properties. */
export type PolicyPackConfig = Record<string, ConfiguredLevel | ({ enforcementLevel?: ConfiguredLevel } & Record<string, unknown>)>;

export interface EvaluateOptions {
  /** The policies to run; the pack's, on the real clock, by default. */
  policies?: Policies;
  /** Policy config, as given to `--policy-pack-config`. */
  config?: PolicyPackConfig;
}

interface PolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

/** The per-policy config the CLI sends to the pack's `Configure`. */
function configure(policies: Policies, config: PolicyPackConfig = {}): Map<string, PolicyConfig> {
  const entry = (value: PolicyPackConfig[string] | undefined) => (typeof value === "string" ? { enforcementLevel: value } : (value ?? {}));
  const all = entry(config.all).enforcementLevel;
  return new Map(
    policies.map((policy) => {
      const { enforcementLevel, ...own } = entry(config[policy.name]);
      const defaults = Object.entries(policy.configSchema?.properties ?? {}).filter(([, schema]) => schema.default !== undefined);
      const properties = { ...Object.fromEntries(defaults.map(([key, schema]) => [key, schema.default])), ...own };
      return [policy.name, { enforcementLevel: enforcementLevel ?? all ?? policy.enforcementLevel ?? POLICY_PACK_ENFORCEMENT_LEVEL, properties }];
    }),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A property value as the pack receives it: marshalled by the engine, deserialized by `@pulumi/policy`. */
function deserialize(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(deserialize);
  if (!isPlainObject(value)) return value;
  if (value[specialSigKey] === specialSecretSig) return deserialize(value.value);
  if (value[specialSigKey] === specialOutputValueSig) return "value" in value ? deserialize(value.value) : unknownValue;
  return deserializeProps(value);
}

function deserializeProps(props: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(props).filter(([key, value]) => value !== undefined && !key.startsWith("__"));
  return Object.fromEntries(entries.map(([key, value]) => [key, deserialize(value)]));
}

class NotApplicable extends Error {}

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

/** What every policy sees of a resource. One proxied copy serves all policies: they only read. */
function policyView(r: PolicyInputResource, properties: Record<string, unknown> = r.props): Omit<PolicyResource, "dependencies" | "propertyDependencies"> {
  const props = unknownCheckingProxy(deserializeProps(properties));
  // SDK-generated resource classes carry their type token, which is what the server compares.
  const isType = (resourceClass: unknown) => (resourceClass as { __pulumiType?: unknown }).__pulumiType === r.type;
  const parent = r.opts?.parent ?? r.parent;
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      ...r.opts,
      ...(parent ? { parent } : {}),
    },
    isType,
    asType: ((resourceClass: unknown) => (isType(resourceClass) ? props : undefined)) as PolicyResource["asType"],
    ...(r.provider ? { provider: { ...r.provider, props: unknownCheckingProxy(deserializeProps(r.provider.props)) } } : {}),
  };
}

/** The stack as stack policies see it: parent and property dependencies resolved to resources of the stack. */
function stackView(resources: PolicyInputResource[]): PolicyResource[] {
  const views = resources.map((r): PolicyResource => ({ ...policyView(r, r.outputs), dependencies: [], propertyDependencies: {} }));
  const byUrn = new Map(views.map((view) => [view.urn, view]));
  const resolve = (urns: string[] = []) => urns.flatMap((urn) => byUrn.get(urn) ?? []);
  resources.forEach((r, index) => {
    const view = views[index];
    view.parent = byUrn.get(r.parent ?? r.opts?.parent ?? "");
    view.dependencies = resolve(r.dependencies);
    for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
      // The engine sends no entry for a property without dependencies.
      if (urns.length > 0) view.propertyDependencies[key] = resolve(urns);
    }
  });
  return views;
}

function isResourcePolicy(policy: Policies[number]): policy is ResourceValidationPolicy {
  return "validateResource" in policy && policy.validateResource !== undefined;
}

function isStackPolicy(policy: Policies[number]): policy is StackValidationPolicy {
  return "validateStack" in policy;
}

/**
 * The diagnostics `pulumi preview --policy-pack policies` would print for these resources: every
 * resource policy over each resource (in the given order), then every stack policy over all of them.
 */
export function evaluatePolicies(resources: PolicyInputResource[], options: EvaluateOptions = {}): Finding[] {
  const policies = options.policies ?? packPolicies();
  const config = configure(policies, options.config);
  const names = new Map(resources.map((r) => [r.urn, r.name]));
  const findings: Finding[] = [];
  const stackTags = new Map<string, string>();

  const run = (policy: Policies[number], resource: PolicyInputResource | undefined, validate: (reportViolation: ReportViolation) => unknown) => {
    const { enforcementLevel } = config.get(policy.name) as PolicyConfig;
    const report = (message: string, urn?: string) => {
      const target = resource?.urn ?? urn;
      findings.push({ policyName: policy.name, enforcementLevel, message: message ? `${policy.description}\n${message}` : policy.description, ...(target ? { urn: target, name: names.get(target) } : {}) });
    };
    try {
      if (typeof (validate(report) as PromiseLike<unknown> | undefined)?.then === "function") throw new Error("the policy returned a promise; the offline plan runs policies synchronously");
    } catch (error) {
      if (error instanceof NotApplicable) return;
      const policyFrom = `policy '${policy.name}' from policy pack '${POLICY_PACK_NAME}@v${POLICY_PACK_VERSION}'`;
      if (!(error instanceof UnknownValueError)) throw new Error(`Error validating ${resource ? `resource ${resource.urn}` : "stack"} with ${policyFrom}`, { cause: error });
      findings.push({
        policyName: policy.name,
        enforcementLevel: "advisory",
        message: `can't run ${policyFrom} during preview: ${error.message}`,
        ...(resource ? { urn: resource.urn, name: resource.name } : {}),
      });
    }
  };
  const getConfigOf = (name: string) => <T extends object>() => ({ ...(config.get(name) as PolicyConfig).properties }) as T;

  for (const resource of resources) {
    const view = policyView(resource);
    for (const policy of policies) {
      if (config.get(policy.name)?.enforcementLevel === "disabled" || !isResourcePolicy(policy) || !policy.validateResource) continue;
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const validation of validations) {
        const args: ResourceValidationArgs = {
          ...view,
          asType: view.asType as unknown as ResourceValidationArgs["asType"],
          stackTags,
          getConfig: getConfigOf(policy.name),
          notApplicable,
        };
        run(policy, resource, (reportViolation) => validation(args, reportViolation));
      }
    }
  }

  let stack: PolicyResource[] | undefined;
  for (const policy of policies) {
    if (config.get(policy.name)?.enforcementLevel === "disabled" || !isStackPolicy(policy)) continue;
    stack ??= stackView(resources);
    const args = { resources: stack, stackTags, getConfig: getConfigOf(policy.name), notApplicable };
    run(policy, undefined, (reportViolation) => policy.validateStack(args, reportViolation));
  }
  return findings;
}

/** One policy's outcome over a stack. */
export interface PolicyVerdict {
  policyName: string;
  description: string;
  /** The level the policy ran at after config (`disabled` policies did not run). */
  enforcementLevel: EnforcementLevel;
  /** `pass`: no finding; `violations`: at least one finding; `disabled`: not run. */
  verdict: "pass" | "violations" | "disabled";
  /** Findings at mandatory level (these block an update). */
  mandatory: number;
  /** Findings at advisory level. */
  advisory: number;
  /** True when the policy could not run on some value unknown during preview. */
  undetermined: boolean;
  findings: Finding[];
}

/** True for the engine's advisory on a check that met a value unknown during preview ("can't run policy ..."). */
export function isUndetermined(finding: Finding): boolean {
  return finding.message.startsWith(`can't run policy '${finding.policyName}'`);
}

/** Summarises findings per policy, in the pack's order. */
export function policyVerdicts(findings: Finding[], options: EvaluateOptions = {}): PolicyVerdict[] {
  const policies = options.policies ?? packPolicies();
  const config = configure(policies, options.config);
  return policies.map((policy) => {
    const { enforcementLevel } = config.get(policy.name) as PolicyConfig;
    const own = findings.filter((f) => f.policyName === policy.name);
    return {
      policyName: policy.name,
      description: policy.description,
      enforcementLevel,
      verdict: enforcementLevel === "disabled" ? "disabled" : own.length > 0 ? "violations" : "pass",
      mandatory: own.filter((f) => f.enforcementLevel === "mandatory").length,
      advisory: own.filter((f) => f.enforcementLevel === "advisory").length,
      undetermined: own.some(isUndetermined),
      findings: own,
    };
  });
}
