/**
 * Runs the component provider as the Pulumi CLI does for `pulumi package add` and plays the
 * engine and the resource monitor on loopback, without the CLI:
 *
 * - an Engine service (Log, GetRootResource, SetRootResource: pulumi/proto/pulumi/engine.proto) and a
 *   ResourceMonitor (SupportsFeature, RegisterResource, RegisterResourceOutputs, Invoke:
 *   pulumi/proto/pulumi/resource.proto) that records every registration as the engine receives it,
 *   answers the user lookup as the provider's data source does for an ACTIVE user, and gives each
 *   resource the URN the engine would (sdk/go/common/resource/urn.go, NewURN);
 * - the provider process, started with the engine's address as its argument (as every plugin is),
 *   which prints its port; then the ResourceProvider service (provider_grpc_pb) is called.
 */
import { ChildProcess, spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as providerrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerproto from "@pulumi/pulumi/proto/provider_pb";
import * as resourcerpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourceproto from "@pulumi/pulumi/proto/resource_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export const PROJECT = "consumer";
export const STACK = "dev";

/** A registration as the resource monitor received it. */
export interface Registered {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  inputs: Record<string, unknown>;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

/** A user the played tenant holds, as the data source okta_user answers (data_source_okta_user.go). */
export interface TenantUser {
  id: string;
  login: string;
  status: string;
}

export interface Deployment {
  registered: Registered[];
  /** Messages the provider logged to the engine (severity and text). */
  logs: string[];
  /** The monitor's address, for ConstructRequest.monitorEndpoint. */
  monitor: string;
  engine: string;
  stop(): Promise<void>;
}

function bind(server: grpc.Server): Promise<string> {
  return new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(`127.0.0.1:${port}`))),
  );
}

// Features the Node.js SDK asks about (runtime/settings.ts, awaitFeatureSupport); the engine of a current CLI supports these.
const SUPPORTED = new Set(["secrets", "resourceReferences", "outputValues", "deletedWith", "aliasSpecs"]);

/** Starts the engine and a resource monitor holding `users`. */
export async function startDeployment(users: TenantUser[]): Promise<Deployment> {
  const registered: Registered[] = [];
  const logs: string[] = [];
  const engine = new grpc.Server();
  engine.addService(enginerpc.EngineService, {
    log: (call: grpc.ServerUnaryCall<engineproto.LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
      logs.push(`${call.request.getSeverity()} ${call.request.getMessage()}`);
      callback(null, new Empty());
    },
    getRootResource: (_call: unknown, callback: grpc.sendUnaryData<engineproto.GetRootResourceResponse>) => callback(null, new engineproto.GetRootResourceResponse()),
    setRootResource: (_call: unknown, callback: grpc.sendUnaryData<engineproto.SetRootResourceResponse>) => callback(null, new engineproto.SetRootResourceResponse()),
  });
  const monitor = new grpc.Server();
  monitor.addService(resourcerpc.ResourceMonitorService, {
    supportsFeature: (call: grpc.ServerUnaryCall<resourceproto.SupportsFeatureRequest, unknown>, callback: grpc.sendUnaryData<resourceproto.SupportsFeatureResponse>) => {
      const response = new resourceproto.SupportsFeatureResponse();
      response.setHassupport(SUPPORTED.has(call.request.getId()));
      callback(null, response);
    },
    registerResource: (call: grpc.ServerUnaryCall<resourceproto.RegisterResourceRequest, unknown>, callback: grpc.sendUnaryData<resourceproto.RegisterResourceResponse>) => {
      const req = call.request;
      const parent = registered.find((r) => r.urn === req.getParent());
      const qualifiedType = parent && parent.type !== "pulumi:pulumi:Stack" ? `${parent.urn.split("::")[2]}$${req.getType()}` : req.getType();
      const urn = `urn:pulumi:${STACK}::${PROJECT}::${qualifiedType}::${req.getName()}`;
      const inputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
      const propertyDependencies: Record<string, string[]> = {};
      req.getPropertydependenciesMap().forEach((value, key) => {
        if (value.getUrnsList().length > 0) propertyDependencies[key] = [...value.getUrnsList()].sort();
      });
      registered.push({ urn, type: req.getType(), name: req.getName(), custom: req.getCustom(), parent: req.getParent(), inputs, dependencies: [...req.getDependenciesList()].sort(), propertyDependencies });
      const response = new resourceproto.RegisterResourceResponse();
      response.setUrn(urn);
      if (req.getCustom()) response.setId(`${req.getName()}-id`);
      response.setObject(Struct.fromJavaScript(req.getCustom() ? { ...inputs, id: `${req.getName()}-id` } : {}) as never);
      callback(null, response);
    },
    registerResourceOutputs: (_call: unknown, callback: grpc.sendUnaryData<Empty>) => callback(null, new Empty()),
    invoke: (call: grpc.ServerUnaryCall<resourceproto.ResourceInvokeRequest, unknown>, callback: grpc.sendUnaryData<resourceproto.ResourceInvokeResponse>) => {
      const args = (call.request.getArgs()?.toJavaScript() ?? {}) as { userId?: string; searches?: { value: string }[] };
      const response = new resourceproto.ResourceInvokeResponse();
      const found = users.find((u) => u.id === args.userId || u.login.toLowerCase() === args.searches?.[0]?.value.toLowerCase());
      if (call.request.getTok() !== "okta:user/getUser:getUser" || !found) {
        // The data source fails the invoke when nothing matches (data_source_okta_user.go).
        const failure = new providerproto.CheckFailure();
        failure.setReason(`no users found using search criteria: ${JSON.stringify(args)}`);
        response.setFailuresList([failure]);
      } else {
        response.setReturn(Struct.fromJavaScript({ ...args, ...found }) as never);
      }
      callback(null, response);
    },
  });
  const [engineAddress, monitorAddress] = await Promise.all([bind(engine), bind(monitor)]);
  return {
    registered,
    logs,
    engine: engineAddress,
    monitor: monitorAddress,
    stop: async () => {
      await Promise.all([engine, monitor].map((server) => new Promise<void>((resolve) => server.tryShutdown(() => resolve()))));
    },
  };
}

