import * as pulumi from "@pulumi/pulumi";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { PROJECT, SECRET_PLACEHOLDER, SecretConfigValue, toProgramText, type RawStackConfig } from "../../components/config";
import type { GetGroupAnswer } from "./groupDirectory";
import { providerRefusals, type GetUserAnswer } from "./providerContract";

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
  /** The id the (mock) engine gave it; absent when not known until the resource exists. */
  id?: string;
  /** The `import:` option: the id of an existing tenant object the resource would adopt instead of creating. */
  importId?: string;
}

/**
 * What the mocked engine answers in place of the tenant. The plan answers as a tenant seen offline
 * ({@link OFFLINE_TENANT} in `offlineTenant.ts`); the tests bring their own (tests/support/mockedTenant.ts).
 */
export interface MockTenant {
  /** The id the tenant would assign a new resource; undefined: not known until it exists (a preview). */
  idOf(type: string, name: string, preview: boolean): string | undefined;
  /** What else the provider reads back for a new resource (a policy's `defaultRuleId`). */
  stateOf?(type: string, name: string): Record<string, unknown>;
  /** The data source okta_user's answer (providerContract.ts, `getUser`). */
  lookUpUser(inputs: Record<string, unknown>): GetUserAnswer;
  /** The data source okta_group's answer (groupDirectory.ts, `getGroup`); without it every group is "looked up in tenant" (unknown). */
  lookUpGroup?(inputs: Record<string, unknown>): GetGroupAnswer;
  /**
   * True when the run cannot see the values Pulumi would decrypt or an ESC environment would supply
   * (handed to the program as {@link SECRET_PLACEHOLDER}): they reach the resources as unknown
   * values, so that a policy reading one says "cannot check" instead of judging the placeholder.
   */
  hidesUnseenConfig?: boolean;
}

export interface CaptureOptions {
  stack: string;
  /** The stack's config as the program receives it (`readProjectStack`), or as a test writes it; turned into Pulumi's text by {@link toPulumiConfig}. */
  config: RawStackConfig;
  /** Run as `pulumi preview` (true) or `pulumi up` (false). */
  preview: boolean;
  tenant: MockTenant;
  /** Declares the resources, e.g. `() => require("../index")`; may return the program's exports. */
  program: () => unknown;
}

export interface CaptureResult {
  resources: CapturedResource[];
  /** The program's exports (stack outputs), resolved; unknown values are {@link UNKNOWN}. */
  outputs: Record<string, unknown>;
}

const GET_USER = "okta:user/getUser:getUser";
const GET_GROUP = "okta:group/getGroup:getGroup";

/** One input the provider would refuse: a resource's, or an invoke's (then `name` says what was looked up). */
interface Refusal {
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
  const { tenant } = options;
  const refusals: Refusal[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => ({ id: tenant.idOf(args.type, args.name, options.preview), state: { ...args.inputs, ...tenant.stateOf?.(args.type, args.name) } }),
    call: (args) => {
      if (args.token === GET_GROUP) {
        const answer: GetGroupAnswer = tenant.lookUpGroup?.(args.inputs) ?? { unknown: true };
        if ("group" in answer) return { ...args.inputs, ...answer.group, users: [] };
        if ("unknown" in answer) return { ...args.inputs, id: UNKNOWN, name: UNKNOWN, type: UNKNOWN, description: UNKNOWN, users: [] };
        // The data source fails the invoke, and with it the update, as okta_user does (data_source_okta_group.go).
        refusals.push({ type: GET_GROUP, name: args.inputs.id ? `lookup of group id ${String(args.inputs.id)}` : `lookup of group ${String(args.inputs.name)}`, message: answer.error });
        throw new Error(answer.error);
      }
      if (args.token !== GET_USER) return args.inputs;
      const answer = tenant.lookUpUser(args.inputs);
      if ("user" in answer) return { ...args.inputs, ...answer.user, email: answer.user.email ?? answer.user.login };
      if ("unknown" in answer) return { ...args.inputs, id: UNKNOWN, login: UNKNOWN, status: UNKNOWN, email: UNKNOWN };
      // The data source fails the invoke, and with it the update (data_source_okta_user.go).
      refusals.push({ type: GET_USER, name: `lookup of ${describeLookup(args.inputs)}`, message: answer.error });
      throw new Error(answer.error);
    },
  };
  const { config, secretKeys } = toPulumiConfig(options.config);
  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks(mocks, PROJECT, options.stack, options.preview);

  const registrations = recordRegistrations(tenant.hidesUnseenConfig === true, (resource, app) => {
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
  getImportid(): string;
}

type Callback = (error: Error | null, response?: { getUrn(): string; getId(): string }) => void;

// The mocks hand `newResource` neither the parent nor the property dependencies; the request the
// SDK sends to the (mock) resource monitor carries both, so it is recorded there. Each registration is
// also shown to `check` with the resource its `appId` comes from (an assignment's app), registered before it.
function recordRegistrations(hideUnseen: boolean, check: (resource: CapturedResource, app: CapturedResource | undefined) => void) {
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
          const captured = toCaptured(req, response.getUrn(), response.getId(), hideUnseen);
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

function toCaptured(req: RegisterRequest, urn: string, id: string, hideUnseen: boolean): CapturedResource {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((value, key) => {
    const urns = value.getUrnsList();
    if (urns.length > 0) propertyDependencies[key] = [...urns].sort();
  });
  const inputs = req.getObject()?.toJavaScript() ?? {};
  return {
    urn,
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    parent: req.getParent() || undefined,
    inputs: hideUnseen ? unseenAsUnknown(inputs) : inputs,
    propertyDependencies,
    dependencies: [...req.getDependenciesList()].sort(),
    deleteBeforeReplace: req.getDeletebeforereplace(),
    protect: req.getProtect(),
    retainOnDelete: req.getRetainondelete(),
    ...(id ? { id } : {}),
    ...(req.getImportid() ? { importId: req.getImportid() } : {}),
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


/** The placeholder of a value the run cannot see, wherever it was copied, as the unknown it is (a secret stays a secret). */
function unseenAsUnknown<T>(value: T): T {
  if (value === SECRET_PLACEHOLDER) return UNKNOWN as T;
  if (Array.isArray(value)) return value.map(unseenAsUnknown) as T;
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unseenAsUnknown(v)])) as T;
  return value;
}

/**
 * What Pulumi hands a program: every value as text ({@link toProgramText}), and each secret as
 * {@link SECRET_PLACEHOLDER} listed among the secret keys (its plaintext is never known offline).
 */
function toPulumiConfig(raw: RawStackConfig): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const text = toProgramText(value);
    if (text instanceof SecretConfigValue) secretKeys.push(key);
    config[key] = text instanceof SecretConfigValue ? SECRET_PLACEHOLDER : text;
  }
  return { config, secretKeys };
}
