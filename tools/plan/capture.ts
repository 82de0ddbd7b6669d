import * as pulumi from "@pulumi/pulumi";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { createHash } from "crypto";
import { PROJECT, RawStackConfig, SECRET_PLACEHOLDER, SecretConfigValue } from "../../components/config";
import { CATCH_ALL_RULE_NAME, TYPES } from "../../policies/okta";
import { getUser, providerRefusals, type TenantDirectory } from "./providerContract";

/** The engine's marker for a value that is not known until the resource exists (preview). */
export const UNKNOWN = unknownValue;

/** One resource as the program registered it with the engine: what a policy pack is shown. */
export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  /** Plain inputs; values not known during preview are {@link UNKNOWN}. */
  inputs: Record<string, unknown>;
  /** For each input, the URNs of the resources whose outputs it was computed from. */
  propertyDependencies: Record<string, string[]>;
  dependencies: string[];
  deleteBeforeReplace: boolean;
  protect: boolean;
  retainOnDelete: boolean;
}

export interface CaptureOptions {
  stack: string;
  /** Stack config as Pulumi hands it to a program: full keys to strings (structured values as JSON). */
  config: Record<string, string>;
  secretKeys?: string[];
  /** Run as `pulumi preview` (true) or `pulumi up` (false). */
  preview: boolean;
  /**
   * How much the tenant is taken to have answered. "mocked": ids and looked-up users get
   * deterministic stand-ins. "unknown": a first preview with nothing created yet: every id and every
   * user looked up by login is unknown, as in an offline plan.
   */
  tenant: "mocked" | "unknown";
  /** The users the mocked tenant holds (default {@link DEFAULT_DIRECTORY}); unused when the tenant is "unknown". */
  directory?: TenantDirectory;
  /** Declares the resources, e.g. `() => require("../index")`; may return the program's exports. */
  program: () => unknown;
}

export interface CaptureResult {
  resources: CapturedResource[];
  /** The program's exports (stack outputs), resolved; unknown values are {@link UNKNOWN}. */
  outputs: Record<string, unknown>;
}

const ID_PREFIXES: Record<string, string> = {
  [TYPES.appSignonPolicy]: "rst",
  [TYPES.appSignonPolicyRule]: "rul",
  [TYPES.bookmark]: "0oa",
};

/** A deterministic stand-in for the id a tenant would assign (`0oa...` for an app, `rst...` for a policy). */
export function mockId(type: string, name: string): string {
  return `${ID_PREFIXES[type] ?? "id"}${createHash("sha256").update(`${type}/${name}`).digest("hex").slice(0, 17)}`;
}

/** The stand-in Okta user id for a login: `00u` and 17 characters derived from it. */
export function mockUserId(login: string): string {
  return `00u${createHash("sha256").update(login.toLowerCase()).digest("hex").slice(0, 17)}`;
}

/**
 * The mocked tenant's users: every login is an ACTIVE user whose id is {@link mockUserId}(login),
 * and every `00u...` id an ACTIVE user whose login is `<id>@users.example`.
 */
export const DEFAULT_DIRECTORY: TenantDirectory = {
  byLogin: (login) => ({ id: mockUserId(login), login, status: "ACTIVE", email: login }),
  byId: (id) => (id.startsWith("00u") ? { id, login: `${id}@users.example`, status: "ACTIVE", email: `${id}@users.example` } : undefined),
};

const GET_USER = "okta:user/getUser:getUser";

/** One input the provider would refuse: a resource's, or an invoke's (then `name` says what was looked up). */
export interface Refusal {
  type: string;
  name: string;
  message: string;
}

/** The program declares (or looks up) something the provider would refuse when `pulumi up` runs. */
export class ProviderRefusal extends Error {
  constructor(public readonly refusals: Refusal[]) {
    super(refusals.map((r) => `${r.name} (${r.type}): the provider would refuse it: ${r.message}`).join("\n"));
    this.name = "ProviderRefusal";
  }
}

/**
 * Runs a Pulumi program under Pulumi's mocks and records every resource registration exactly as
 * the engine would receive it (type, name, parent, inputs, property dependencies, options).
 * Nothing reaches a tenant or the Pulumi CLI. Rejects with {@link ProviderRefusal} when the provider
 * would refuse an input (plan/providerContract.ts).
 */
