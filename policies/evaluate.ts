/**
 * Runs the policy pack in-process with the engine's semantics, for the offline plan and for tests:
 * no Pulumi CLI and no gRPC. It mirrors `@pulumi/policy`'s own server (server.js):
 *
 * - resource policies run per resource (the engine's `Analyze`, on inputs), stack policies once over
 *   all resources (`AnalyzeStack`), with parent, dependencies and propertyDependencies resolved to
 *   resource objects and dangling URNs dropped;
 * - properties are deserialized as the engine marshals them (secrets unwrapped, internal `__` keys
 *   and undefined members dropped) and wrapped in `unknownCheckingProxy`;
 * - a policy that reads a value unknown during preview gets an advisory finding
 *   "can't run policy '<name>' from policy pack '<pack>@v<version>' during preview: ...";
 * - a violation's message is the policy description, a newline, then the reported message;
 * - enforcement levels and properties come from the policy config reconciled as the CLI does for
 *   `--policy-pack-config` (policy default, then `all`, then the policy's own entry, schema defaults
 *   filled in); `disabled` skips a policy, `remediate` reports as `mandatory`.
 */
import {
  EnforcementLevel,
  Policies,
  PolicyConfigSchema,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { specialOutputValueSig, specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { POLICIES, POLICY_PACK_ENFORCEMENT_LEVEL, POLICY_PACK_NAME } from "./all";
import { version as packageVersion } from "./package.json";
import { unknownCheckingProxy, UnknownValueError } from "./sdk";

/** The engine's marker for a value not known during preview (all unknowns reach a policy pack as this string). */
export const UNKNOWN = unknownValue;

/** The key and value that mark a secret in the engine's wire format: `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG_KEY = specialSigKey;
export const SECRET_SIG = specialSecretSig;

export const POLICY_PACK_VERSION: string = packageVersion;
export { POLICY_PACK_NAME };

/** A resource as the engine shows it to a policy pack. */
export interface PolicyInputResource {
  urn: string;
  type: string;
  name: string;
  /** Plain inputs; values not known during preview are {@link UNKNOWN}; secrets may be wire-format secret objects. */
  props: Record<string, unknown>;
  /** For each property, the URNs of the resources whose outputs it was computed from. */
  propertyDependencies?: Record<string, string[]>;
  /** The parent's URN, if any. */
  parent?: string;
  dependencies?: string[];
  opts?: Partial<PolicyResourceOptions>;
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
  /** `resource` for a resource policy (the engine's Analyze), `stack` for a stack policy (AnalyzeStack). */
  phase: "resource" | "stack";
}

/** One policy's entry in a `--policy-pack-config` file: an enforcement level, or an object with one and properties. */
export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);

/** The contents of a `--policy-pack-config` file: policy name (or `all`) to its config. */
export type PolicyPackConfig = Record<string, PolicyConfigEntry>;

/** A policy's config after reconciliation: what the CLI sends to the pack's `Configure`. */
export interface ReconciledPolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

export interface EvaluateOptions {
  /** Policy config, as given to `--policy-pack-config`. */
  config?: PolicyPackConfig;
  /** The policies to run; defaults to the pack's. */
  policies?: Policies;
  /** Stack tags (`pulumi:tags`), as the engine passes them with `ConfigureStack`. */
  stackTags?: Record<string, string>;
}

/** A policy that did not apply, as the pack reports it to the engine. */
export interface NotApplicable {
  policyName: string;
  reason?: string;
  urn?: string;
}

export interface Evaluation {
  findings: Finding[];
  notApplicable: NotApplicable[];
}

const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The object form `reportViolation` also accepts (server.js handles it; the typings only show the string form). */
interface ViolationObject {
  name?: string;
  message?: string;
  description?: string;
  urn?: string;
  enforcementLevel?: EnforcementLevel;
}

class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicableError(reason);
}

function isResourcePolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is ResourceValidationPolicy {
  const validation = (p as ResourceValidationPolicy).validateResource;
  if (typeof validation === "function") return true;
  if (Array.isArray(validation)) return validation.every((v) => typeof v === "function");
  return typeof (p as ResourceValidationPolicy).remediateResource === "function";
}

function isStackPolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

