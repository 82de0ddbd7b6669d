/**
 * The engine's side of the Analyzer gRPC protocol, as the Pulumi CLI speaks it: properties
 * marshalled as the engine marshals them (a protobuf Struct where unknown values are the string
 * sentinel, secrets are `{ [specialSigKey]: specialSecretSig, value }` from @pulumi/pulumi/runtime/rpc,
 * internal `__` keys skipped), the Analyze and AnalyzeStack requests, the answers read back, and the
 * CLI's reconciliation of policy config (policy defaults, `all`, then each policy's entry).
 * The engine's marshalling: pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go
 * (marshalProvider: unknowns and secrets kept, internal keys skipped; marshalResourceOptions).
 */
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { specialSecretSig as SECRET_SIG, specialSigKey as SIG_KEY } from "@pulumi/pulumi/runtime/rpc";
import type { PolicyInputResource } from "../../tools/plan/evaluate";

type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";


/** A secret value in the engine's wire format. */
export function secret(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** A resource as the engine sends it to a policy pack. */
export type AnalyzerResourceInput = PolicyInputResource & {
  provider?: { urn: string; type: string; name: string; props: Record<string, unknown> };
};

export interface AnalyzerDiagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  urn?: string;
}

export interface AnalyzeResult {
  diagnostics: AnalyzerDiagnostic[];
  notApplicable: { policyName: string; reason: string }[];
}

interface AnalyzerPolicyInfo {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  policyType: "resource" | "stack" | "unknown";
  configSchema?: { properties: Record<string, Record<string, unknown>>; required: string[] };
}

export interface AnalyzerInfo {
  name: string;
  version: string;
  description: string;
  supportsConfig: boolean;
  policies: AnalyzerPolicyInfo[];
}

/** A `--policy-pack-config` file's contents: policy name (or `all`) to a level or an object with one and properties. */
export type PolicyPackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface ReconciledConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

const LEVEL_FROM_PROTO: Record<number, EnforcementLevel> = {
  [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
  [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};

export const LEVEL_TO_PROTO: Record<EnforcementLevel, analyzerproto.EnforcementLevel> = {
  advisory: analyzerproto.EnforcementLevel.ADVISORY,
  mandatory: analyzerproto.EnforcementLevel.MANDATORY,
  disabled: analyzerproto.EnforcementLevel.DISABLED,
  remediate: analyzerproto.EnforcementLevel.REMEDIATE,
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A property value as the engine marshals it (KeepUnknowns, KeepSecrets, SkipInternalKeys). */
function marshalValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(marshalValue);
  if (isPlainObject(value)) {
    if (value[SIG_KEY] === SECRET_SIG) return { [SIG_KEY]: SECRET_SIG, value: marshalValue(value.value) };
    return marshalProps(value);
  }
  return value;
}

function marshalProps(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || key.startsWith("__")) continue;
    out[key] = marshalValue(value);
  }
  return out;
}

/** Properties as the protobuf Struct the engine sends. */
function toEngineStruct(props: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(marshalProps(props) as Parameters<typeof Struct.fromJavaScript>[0]);
}

function options(resource: AnalyzerResourceInput): analyzerproto.AnalyzerResourceOptions {
  const opts = new analyzerproto.AnalyzerResourceOptions();
  opts.setProtect(resource.opts?.protect ?? false);
  opts.setIgnorechangesList(resource.opts?.ignoreChanges ?? []);
  opts.setDeletebeforereplace(resource.opts?.deleteBeforeReplace ?? false);
  opts.setDeletebeforereplacedefined(resource.opts?.deleteBeforeReplace !== undefined);
  opts.setAdditionalsecretoutputsList(resource.opts?.additionalSecretOutputs ?? []);
  opts.setAliasesList(resource.opts?.aliases ?? []);
  opts.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
  opts.setParent(resource.opts?.parent ?? resource.parent ?? "");
  return opts;
}

function provider(resource: AnalyzerResourceInput): analyzerproto.AnalyzerProviderResource | undefined {
  if (!resource.provider) return undefined;
  const p = new analyzerproto.AnalyzerProviderResource();
  p.setUrn(resource.provider.urn);
  p.setType(resource.provider.type);
  p.setName(resource.provider.name);
  p.setProperties(toEngineStruct(resource.provider.props));
  return p;
}