export interface ProviderProcess {
  client: providerrpc.ResourceProviderClient;
  stderr(): string;
  stop(): Promise<void>;
}

/** Spawns `node <args> <engine address>` in `cwd` and connects to the port it prints. */
export async function startProvider(nodeArgs: string[], cwd: string, engine: string, timeoutMs = 120_000): Promise<ProviderProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, engine], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the provider printed no port within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    const poll = setInterval(() => {
      const match = /^(\d+)\s*$/m.exec(stdout);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]);
      } else if (child.exitCode !== null) {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`the provider exited with ${child.exitCode}; stderr: ${stderr}`));
      }
    }, 20);
  }).catch(async (error: Error) => {
    await stop();
    throw error;
  });
  const client = new providerrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    client,
    stderr: () => stderr,
    stop: async () => {
      client.close();
      await stop();
    },
  };
}

/** GetSchema: the package schema as JSON. */
export function getSchema(client: providerrpc.ResourceProviderClient): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) =>
    client.getSchema(new providerproto.GetSchemaRequest(), (error, response) => (error ? reject(error) : resolve(JSON.parse(response!.getSchema()) as Record<string, unknown>))),
  );
}

/** Construct, as the engine sends it for a component declared from another language. */
export function construct(
  client: providerrpc.ResourceProviderClient,
  deployment: Deployment,
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): Promise<{ urn: string; state: Record<string, unknown> }> {
  const req = new providerproto.ConstructRequest();
  req.setProject(PROJECT);
  req.setStack(STACK);
  req.setDryrun(false);
  req.setParallel(1);
  req.setMonitorendpoint(deployment.monitor);
  req.setType(type);
  req.setName(name);
  req.setInputs(Struct.fromJavaScript(inputs as never) as never);
  req.setAcceptsOutputValues(true);
  return new Promise((resolve, reject) =>
    client.construct(req, (error, response) =>
      error ? reject(error) : resolve({ urn: response!.getUrn(), state: (response!.getState()?.toJavaScript() ?? {}) as Record<string, unknown> }),
    ),
  );
}
