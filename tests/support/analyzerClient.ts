/**
 * Runs a policy pack the way the Pulumi CLI does and talks to it over the engine's Analyzer gRPC
 * protocol, without the CLI:
 *
 * - starts a minimal Engine service (the CLI passes its own host address as the first argument),
 * - spawns `node <@pulumi/pulumi/cmd/run-policy-pack> <engine address> .` in the pack's folder
 *   (resolved from there, as the CLI's `pulumi-analyzer-policy` shim does), with the environment the
 *   CLI adds for Node.js packs (PULUMI_STACK, PULUMI_PROJECT, PULUMI_DRY_RUN, PULUMI_CONFIG, ...),
 *   so the pack is compiled by ts-node with type checking against the pack's tsconfig.json,
 * - reads the port the pack prints on stdout, then calls Handshake (unimplemented by Node.js packs,
 *   which the CLI tolerates), ConfigureStack, GetAnalyzerInfo and Configure (with the config
 *   reconciled as the CLI does: policy defaults, `all`, then each policy's entry),
 * - marshals properties as the engine does: a protobuf Struct where unknown values are the string
 *   sentinel, secrets are `{ [specialSigKey]: specialSecretSig, value }` (@pulumi/pulumi/runtime/rpc)
 *   and internal `__` keys are skipped.
 *
 * Reusable outside Jest (the benchmark): it has no test-framework dependency.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { specialSecretSig as SECRET_SIG, specialSigKey as SIG_KEY, unknownValue as UNKNOWN } from "@pulumi/pulumi/runtime/rpc";
import type { PolicyInputResource } from "../../tools/plan/evaluate";

type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** The engine's marker for a value not known during preview. */
export { UNKNOWN };

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

