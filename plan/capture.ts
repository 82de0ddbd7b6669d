import * as pulumi from "@pulumi/pulumi";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { createHash } from "crypto";
import { PROJECT, RawStackConfig, SecretConfigValue } from "../components/config";

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
  /** Declares the resources, e.g. `() => require("../index")`; may return the program's exports. */
  program: () => unknown;
}

export interface CaptureResult {
  resources: CapturedResource[];
  /** The program's exports (stack outputs), resolved; unknown values are {@link UNKNOWN}. */
  outputs: Record<string, unknown>;
}

const ID_PREFIXES: Record<string, string> = {
  "okta:index/appSignonPolicy:AppSignonPolicy": "rst",
  "okta:index/appSignonPolicyRule:AppSignonPolicyRule": "rul",
  "okta:app/bookmark:Bookmark": "0oa",
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
 * Runs a Pulumi program under Pulumi's mocks and records every resource registration exactly as
 * the engine would receive it (type, name, parent, inputs, property dependencies, options).
 * Nothing reaches a tenant or the Pulumi CLI.
 */
export async function captureProgram(options: CaptureOptions): Promise<CaptureResult> {
  const unknownTenant = options.tenant === "unknown";
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => {
      const id = unknownTenant && options.preview ? undefined : mockId(args.type, args.name);
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === "okta:index/appSignonPolicy:AppSignonPolicy" && !unknownTenant) {
        state.defaultRuleId = mockId("okta:index/appSignonPolicyRule:AppSignonPolicyRule", `${args.name}/Catch-all Rule`);
      }
      return { id, state };
    },
    call: (args) => {
      if (args.token === "okta:user/getUser:getUser") {
        const login = (args.inputs.searches as { value: string }[] | undefined)?.[0]?.value ?? String(args.inputs.userId);
        return unknownTenant ? { id: UNKNOWN, login } : { id: mockUserId(login), login };
      }
      return args.inputs;
    },
  };
  pulumi.runtime.setAllConfig(options.config, options.secretKeys ?? []);
  await pulumi.runtime.setMocks(mocks, PROJECT, options.stack, options.preview);

  const registrations = recordRegistrations();
  const exported = await options.program();
  await waitForRPCs();
  const outputs = exported && typeof exported === "object" ? await resolveExports(exported as Record<string, unknown>) : {};
  await waitForRPCs();
  return { resources: await registrations.done(), outputs };
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
// SDK sends to the (mock) resource monitor carries both, so it is recorded there.
function recordRegistrations() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): { registerResource(req: RegisterRequest, cb: Callback): void } };
  const monitor = settings.getMonitor();
  const pending: Promise<CapturedResource>[] = [];
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: RegisterRequest, callback: Callback) => {
    pending.push(
      new Promise<CapturedResource>((resolve, reject) => {
        original(req, (error, response) => {
          callback(error, response);
          if (error || !response) reject(error ?? new Error(`no response registering ${req.getName()}`));
          else resolve(toCaptured(req, response.getUrn()));
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

/** A secret's stand-in when a program runs offline: the stack file's ciphertext is never decrypted. */
export const SECRET_PLACEHOLDER = "[secret]";

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