function pulumiTypeOf(fn: unknown): string | undefined {
  const t = (fn as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof t === "string" && t.length > 0 ? t : undefined;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
  const pulumiType = pulumiTypeOf(resourceClass);
  if (pulumiType) return type === pulumiType;
  const isInstance = (resourceClass as { isInstance?: unknown }).isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A property value as the pack receives it: marshalled by the engine (keeping unknowns and secrets,
 * skipping internal `__` keys) and deserialized by `@pulumi/policy` without secret proxies.
 */
function deserializeValue(value: unknown): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(deserializeValue);
  if (!isPlainObject(value)) return value;
  const sig = value[SECRET_SIG_KEY];
  if (sig === SECRET_SIG) return deserializeValue(value.value);
  if (sig === specialOutputValueSig) return "value" in value ? deserializeValue(value.value) : UNKNOWN;
  return deserializeProps(value);
}

/** Deserializes a property map; undefined members and internal keys (`__defaults`, ...) are left out, as the engine does. */
export function deserializeProps(props: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || key.startsWith("__")) continue;
    result[key] = deserializeValue(value);
  }
  return result;
}

function resourceOptions(r: PolicyInputResource): PolicyResourceOptions {
  const opts: PolicyResourceOptions = {
    protect: r.opts?.protect ?? false,
    ignoreChanges: r.opts?.ignoreChanges ?? [],
    aliases: r.opts?.aliases ?? [],
    customTimeouts: r.opts?.customTimeouts ?? { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: r.opts?.additionalSecretOutputs ?? [],
  };
  if (r.opts?.deleteBeforeReplace !== undefined) opts.deleteBeforeReplace = r.opts.deleteBeforeReplace;
  const parent = r.opts?.parent ?? r.parent;
  if (parent) opts.parent = parent;
  return opts;
}

/**
 * What resource and stack policies alike see of a resource. Built once per resource: the engine's
 * server deserializes for every policy, but policies only read, so one proxied copy serves them all.
 */
function policyView(r: PolicyInputResource): Omit<PolicyResource, "dependencies" | "propertyDependencies"> {
  const props = unknownCheckingProxy(deserializeProps(r.props));
  return {
    type: r.type,
    props,
    urn: r.urn,
    name: r.name,
    opts: resourceOptions(r),
    isType: (resourceClass) => isTypeOf(r.type, resourceClass),
    asType: ((resourceClass: unknown) => (isTypeOf(r.type, resourceClass) ? props : undefined)) as PolicyResource["asType"],
  };
}

/** The stack as stack policies see it: every resource, with parent and dependencies resolved to resources. */
function stackView(resources: PolicyInputResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const views = resources.map((r) => {
    const resource: PolicyResource = { ...policyView(r), dependencies: [], propertyDependencies: {} };
    byUrn.set(r.urn, resource);
    return resource;
  });
  // Dangling URNs (resources outside the stack) are dropped, as the engine does.
  const resolve = (urns: string[] | undefined) => (urns ?? []).map((urn) => byUrn.get(urn)).filter((d): d is PolicyResource => d !== undefined);
  resources.forEach((r, index) => {
    const resource = views[index];
    const parent = r.parent ?? r.opts?.parent;
    if (parent && byUrn.has(parent)) resource.parent = byUrn.get(parent);
    resource.dependencies = resolve(r.dependencies);
    for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
      // The engine does not send properties without dependencies.
      if (urns.length > 0) resource.propertyDependencies[key] = resolve(urns);
    }
  });
  return views;
}

function freezeTags(tags: Record<string, string> | undefined): ReadonlyMap<string, string> {
  return new Map(Object.entries(tags ?? {}));
}

function normalizeEntry(name: string, entry: PolicyConfigEntry): { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> } {
  if (typeof entry === "string") {
    if (!ENFORCEMENT_LEVELS.includes(entry)) throw new Error(`Value "${entry}" for "${name}" is not a valid enforcement level`);
    return { enforcementLevel: entry, properties: {} };
  }
  if (!isPlainObject(entry)) throw new Error(`Value ${JSON.stringify(entry)} for "${name}" is not a valid value; must be a string or object`);
  const { enforcementLevel, ...properties } = entry;
  if (enforcementLevel !== undefined && !ENFORCEMENT_LEVELS.includes(enforcementLevel)) {
    throw new Error(`Value ${JSON.stringify(enforcementLevel)} for "${name}" is not a valid enforcement level`);
  }
  return { enforcementLevel, properties };
}