export interface AnalyzerPolicyInfo {
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

interface ReconciledConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

export interface StartOptions {
  stack?: string;
  project?: string;
  organization?: string;
  /** `pulumi preview` (true, the default) or `pulumi up` (false). */
  dryRun?: boolean;
  /** Stack config as the CLI passes it (full keys to strings). */
  stackConfig?: Record<string, string>;
  /** Stack tags (`pulumi:tags`), passed with ConfigureStack. */
  tags?: Record<string, string>;
  /** Policy config to send with the first Configure (the CLI always sends one). */
  config?: PolicyPackConfig;
  /** How long to wait for the pack to print its port. Default 60 s. */
  timeoutMs?: number;
}

export interface PolicyPackProcess {
  port: number;
  pid: number;
  /** Milliseconds from spawning the pack to the port on stdout (ts-node type checking included). */
  startupMs: number;
  engineAddress: string;
  /** `unimplemented` when the pack does not implement Handshake (Node.js packs), which the CLI tolerates. */
  handshake: "ok" | "unimplemented";
  info: AnalyzerInfo;
  analyze(resource: AnalyzerResourceInput): Promise<AnalyzeResult>;
  analyzeStack(resources: AnalyzerResourceInput[]): Promise<AnalyzeResult>;
  /** Sends config as the CLI does (reconciled against the pack's policies) and returns what was sent. */
  configure(config?: PolicyPackConfig): Promise<Record<string, ReconciledConfig>>;
  stop(): Promise<void>;
  stdout(): string;
  stderr(): string;
  /** Messages the pack sent to the Engine service's Log, if any. */
  engineLogs: { severity: number; message: string; urn: string }[];
}

const LEVEL_FROM_PROTO: Record<number, EnforcementLevel> = {
  [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
  [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};

const LEVEL_TO_PROTO: Record<EnforcementLevel, analyzerproto.EnforcementLevel> = {
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
  const req = new analyzerproto.AnalyzeRequest();
  req.setUrn(resource.urn);
  req.setType(resource.type);
  req.setName(resource.name);
  req.setProperties(toEngineStruct(resource.props));
  req.setOptions(options(resource));
  const p = provider(resource);
  if (p) req.setProvider(p);
  return req;
}

/** The AnalyzeStack request the engine sends for the whole stack. */
function analyzeStackRequest(resources: AnalyzerResourceInput[]): analyzerproto.AnalyzeStackRequest {
  const req = new analyzerproto.AnalyzeStackRequest();
  req.setResourcesList(
    resources.map((resource) => {
      const r = new analyzerproto.AnalyzerResource();
      r.setUrn(resource.urn);
      r.setType(resource.type);
      r.setName(resource.name);
      r.setProperties(toEngineStruct(resource.props));
      r.setOptions(options(resource));
      const p = provider(resource);
      if (p) r.setProvider(p);
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

function toResult(resp: analyzerproto.AnalyzeResponse): AnalyzeResult {
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

function toInfo(resp: analyzerproto.AnalyzerInfo): AnalyzerInfo {
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
function reconcileConfig(info: AnalyzerInfo, config: PolicyPackConfig = {}): Record<string, ReconciledConfig> {
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

function unary<Res>(call: (callback: (err: grpc.ServiceError | null, res: Res) => void) => unknown): Promise<Res> {
  return new Promise((resolve, reject) => call((err, res) => (err ? reject(err) : resolve(res))));
}

interface EngineStub {
  address: string;
  logs: { severity: number; message: string; urn: string }[];
  server: grpc.Server;
}

/** A minimal Engine service: the address the CLI passes to every plugin. It records Log calls. */
async function startEngine(): Promise<EngineStub> {
  const logs: EngineStub["logs"] = [];
  const server = new grpc.Server();
  const impl: enginerpc.IEngineServer = {
    log: (call, callback) => {
      logs.push({ severity: call.request.getSeverity(), message: call.request.getMessage(), urn: call.request.getUrn() });
      callback(null, new Empty());
    },
    getRootResource: (_call, callback) => callback(null, new engineproto.GetRootResourceResponse()),
    setRootResource: (_call, callback) => callback(null, new engineproto.SetRootResourceResponse()),
    startDebugging: (_call, callback) => callback(null, new Empty()),
    requirePulumiVersion: (_call, callback) => callback(null, new engineproto.RequirePulumiVersionResponse()),
  };
  server.addService(enginerpc.EngineService, impl);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, logs, server };
}

function waitForPort(child: ChildProcess, output: { stdout: string; stderr: string }, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`policy pack printed no port within ${timeoutMs} ms\nstderr:\n${output.stderr}`)), timeoutMs);
    const onData = () => {
      const line = output.stdout.split("\n")[0];
      if (output.stdout.includes("\n") && /^\d+$/.test(line.trim())) finish(undefined, Number(line.trim()));
      else if (output.stdout.includes("\n")) finish(new Error(`policy pack printed ${JSON.stringify(line)} instead of a port\nstderr:\n${output.stderr}`));
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`policy pack exited (code ${code}, signal ${signal}) before printing its port\nstderr:\n${output.stderr}\nstdout:\n${output.stdout}`));
    function finish(error?: Error, port?: number) {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(port as number);
    }
    child.stdout?.on("data", onData);
    child.on("exit", onExit);
  });
}

/** Where the CLI's `pulumi-analyzer-policy` shim finds the runner: resolved from the pack's folder. */
export function runPolicyPackScript(dir: string): string {
  return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [path.resolve(dir)] });
}

/**
 * Starts a policy pack the way `pulumi preview --policy-pack <dir>` does and connects to it.
 * Rejects with the pack's stderr if it fails to start (for instance on a type error).
 */
export async function startPolicyPack(dir: string, opts: StartOptions = {}): Promise<PolicyPackProcess> {
  const packDir = path.resolve(dir);
  const stack = opts.stack ?? "dev";
  const project = opts.project ?? "okta-managed-device-check";
  const dryRun = opts.dryRun ?? true;
  const engine = await startEngine();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_NODEJS_PROJECT: project,
    PULUMI_NODEJS_STACK: stack,
    PULUMI_NODEJS_DRY_RUN: String(dryRun),
    PULUMI_PROJECT: project,
    PULUMI_STACK: stack,
    PULUMI_DRY_RUN: String(dryRun),
    ...(opts.organization ? { PULUMI_NODEJS_ORGANIZATION: opts.organization, PULUMI_ORGANIZATION: opts.organization } : {}),
    ...(opts.stackConfig && Object.keys(opts.stackConfig).length > 0 ? { PULUMI_CONFIG: JSON.stringify(opts.stackConfig) } : {}),
  };
  const started = Date.now();
  const child = spawn(process.execPath, [runPolicyPackScript(packDir), engine.address, "."], { cwd: packDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const output = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  let client: analyzerrpc.AnalyzerClient | undefined;
  const stop = async () => {
    client?.close();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    await new Promise<void>((resolve) => engine.server.tryShutdown(() => resolve()));
  };

  try {
    const port = await waitForPort(child, output, opts.timeoutMs ?? 60_000);
    const startupMs = Date.now() - started;
    const c = new analyzerrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
    });
    client = c;

    let handshake: PolicyPackProcess["handshake"] = "ok";
    const hs = new analyzerproto.AnalyzerHandshakeRequest();
    hs.setEngineAddress(engine.address);
    hs.setRootDirectory(packDir);
    hs.setProgramDirectory(packDir);
    try {
      await unary((cb) => c.handshake(hs, cb));
    } catch (error) {
      if ((error as grpc.ServiceError).code !== grpc.status.UNIMPLEMENTED) throw error;
      handshake = "unimplemented";
    }

    const cs = new analyzerproto.AnalyzerStackConfigureRequest();
    cs.setStack(stack);
    cs.setProject(project);
    cs.setOrganization(opts.organization ?? "");
    cs.setDryRun(dryRun);
    for (const [k, v] of Object.entries(opts.stackConfig ?? {})) cs.getConfigMap().set(k, v);
    for (const [k, v] of Object.entries(opts.tags ?? {})) cs.getTagsMap().set(k, v);
    await unary((cb) => c.configureStack(cs, cb));

    const info = toInfo(await unary((cb) => c.getAnalyzerInfo(new Empty(), cb)));

    const configure = async (config: PolicyPackConfig = {}) => {
      const reconciled = reconcileConfig(info, config);
      const req = new analyzerproto.ConfigureAnalyzerRequest();
      for (const [name, value] of Object.entries(reconciled)) {
        const pc = new analyzerproto.PolicyConfig();
        pc.setEnforcementlevel(LEVEL_TO_PROTO[value.enforcementLevel]);
        pc.setProperties(Struct.fromJavaScript(value.properties as Parameters<typeof Struct.fromJavaScript>[0]));
        req.getPolicyconfigMap().set(name, pc);
      }
      await unary((cb) => c.configure(req, cb));
      return reconciled;
    };
    await configure(opts.config);

    return {
      port,
      pid: child.pid as number,
      startupMs,
      engineAddress: engine.address,
      handshake,
      info,
      analyze: async (resource) => toResult(await unary((cb) => c.analyze(analyzeRequest(resource), cb))),
      analyzeStack: async (resources) => toResult(await unary((cb) => c.analyzeStack(analyzeStackRequest(resources), cb))),
      configure,
      stop,
      stdout: () => output.stdout,
      stderr: () => output.stderr,
      engineLogs: engine.logs,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
