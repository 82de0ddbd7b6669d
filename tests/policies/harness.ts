/**
 * Runs one policy directly, with properties wrapped in `@pulumi/policy`'s unknown-checking proxy
 * exactly as the engine's server does, and builds by hand the resources the component declares.
 * Independent of policies/evaluate.ts (which has its own tests against the real pack).
 */
import { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { unknownValue as UNKNOWN } from "@pulumi/pulumi/runtime/rpc";
import type { CapturedResource as Captured } from "../../plan/capture";
import type { PolicyInputResource } from "../../policies/evaluate";
import { TYPES } from "../../policies/scope";
import { unknownCheckingProxy, UnknownValueError, UnknownValueErrorLike } from "../../policies/sdk";

export { UNKNOWN };

/** The component's FastPass constraint (evaluate.test.ts checks it against components/), kept literal so unit tests need not load @pulumi/okta. */
export const FASTPASS_CONSTRAINT = '{"possession":{"authenticationMethods":[{"key":"okta_verify","method":"signed_nonce"}],"required":true}}';
export const PROJECT = "okta-managed-device-check";

export interface Outcome {
  /** The messages reported, in order. */
  violations: string[];
  /** The URNs passed with each violation (stack policies). */
  urns: (string | undefined)[];
  /** Set when the policy read a value unknown during preview (the engine reports an advisory). */
  unknown?: UnknownValueErrorLike;
  /** Set when the policy declared itself not applicable. */
  notApplicable?: string;
}

export type Res = Pick<PolicyInputResource, "urn" | "type" | "name" | "props" | "propertyDependencies" | "parent">;

class NotApplicable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function settle(outcome: Outcome, run: () => unknown): Outcome {
  try {
    const result = run();
    if (result instanceof Promise) throw new Error("policies must be synchronous");
  } catch (error) {
    if (error instanceof UnknownValueError) outcome.unknown = error;
    else if (error instanceof NotApplicable) outcome.notApplicable = error.reason;
    else throw error;
  }
  return outcome;
}

/**
 * A deep copy made in this realm. (`structuredClone` returns objects of Node's main realm under
 * Jest, which `unknownCheckingProxy` would not wrap: it only proxies `instanceof Object` values.)
 */
function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  return value;
}

const OPTS = { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };

export function runResourcePolicy(policy: ResourceValidationPolicy, resource: Omit<Res, "urn"> & { urn?: string }, config: Record<string, unknown> = {}): Outcome {
  const outcome: Outcome = { violations: [], urns: [] };
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
  for (const validation of validations) {
    if (!validation) continue;
    settle(outcome, () => {
      const args: ResourceValidationArgs = {
        type: resource.type,
        name: resource.name,
        urn: resource.urn ?? urn(resource.type, resource.name),
        props: unknownCheckingProxy(clone(resource.props)),
        opts: OPTS,
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
          throw new NotApplicable(reason ?? "");
        },
      };
      return validation(args, (message, u) => {
        outcome.violations.push(message);
        outcome.urns.push(u);
      });
    });
  }
  return outcome;
}

export function runStackPolicy(policy: StackValidationPolicy, resources: Res[], config: Record<string, unknown> = {}): Outcome {
  const outcome: Outcome = { violations: [], urns: [] };
  return settle(outcome, () => {
    const byUrn = new Map<string, PolicyResource>();
    const built = resources.map((r) => {
      const resource: PolicyResource = {
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: unknownCheckingProxy(clone(r.props)),
        opts: { ...OPTS, ...(r.parent ? { parent: r.parent } : {}) },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
      };
      byUrn.set(r.urn, resource);
      return resource;
    });
    resources.forEach((r, i) => {
      if (r.parent) built[i].parent = byUrn.get(r.parent);
      for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
        built[i].propertyDependencies[key] = urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
      }
    });
    return policy.validateStack(
      {
        resources: built,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
          throw new NotApplicable(reason ?? "");
        },
      },
      (message, u) => {
        outcome.violations.push(message);
        outcome.urns.push(u);
      },
    );
  });
}

/** A URN in the given stack, optionally under a parent type (the component). */
export function urn(type: string, name: string, options: { stack?: string; parentType?: string } = {}): string {
  const qualified = options.parentType ? `${options.parentType}$${type}` : type;
  return `urn:pulumi:${options.stack ?? "dev"}::${PROJECT}::${qualified}::${name}`;
}

/** The rule the component declares (inputs), as a plain object. */
export function componentRule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    policyId: "rst1a2b3c4d5e6f7g8h9",
    name: "Managed Device Allowed",
    access: "ALLOW",
    deviceIsRegistered: true,
    deviceIsManaged: true,
    constraints: [FASTPASS_CONSTRAINT],
    factorMode: "2FA",
    reAuthenticationFrequency: "PT0S",
    priority: 1,
    ...overrides,
  };
}

