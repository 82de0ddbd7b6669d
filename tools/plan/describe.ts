import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { EVERY_SIGN_IN, FASTPASS_KEYS, FASTPASS_METHOD, PROVIDER_DEFAULT_REAUTHENTICATION, TYPES } from "../../policies/okta";
import { SECRET_PLACEHOLDER } from "../../components/config";
import { UNKNOWN, type CapturedResource } from "./capture";

/** One property of a planned resource as the table shows it. */
export interface PlannedProperty {
  /** What the property means here, e.g. "catch-all" or "re-authentication". */
  label: string;
  /** The input it comes from, e.g. `catchAll`; absent for a summary of several inputs. */
  input?: string;
  value: string;
}

/** A resource `pulumi up` would create, with tenant-only values and secrets marked. */
export interface PlannedResource {
  type: string;
  name: string;
  urn: string;
  parent?: string;
  /** A component groups other resources; it has no inputs of its own and creates nothing in the tenant. */
  component: boolean;
  deleteBeforeReplace: boolean;
  /** The properties that matter, in display order. */
  properties: PlannedProperty[];
  /** Every input, with unknown values and secrets replaced by their markers. */
  inputs: Record<string, unknown>;
}

const KNOWN_AFTER_UP = "(known after pulumi up)";
const REDACTED = "[secret]";


const { bookmark: BOOKMARK, appUser: APP_USER, groupAssignment: GROUP_ASSIGNMENT, appSignonPolicy: POLICY, appSignonPolicyRule: RULE } = TYPES;

export interface DescribeContext {
  /** Resource names by URN, to say whose id an unknown value is. */
  namesByUrn: Map<string, string>;
  /** Resource names by the stand-in id the plan gave each (offlineTenant.ts, `PLAN_TENANT`): shown as "known after pulumi up". */
  namesById: ReadonlyMap<string, string>;
  /** Assignment resource names (`<component>-user-<login>`) to the login the user id is looked up from. */
  loginsByAssignmentName: ReadonlyMap<string, string>;
}

/** Maps each assignment's name to the test user it assigns (the component names them `<name>-user-<login>`). */
export function loginsByAssignmentName(resources: readonly CapturedResource[], testUsers: readonly string[]): Map<string, string> {
  const logins = new Map<string, string>();
  const users = new Set(testUsers);
  for (const resource of resources) {
    if (resource.type !== APP_USER) continue;
    const at = resource.name.indexOf("-user-");
    const login = at >= 0 ? resource.name.slice(at + "-user-".length) : undefined;
    if (login !== undefined && users.has(login)) logins.set(resource.name, login);
  }
  return logins;
}

/** Describes one captured resource for the plan. */
export function describeResource(captured: CapturedResource, context: DescribeContext): PlannedResource {
  const resource = { ...captured, inputs: markStandInIds(captured.inputs, context.namesById) as Record<string, unknown> };
  const marker = (input: string): string | undefined => unknownMarker(resource, input, context);
  const show = (input: string): string => {
    const value = resource.inputs[input];
    if (value === UNKNOWN) return marker(input) ?? KNOWN_AFTER_UP;
    if (isCredentialName(input)) return REDACTED;
    return display(value);
  };
  const has = (input: string) => resource.inputs[input] !== undefined;
  const properties: PlannedProperty[] = [];
  const add = (label: string, input: string | undefined, value: string) => properties.push(input ? { label, input, value } : { label, value });

  switch (resource.type) {
    case BOOKMARK:
      add("label", "label", show("label"));
      add("URL", "url", show("url"));
      add("authentication policy", "authenticationPolicy", has("authenticationPolicy") ? show("authenticationPolicy") : "(not set: the tenant's default policy applies)");
      addOthers(resource, properties, show, ["label", "url", "authenticationPolicy"]);
      break;
    case POLICY:
      add("name", "name", has("name") ? show("name") : "(not set: Pulumi generates one with a random suffix)");
      add("catch-all", "catchAll", describeCatchAll(resource.inputs.catchAll, show));
      addOthers(resource, properties, show, ["name", "catchAll", "description"]);
      break;
    case RULE:
      add("name", "name", has("name") ? show("name") : "(not set: Pulumi generates one with a random suffix)");
      add("policy", "policyId", show("policyId"));
      add("access", "access", has("access") ? show("access") : "ALLOW (provider default)");
      add("users", undefined, describeRuleUsers(resource, show));
      add("device conditions", undefined, describeDevice(resource, show));
      add("authentication method", "constraints", describeConstraints(resource.inputs.constraints, show));
      add("re-authentication", "reAuthenticationFrequency", describeReauthentication(resource.inputs.reAuthenticationFrequency, show));
      add("factor mode", "factorMode", has("factorMode") ? show("factorMode") : "2FA (provider default)");
      add("priority", "priority", has("priority") ? show("priority") : "(not set: after the existing rules)");
      addOthers(resource, properties, show, [
        "name",
        "policyId",
        "access",
        "usersIncluded",
        "usersExcluded",
        "groupsIncluded",
        "groupsExcluded",
        "userTypesIncluded",
        "userTypesExcluded",
        "deviceIsRegistered",
        "deviceIsManaged",
        "platformIncludes",
        "deviceAssurancesIncluded",
        "constraints",
        "reAuthenticationFrequency",
        "factorMode",
        "priority",
      ]);
      break;
    case APP_USER:
      add("app", "appId", show("appId"));
      add("user", "userId", show("userId"));
      add("username", "username", show("username"));
      addOthers(resource, properties, show, ["appId", "userId", "username"]);
      break;
    case GROUP_ASSIGNMENT:
      add("app", "appId", show("appId"));
      add("group", "groupId", show("groupId"));
      addOthers(resource, properties, show, ["appId", "groupId"]);
      break;
    default:
      addOthers(resource, properties, show, []);
  }

  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource.inputs)) {
    inputs[key] = value === UNKNOWN ? (marker(key) ?? KNOWN_AFTER_UP) : isCredentialName(key) ? REDACTED : maskSecretInputs(value);
  }
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    ...(resource.parent ? { parent: resource.parent } : {}),
    component: !resource.custom,
    deleteBeforeReplace: resource.deleteBeforeReplace,
    properties,
    inputs,
  };
}