export async function captureProgram(options: CaptureOptions): Promise<CaptureResult> {
  const unknownTenant = options.tenant === "unknown";
  const refusals: Refusal[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => {
      const id = unknownTenant && options.preview ? undefined : mockId(args.type, args.name);
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === TYPES.appSignonPolicy && !unknownTenant) {
        state.defaultRuleId = mockId(TYPES.appSignonPolicyRule, `${args.name}/${CATCH_ALL_RULE_NAME}`);
      }
      return { id, state };
    },
    call: (args) => {
      if (args.token !== GET_USER) return args.inputs;
      const notKnown = { ...args.inputs, id: UNKNOWN, login: UNKNOWN, status: UNKNOWN, email: UNKNOWN };
      if (unknownTenant) return notKnown;
      const answer = getUser(args.inputs, options.directory ?? DEFAULT_DIRECTORY);
      if ("user" in answer) return { ...args.inputs, ...answer.user, email: answer.user.email ?? answer.user.login };
      if ("unknown" in answer) return notKnown;
      // The data source fails the invoke, and with it the update (data_source_okta_user.go).
      refusals.push({ type: GET_USER, name: `lookup of ${describeLookup(args.inputs)}`, message: answer.error });
      throw new Error(answer.error);
    },
  };
  pulumi.runtime.setAllConfig(options.config, options.secretKeys ?? []);
  await pulumi.runtime.setMocks(mocks, PROJECT, options.stack, options.preview);

  const registrations = recordRegistrations((resource, app) => {
    for (const message of providerRefusals(resource.type, resource.inputs, { app: app?.inputs })) refusals.push({ type: resource.type, name: resource.name, message });
  });
  // An error the program raises inside an apply (a ResourceError, say) reaches Pulumi's runtime as an
  // unhandled rejection, which the CLI reports as the update's error (pulumi/sdk/nodejs/cmd/run/run.ts).
  // Like the CLI's runner, this takes them over while the program runs, and restores whoever listened before.
  const programErrors: unknown[] = [];
  const listenersBefore = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", (reason: unknown) => programErrors.push(reason));
  try {
    const exported = await options.program();
    await waitForRPCs();
    const outputs = exported && typeof exported === "object" ? await resolveExports(exported as Record<string, unknown>) : {};
    await waitForRPCs();
    const resources = await registrations.done();
    await new Promise((resolve) => setImmediate(resolve));
    if (programErrors.length > 0) throw programErrors[0];
    if (refusals.length > 0) throw new ProviderRefusal(refusals);
    return { resources, outputs };
  } catch (error) {
    throw refusals.length > 0 && !(error instanceof ProviderRefusal) ? new ProviderRefusal(refusals) : (programErrors[0] ?? error);
  } finally {
    process.removeAllListeners("unhandledRejection");
    for (const listener of listenersBefore) process.on("unhandledRejection", listener);
  }
}

function describeLookup(inputs: Record<string, unknown>): string {
  const search = (inputs.searches as { value?: unknown }[] | undefined)?.[0];
  return inputs.userId ? `user id ${String(inputs.userId)}` : `user ${String(search?.value)}`;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
  getDependenciesList(): string[];
  getDeletebeforereplace(): boolean;
  getProtect(): boolean;
  getRetainondelete(): boolean;
}

type Callback = (error: Error | null, response?: { getUrn(): string }) => void;

// The mocks hand `newResource` neither the parent nor the property dependencies; the request the
// SDK sends to the (mock) resource monitor carries both, so it is recorded there. Each registration is
// also shown to `check` with the resource its `appId` comes from (an assignment's app), registered before it.
function recordRegistrations(check: (resource: CapturedResource, app: CapturedResource | undefined) => void) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): { registerResource(req: RegisterRequest, cb: Callback): void } };
  const monitor = settings.getMonitor();
  const pending: Promise<CapturedResource>[] = [];
  const byUrn = new Map<string, CapturedResource>();
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: RegisterRequest, callback: Callback) => {
    pending.push(
      new Promise<CapturedResource>((resolve, reject) => {
        original(req, (error, response) => {
          if (error || !response) {
            callback(error, response);
            reject(error ?? new Error(`no response registering ${req.getName()}`));
            return;
          }
          const captured = toCaptured(req, response.getUrn());
          byUrn.set(captured.urn, captured);
          check(captured, (captured.propertyDependencies.appId ?? []).map((urn) => byUrn.get(urn)).find((r) => r?.custom));
          callback(error, response);
          resolve(captured);
        });
      }),
    );
  };
  return { done: () => Promise.all(pending) };
}

function toCaptured(req: RegisterRequest, urn: string): CapturedResource {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((value, key) => {
    const urns = value.getUrnsList();
    if (urns.length > 0) propertyDependencies[key] = [...urns].sort();
  });
  return {
    urn,
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    parent: req.getParent() || undefined,
    inputs: req.getObject()?.toJavaScript() ?? {},
    propertyDependencies,
    dependencies: [...req.getDependenciesList()].sort(),
    deleteBeforeReplace: req.getDeletebeforereplace(),
    protect: req.getProtect(),
    retainOnDelete: req.getRetainondelete(),
  };
}

function waitForRPCs(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  return settings.waitForRPCs();
}

async function resolveExports(exported: Record<string, unknown>): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(exported)) {
    if (key === "__esModule") continue;
    outputs[key] = pulumi.Output.isInstance(value) ? await resolveOutput(value) : value;
  }
  return outputs;
}

function resolveOutput(output: pulumi.Output<unknown>): Promise<unknown> {
  // An apply never runs on an unknown value during preview; `isKnown` tells the two apart.
  const internal = output as unknown as { isKnown: Promise<boolean>; promise(): Promise<unknown> };
  return Promise.all([internal.isKnown, internal.promise()]).then(([known, value]) => (known ? value : UNKNOWN));
}


/**
 * Turns a stack file's config into what Pulumi hands a program: strings, structured values as
 * JSON, and encrypted values as placeholders listed among the secret keys.
 */
export function toPulumiConfig(raw: RawStackConfig): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (value instanceof SecretConfigValue) {
      config[key] = SECRET_PLACEHOLDER;
      secretKeys.push(key);
    } else {
      config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return { config, secretKeys };
}
