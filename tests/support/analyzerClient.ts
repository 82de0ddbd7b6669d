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
 * - marshals properties and reads answers as the engine does (./analyzerProtocol.ts).
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
import {
  analyzeRequest,
  analyzeStackRequest,
  LEVEL_TO_PROTO,
  reconcileConfig,
  toInfo,
  toResult,
  type AnalyzeResult,
  type AnalyzerInfo,
  type AnalyzerResourceInput,
  type PolicyPackConfig,
  type ReconciledConfig,
} from "./analyzerProtocol";

interface StartOptions {
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