/** Each stand-in id, wherever a value holds it, as the id it stands for: known after pulumi up. */
function markStandInIds(value: unknown, namesById: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return namesById.has(value) ? idMarker([namesById.get(value) as string]) : value;
  if (Array.isArray(value)) return value.map((entry) => markStandInIds(entry, namesById));
  if (value !== null && typeof value === "object" && (value as Record<string, unknown>)[specialSigKey] === undefined) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, markStandInIds(entry, namesById)]));
  }
  return value;
}

function idMarker(names: string[]): string {
  return `(id of ${names.join(", ")}: known after pulumi up)`;
}

function addOthers(resource: CapturedResource, properties: PlannedProperty[], show: (input: string) => string, shown: string[]) {
  for (const input of Object.keys(resource.inputs).sort()) {
    if (!shown.includes(input)) properties.push({ label: input, input, value: show(input) });
  }
}

/** What an unknown input stands for: an id of another resource, or a user looked up by login. */
function unknownMarker(resource: CapturedResource, input: string, context: DescribeContext): string | undefined {
  const deps = resource.propertyDependencies[input] ?? [];
  if (deps.length > 0) {
    const names = deps.map((urn) => context.namesByUrn.get(urn) ?? urn.split("::").pop() ?? urn);
    return idMarker(names);
  }
  if (resource.type === APP_USER && (input === "userId" || input === "username")) {
    const user = context.loginsByAssignmentName.get(resource.name);
    const what = input === "userId" ? "looked up in tenant" : "login looked up in tenant";
    return user ? `(${what}: ${user})` : `(${what})`;
  }
  // A pilot group: the component names its assignment `<component>-group-<group name>` (components/pilotGroups.ts).
  if (resource.type === GROUP_ASSIGNMENT && input === "groupId") {
    const at = resource.name.indexOf("-group-");
    return at >= 0 ? `(looked up in tenant: group "${resource.name.slice(at + "-group-".length)}")` : "(looked up in tenant)";
  }
  return undefined;
}

function describeCatchAll(value: unknown, show: (input: string) => string): string {
  if (value === false) return "DENY: the system Catch-all Rule denies every other sign-in (catchAll: false)";
  if (value === true) return "ALLOW: the system Catch-all Rule lets every other sign-in in (catchAll: true)";
  if (value === undefined) return "ALLOW: the provider's default (catchAll: true) lets every other sign-in in";
  return show("catchAll");
}

function describeRuleUsers(resource: CapturedResource, show: (input: string) => string): string {
  const parts: string[] = [];
  for (const [input, what] of [
    ["usersIncluded", "users"],
    ["groupsIncluded", "groups"],
    ["userTypesIncluded", "user types"],
    ["usersExcluded", "except users"],
    ["groupsExcluded", "except groups"],
    ["userTypesExcluded", "except user types"],
  ] as const) {
    if (resource.inputs[input] !== undefined) parts.push(`${what} ${show(input)}`);
  }
  return parts.length > 0 ? parts.join("; ") : "any user assigned to the app";
}