/** A plural rules resource's `rules` entry, as compliant as the component's rule. */
export function pluralEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { policyId: _policyId, ...rule } = componentRule();
  return { ...rule, ...overrides };
}

export const singularRule = (props: Record<string, unknown>) => ({ type: TYPES.appSignonPolicyRule, name: "check-rule", props });
export const pluralRules = (rules: unknown) => ({ type: TYPES.signonPolicyRules, name: "check-rules", props: { policyId: "rst1a2b3c4d5e6f7g8h9", rules } });

/**
 * The resources `ManagedDeviceCheck("check", ...)` declares, by hand, in the shape the engine
 * passes them to stack policies: with known ids (an update) or unknown ids (a first preview).
 */
export function checkResources(options: { unknownIds?: boolean; users?: string[]; stack?: string; expiresOn?: string } = {}): Res[] {
  const stack = options.stack ?? "dev";
  const componentUrn = urn(TYPES.component, "check", { stack });
  const under = (type: string, name: string) => urn(type, name, { stack, parentType: TYPES.component });
  const policyUrn = under(TYPES.appSignonPolicy, "check-policy");
  const bookmarkUrn = under(TYPES.bookmark, "check-bookmark");
  const id = (known: string) => (options.unknownIds ? UNKNOWN : known);
  const users = options.users ?? ["alice@acme.example"];
  return [
    { urn: componentUrn, type: TYPES.component, name: "check", props: {} },
    {
      urn: policyUrn,
      type: TYPES.appSignonPolicy,
      name: "check-policy",
      parent: componentUrn,
      props: {
        name: "Require Managed Device",
        description: `Temporary managed-device check (okta-managed-device-check): the catch-all denies.${options.expiresOn ? ` Expires ${options.expiresOn}.` : ""}`,
        catchAll: false,
      },
    },
    {
      urn: under(TYPES.appSignonPolicyRule, "check-rule"),
      type: TYPES.appSignonPolicyRule,
      name: "check-rule",
      parent: componentUrn,
      props: componentRule({ policyId: id("rst1a2b3c4d5e6f7g8h9") }),
      propertyDependencies: { policyId: [policyUrn] },
    },
    {
      urn: bookmarkUrn,
      type: TYPES.bookmark,
      name: "check-bookmark",
      parent: componentUrn,
      props: { label: "Managed Device Check", url: "https://www.okta.com/", authenticationPolicy: id("rst1a2b3c4d5e6f7g8h9") },
      propertyDependencies: { authenticationPolicy: [policyUrn] },
    },
    ...users.map((login, i) => ({
      urn: under(TYPES.appUser, `check-user-${login}`),
      type: TYPES.appUser,
      name: `check-user-${login}`,
      parent: componentUrn,
      props: { appId: id("0oa1a2b3c4d5e6f7g8h9"), userId: id(`00u00000000000000000${i}`.slice(0, 20)) },
      propertyDependencies: { appId: [bookmarkUrn] },
    })),
  ];
}

export function find(resources: Res[], type: string): Res {
  const found = resources.find((r) => r.type === type);
  if (!found) throw new Error(`no ${type}`);
  return found;
}


export interface EngineResource extends Res {
  dependencies: string[];
  opts: { protect: boolean; deleteBeforeReplace?: boolean; parent?: string };
  provider?: { urn: string; type: string; name: string; props: Record<string, unknown> };
}

/**
 * What the engine shows a policy pack for a program captured under mocks: the stack's root
 * resource and the default Okta provider are added (mocks do not register them), top-level
 * resources get the stack as parent, and custom resources carry their provider.
 */
export function engineView(captured: Captured[], stack: string, providerProps: Record<string, unknown> = {}): EngineResource[] {
  const stackUrn = `urn:pulumi:${stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${stack}`;
  const provider = { urn: `urn:pulumi:${stack}::${PROJECT}::pulumi:providers:okta::default_7_0_0`, type: TYPES.oktaProvider, name: "default_7_0_0", props: { version: "7.0.0", ...providerProps } };
  return [
    { urn: stackUrn, type: TYPES.stack, name: `${PROJECT}-${stack}`, props: {}, dependencies: [], opts: { protect: false } },
    { ...provider, parent: stackUrn, dependencies: [], opts: { protect: false, parent: stackUrn } },
    ...captured.map((r) => {
      const parent = r.parent ?? stackUrn;
      return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: r.inputs,
        propertyDependencies: r.propertyDependencies,
        dependencies: r.dependencies,
        parent,
        opts: { protect: r.protect, parent, ...(r.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}) },
        ...(r.custom ? { provider } : {}),
      };
    }),
  ];
}