function checkSchema(value: unknown, schema: unknown, path: string, problems: string[]): void {
  if (!isPlainObject(schema)) return;
  const type = schema.type;
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  const typeOk = (t: unknown) =>
    (t === "string" && typeof value === "string") ||
    (t === "number" && typeof value === "number") ||
    (t === "integer" && typeof value === "number" && Number.isInteger(value)) ||
    (t === "boolean" && typeof value === "boolean") ||
    (t === "array" && Array.isArray(value)) ||
    (t === "object" && isPlainObject(value)) ||
    (t === "null" && value === null);
  if (types.length > 0 && !types.some(typeOk)) {
    problems.push(`${path}: Invalid type. Expected: ${types.join(" or ")}, given: ${Array.isArray(value) ? "array" : value === null ? "null" : typeof value}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    problems.push(`${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) problems.push(`${path}: Must be greater than or equal to ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) problems.push(`${path}: Must be less than or equal to ${schema.maximum}`);
  }
  if (typeof value === "string" && typeof schema.pattern === "string" && !new RegExp(schema.pattern).test(value)) {
    problems.push(`${path}: Does not match pattern '${schema.pattern}'`);
  }
  if (Array.isArray(value) && isPlainObject(schema.items)) {
    value.forEach((item, index) => checkSchema(item, schema.items, `${path}.${index}`, problems));
  }
}

/**
 * Reconciles policy config as the Pulumi CLI does before calling the pack's `Configure`: each
 * policy starts from its own enforcement level (or the pack's) and its schema defaults; `all` sets
 * every policy's level; a policy's own entry overrides the level and merges its properties. Invalid
 * values (wrong level, properties that break the policy's config schema, missing required
 * properties) throw, as the CLI refuses them.
 */
export function reconcilePolicyConfig(config: PolicyPackConfig = {}, policies: Policies = POLICIES): Record<string, ReconciledPolicyConfig> {
  const given = Object.fromEntries(Object.entries(config).map(([name, entry]) => [name, normalizeEntry(name, entry)]));
  const result: Record<string, ReconciledPolicyConfig> = {};
  const problems: string[] = [];
  for (const policy of policies) {
    const schema: PolicyConfigSchema | undefined = policy.configSchema;
    const properties: Record<string, unknown> = {};
    for (const [key, propertySchema] of Object.entries(schema?.properties ?? {})) {
      if (propertySchema.default !== undefined) properties[key] = deserializeValue(propertySchema.default);
    }
    let enforcementLevel: EnforcementLevel = policy.enforcementLevel ?? POLICY_PACK_ENFORCEMENT_LEVEL;
    if (given.all?.enforcementLevel) enforcementLevel = given.all.enforcementLevel;
    const own = given[policy.name];
    if (own?.enforcementLevel) enforcementLevel = own.enforcementLevel;
    Object.assign(properties, own?.properties ?? {});
    for (const required of schema?.required ?? []) {
      if (!(required in properties)) problems.push(`Missing required property "${required}" for policy "${policy.name}"`);
    }
    for (const [key, value] of Object.entries(own?.properties ?? {})) {
      const propertySchema = schema?.properties[key];
      if (!propertySchema) {
        problems.push(`${policy.name}: Additional property ${key} is not allowed`);
        continue;
      }
      checkSchema(value, propertySchema, `${policy.name}.${key}`, problems);
    }
    result[policy.name] = { enforcementLevel, properties };
  }
  if (problems.length > 0) throw new Error(`Invalid policy pack config:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return result;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

function runSync(result: unknown, policyName: string): void {
  if (isThenable(result)) throw new Error(`policy '${policyName}' returned a promise; evaluatePolicies runs policies synchronously`);
}

/**
 * Runs the pack over a stack's resources as `pulumi preview --policy-pack` would: every resource
 * policy over each resource (in the given order), then every stack policy over all of them.
 * Returns the findings and the policies that reported themselves not applicable.
 */
export function evaluate(resources: PolicyInputResource[], options: EvaluateOptions = {}): Evaluation {
  const policies = options.policies ?? POLICIES;
  const config = reconcilePolicyConfig(options.config ?? {}, policies);
  const stackTags = freezeTags(options.stackTags);
  const findings: Finding[] = [];
  const notApplicable: NotApplicable[] = [];
  const policyFrom = (name: string) => `policy '${name}' from policy pack '${POLICY_PACK_NAME}@v${POLICY_PACK_VERSION}'`;
  const getConfigFor =
    (name: string) =>
    <T extends object>(): T =>
      ({ ...(config[name]?.properties ?? {}) }) as T;
  const levelOf = (p: { name: string }): EnforcementLevel => config[p.name].enforcementLevel;
  const names = new Map(resources.map((r) => [r.urn, r.name]));

  // Mirrors the server's reportViolation, including its rarely used object form.
  const reporter = (policy: { name: string; description: string }, level: EnforcementLevel, phase: Finding["phase"], resource?: PolicyInputResource): ReportViolation =>
    ((message: string | ViolationObject, urn?: string) => {
      let finding: Omit<Finding, "urn" | "name" | "phase">;
      if (typeof message === "object" && message !== null) {
        finding = {
          policyName: message.name || policy.name,
          enforcementLevel: message.enforcementLevel || level,
          message: message.message || message.description || policy.description,
        };
        urn = message.urn;
      } else {
        finding = { policyName: policy.name, enforcementLevel: level, message: message ? `${policy.description}\n${message}` : policy.description };
      }
      const target = resource ? resource.urn : urn;
      findings.push({ ...finding, ...(target ? { urn: target, name: names.get(target) } : {}), phase });
    }) as ReportViolation;

  const handleError = (error: unknown, policyName: string, phase: Finding["phase"], resource?: PolicyInputResource) => {
    if (error instanceof UnknownValueError) {
      findings.push({
        policyName,
        enforcementLevel: "advisory",
        message: `can't run ${policyFrom(policyName)} during preview: ${error.message}`,
        ...(resource ? { urn: resource.urn, name: resource.name } : {}),
        phase,
      });
    } else if (error instanceof NotApplicableError) {
      notApplicable.push({ policyName, reason: error.reason, ...(resource ? { urn: resource.urn } : {}) });
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      throw new Error(`Error validating ${phase === "resource" ? `resource ${resource?.urn}` : "stack"} with ${policyFrom(policyName)}:\n${detail}`);
    }
  };

  // The engine's Analyze: each resource, every resource policy, on its inputs.
  for (const resource of resources) {
    const view = policyView(resource);
    for (const policy of policies) {
      let level = levelOf(policy);
      if (level === "disabled" || !isResourcePolicy(policy)) continue;
      if (!policy.validateResource) {
        notApplicable.push({ policyName: policy.name, reason: "Policy does not implement validateResource", urn: resource.urn });
        continue;
      }
      if (level === "remediate") level = "mandatory";
      if (!Array.isArray(policy.validateResource)) {
        const pulumiType = pulumiTypeOf(policy.validateResource);
        if (pulumiType && resource.type !== pulumiType) {
          notApplicable.push({ policyName: policy.name, reason: `Policy only applies to resources of type '${pulumiType}'`, urn: resource.urn });
          continue;
        }
      }
      const reportViolation = reporter(policy, level, "resource", resource);
      const validations: ResourceValidation[] = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const validation of validations) {
        try {
          const args: ResourceValidationArgs = {
            ...view,
            // The same function; the two typings describe its result differently (resolved resource vs. its args).
            asType: view.asType as unknown as ResourceValidationArgs["asType"],
            stackTags,
            getConfig: getConfigFor(policy.name),
            notApplicable: throwNotApplicable,
          };
          runSync(validation(args, reportViolation), policy.name);
        } catch (error) {
          handleError(error, policy.name, "resource", resource);
        }
      }
    }
  }

  // The engine's AnalyzeStack: every stack policy, once, over all resources.
  let stack: PolicyResource[] | undefined;
  for (const policy of policies) {
    let level = levelOf(policy);
    if (level === "disabled" || !isStackPolicy(policy)) continue;
    if (level === "remediate") level = "mandatory";
    const pulumiType = pulumiTypeOf(policy.validateStack);
    if (pulumiType && !resources.some((r) => r.type === pulumiType)) {
      notApplicable.push({ policyName: policy.name, reason: `Policy only applies to resources of type '${pulumiType}'` });
      continue;
    }
    const reportViolation = reporter(policy, level, "stack");
    try {
      stack ??= stackView(resources);
      const args: StackValidationArgs = {
        resources: stack,
        getConfig: getConfigFor(policy.name),
        stackTags,
        notApplicable: throwNotApplicable,
      };
      runSync(policy.validateStack(args, reportViolation), policy.name);
    } catch (error) {
      handleError(error, policy.name, "stack");
    }
  }
  return { findings, notApplicable };
}

/** The findings of {@link evaluate}: what `pulumi preview --policy-pack policies` would report. */
export function evaluatePolicies(resources: PolicyInputResource[], options: EvaluateOptions = {}): Finding[] {
  return evaluate(resources, options).findings;
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

/** Summarises findings per policy, in the pack's order. */
export function policyVerdicts(findings: Finding[], options: Pick<EvaluateOptions, "config" | "policies"> = {}): PolicyVerdict[] {
  const policies = options.policies ?? POLICIES;
  const config = reconcilePolicyConfig(options.config ?? {}, policies);
  return policies.map((policy) => {
    const enforcementLevel = config[policy.name].enforcementLevel;
    const own = findings.filter((f) => f.policyName === policy.name);
    return {
      policyName: policy.name,
      description: policy.description,
      enforcementLevel,
      verdict: enforcementLevel === "disabled" ? "disabled" : own.length > 0 ? "violations" : "pass",
      mandatory: own.filter((f) => f.enforcementLevel === "mandatory").length,
      advisory: own.filter((f) => f.enforcementLevel === "advisory").length,
      undetermined: own.some((f) => f.message.startsWith(`can't run policy '${policy.name}'`)),
      findings: own,
    };
  });
}