/** The Analyze request the engine sends for one resource (its inputs). */
export function analyzeRequest(resource: AnalyzerResourceInput): analyzerproto.AnalyzeRequest {
  return withResource(new analyzerproto.AnalyzeRequest(), resource);
}

/** The fields an Analyze request and an AnalyzeStack resource share, set from one resource. */
function withResource<T extends analyzerproto.AnalyzeRequest | analyzerproto.AnalyzerResource>(target: T, resource: AnalyzerResourceInput): T {
  target.setUrn(resource.urn);
  target.setType(resource.type);
  target.setName(resource.name);
  target.setProperties(toEngineStruct(resource.props));
  target.setOptions(options(resource));
  const p = provider(resource);
  if (p) target.setProvider(p);
  return target;
}

/** The AnalyzeStack request the engine sends for the whole stack. */
export function analyzeStackRequest(resources: AnalyzerResourceInput[]): analyzerproto.AnalyzeStackRequest {
  const req = new analyzerproto.AnalyzeStackRequest();
  req.setResourcesList(
    resources.map((resource) => {
      const r = withResource(new analyzerproto.AnalyzerResource(), resource);
      r.setParent(resource.parent ?? "");
      r.setDependenciesList(resource.dependencies ?? []);
      const deps = r.getPropertydependenciesMap();
      for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {})) {
        // The engine skips properties that have no dependencies.
        if (urns.length === 0) continue;
        const d = new analyzerproto.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        deps.set(key, d);
      }
      return r;
    }),
  );
  return req;
}

export function toResult(resp: analyzerproto.AnalyzeResponse): AnalyzeResult {
  return {
    diagnostics: resp.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      policyPackVersion: d.getPolicypackversion(),
      description: d.getDescription(),
      message: d.getMessage(),
      enforcementLevel: LEVEL_FROM_PROTO[d.getEnforcementlevel()],
      ...(d.getUrn() ? { urn: d.getUrn() } : {}),
    })),
    notApplicable: resp.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}

export function toInfo(resp: analyzerproto.AnalyzerInfo): AnalyzerInfo {
  return {
    name: resp.getName(),
    version: resp.getVersion(),
    description: resp.getDescription(),
    supportsConfig: resp.getSupportsconfig(),
    policies: resp.getPoliciesList().map((p) => {
      const schema = p.getConfigschema();
      const type = p.getPolicyType();
      return {
        name: p.getName(),
        description: p.getDescription(),
        enforcementLevel: LEVEL_FROM_PROTO[p.getEnforcementlevel()],
        policyType: type === analyzerproto.PolicyType.POLICY_TYPE_RESOURCE ? "resource" : type === analyzerproto.PolicyType.POLICY_TYPE_STACK ? "stack" : "unknown",
        ...(schema
          ? { configSchema: { properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>, required: schema.getRequiredList() } }
          : {}),
      };
    }),
  };
}

/**
 * The CLI's config reconciliation: every policy starts from its level and its schema defaults,
 * `all` sets every level, then each policy's own entry overrides its level and merges properties.
 */
export function reconcileConfig(info: AnalyzerInfo, config: PolicyPackConfig = {}): Record<string, ReconciledConfig> {
  const entry = (value: PolicyPackConfig[string]) => {
    if (typeof value === "string") return { enforcementLevel: value, properties: {} as Record<string, unknown> };
    const { enforcementLevel, ...properties } = value;
    return { enforcementLevel, properties };
  };
  const all = config.all === undefined ? undefined : entry(config.all);
  const result: Record<string, ReconciledConfig> = {};
  for (const policy of info.policies) {
    const properties: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
      if (schema.default !== undefined) properties[key] = schema.default;
    }
    let enforcementLevel = policy.enforcementLevel;
    if (all?.enforcementLevel) enforcementLevel = all.enforcementLevel;
    const own = config[policy.name] === undefined ? undefined : entry(config[policy.name]);
    if (own?.enforcementLevel) enforcementLevel = own.enforcementLevel;
    Object.assign(properties, own?.properties ?? {});
    result[policy.name] = { enforcementLevel, properties };
  }
  return result;
}