function describeDevice(resource: CapturedResource, show: (input: string) => string): string {
  const { deviceIsRegistered, deviceIsManaged } = resource.inputs;
  const parts: string[] = [];
  if (deviceIsRegistered === true) parts.push("registered");
  else if (deviceIsRegistered !== undefined) parts.push(`deviceIsRegistered ${show("deviceIsRegistered")}`);
  if (deviceIsManaged === true) parts.push("managed");
  else if (deviceIsManaged !== undefined) parts.push(`deviceIsManaged ${show("deviceIsManaged")}`);
  for (const input of ["platformIncludes", "deviceAssurancesIncluded"]) {
    if (resource.inputs[input] !== undefined) parts.push(`${input} ${show(input)}`);
  }
  return parts.length > 0 ? parts.join(", ") : "any device (no device condition)";
}

const METHOD_NAMES: Record<string, string> = {
  ...Object.fromEntries(FASTPASS_KEYS.map((key) => [`${key}/${FASTPASS_METHOD}`, "Okta Verify FastPass"])),
  "okta_verify/push": "Okta Verify push",
  "okta_verify_push/push": "Okta Verify push",
  "okta_verify/totp": "Okta Verify code",
  "okta_verify_totp/totp": "Okta Verify code",
};

function describeConstraints(value: unknown, show: (input: string) => string): string {
  if (value === undefined) return "(not set: any method the factor mode allows)";
  if (!Array.isArray(value)) return show("constraints");
  const described = value.map((entry) => {
    if (entry === UNKNOWN) return KNOWN_AFTER_UP;
    let constraint: unknown;
    try {
      constraint = typeof entry === "string" ? JSON.parse(entry) : entry;
    } catch {
      return display(entry);
    }
    if (!constraint || typeof constraint !== "object") return display(entry);
    return Object.entries(constraint as Record<string, unknown>)
      .map(([kind, spec]) => describeConstraint(kind, spec))
      .join("; ");
  });
  return described.join(" | ") || "(none)";
}

function describeConstraint(kind: string, spec: unknown): string {
  if (!spec || typeof spec !== "object") return `${kind}: ${display(spec)}`;
  const s = spec as Record<string, unknown>;
  const parts: string[] = [];
  const methods = Array.isArray(s.authenticationMethods) ? (s.authenticationMethods as Record<string, unknown>[]) : [];
  if (methods.length > 0) {
    parts.push(
      methods
        .map((m) => {
          const id = `${String(m.key)}/${String(m.method)}`;
          return METHOD_NAMES[id] ? `${METHOD_NAMES[id]} (${id})` : id;
        })
        .join(" or "),
    );
  }
  for (const [key, value] of Object.entries(s)) {
    if (key === "authenticationMethods" || key === "required") continue;
    parts.push(`${key} ${display(value)}`);
  }
  if (s.required === true) parts.push("required");
  else if (s.required === false) parts.push("not required (required: false)");
  else parts.push("required flag not sent (the provider sends false)");
  return `${kind}: ${parts.join(", ")}`;
}

function describeReauthentication(value: unknown, show: (input: string) => string): string {
  if (value === undefined) return `${PROVIDER_DEFAULT_REAUTHENTICATION} (provider default), not every sign-in`;
  if (value === EVERY_SIGN_IN) return `every sign-in (${EVERY_SIGN_IN})`;
  return show("reAuthenticationFrequency");
}

/** Input names that hold credentials whatever their value (a provider's `apiToken`, `privateKey`, ...). */
const CREDENTIAL_NAME = /token|secret|password|privatekey|credential/i;

/** Whether an input of this name is a credential, shown only as {@link REDACTED}. */
function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/**
 * Replaces secrets by {@link REDACTED}, recursively: Pulumi secret values, the offline placeholder
 * for encrypted config, and any value under a credential's name.
 */
function maskSecretInputs(value: unknown): unknown {
  if (value === SECRET_PLACEHOLDER) return REDACTED;
  if (value === UNKNOWN) return KNOWN_AFTER_UP;
  if (Array.isArray(value)) return value.map(maskSecretInputs);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[specialSigKey] === specialSecretSig) return REDACTED;
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, isCredentialName(k) && v !== undefined && v !== null ? REDACTED : maskSecretInputs(v)]));
  }
  return value;
}

/** A value as one line of text: strings as they are, anything else as compact JSON. */
function display(value: unknown): string {
  const safe = maskSecretInputs(value);
  if (typeof safe === "string") return safe;
  return JSON.stringify(safe) ?? String(safe);
}
