import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { TYPES } from "../../policies/okta";
import { goJsonUnmarshalError } from "./goJson";

/**
 * What terraform-provider-okta (okta/services/idaas/, bridged by @pulumi/okta) refuses in the inputs
 * this project sends, with the provider's own messages. Inputs are plain values as Pulumi's mocks
 * see them; the engine's unknown marker counts as present and is never a violation.
 *
 * Not encoded, because the provider does not check them: the values of access, factor_mode, type,
 * priority and re_authentication_frequency of a rule, the bookmark's url format, the policy's
 * catch_all and priority. The provider also requires `name` on the policy and the rule, but Pulumi
 * auto-names an unset `name`, so it is never missing.
 */

type Inputs = Record<string, unknown>;

const isUnknown = (value: unknown) => value === unknownValue;
const isSet = (value: unknown) => value !== undefined && value !== null;

// terraform-plugin-sdk helper/schema/schema.go, schemaMap.validate (Required)
const sdkRequired = (attribute: string) => `Missing required argument: The argument "${attribute}" is required, but no definition was found.`;
// terraform-plugin-framework, ValidateAttribute (Required)
const frameworkRequired = (attribute: string) =>
  `Missing Configuration for Required Attribute: Must set a configuration value for the ${attribute} attribute as the provider has marked it as required.\n\n` +
  "Refer to the provider documentation or contact the provider developers for additional information about configurable attributes that are required.";

/** Required attributes: type token -> [Pulumi input, provider attribute, message]. */
const REQUIRED: Record<string, [string, string, (attribute: string) => string][]> = {
  [TYPES.bookmark]: [
    ["label", "label", sdkRequired], // app.go, baseAppSchema "label"
    ["url", "url", sdkRequired], // resource_okta_app_bookmark.go, resourceAppBookmark schema "url"
  ],
  [TYPES.appUser]: [
    ["appId", "app_id", sdkRequired], // resource_okta_app_user.go, resourceAppUser schema "app_id"
    ["userId", "user_id", sdkRequired], // resource_okta_app_user.go, resourceAppUser schema "user_id"
  ],
  [TYPES.appSignonPolicy]: [
    ["description", "description", frameworkRequired], // resource_okta_app_signon_policy.go, Schema "description"
  ],
  [TYPES.appSignonPolicyRule]: [
    ["policyId", "policy_id", sdkRequired], // resource_okta_app_signon_policy_rule.go, schema "policy_id"
  ],
};

/** What the other resources of the program say about the one checked. */
export interface ContractContext {
  /** For okta:app/user:User: the inputs of the app its appId comes from; undefined if not declared by the program. */
  app?: Inputs;
}

/** The provider's messages refusing a resource with these inputs (none: it accepts them). */
export function providerRefusals(type: string, inputs: Inputs, context: ContractContext = {}): string[] {
  const refusals = (REQUIRED[type] ?? []).filter(([input]) => !isSet(inputs[input])).map(([, attribute, message]) => message(attribute));
  const rules = RULES[type];
  return rules ? [...refusals, ...rules(inputs, context)] : refusals;
}

const RULES: Record<string, (inputs: Inputs, context: ContractContext) => string[]> = {
  [TYPES.bookmark]: (inputs) => {
    const refusals: string[] = [];
    if (isKnownSet(inputs.skipAuthenticationPolicy) && isSet(inputs.authenticationPolicy) && !isUnknown(inputs.authenticationPolicy)) {
      // resource_okta_app_bookmark.go, schema "skip_authentication_policy" ConflictsWith
      refusals.push('Conflicting configuration arguments: "skip_authentication_policy": conflicts with authentication_policy');
    }
    return refusals;
  },

  [TYPES.appUser]: (inputs, { app }) => {
    if (!app || isUnknown(app.credentialsScheme) || isUnknown(inputs.username)) return [];
    const shared = app.credentialsScheme === "SHARED_USERNAME_AND_PASSWORD";
    const username = typeof inputs.username === "string" ? inputs.username : "";
    if (shared && username !== "") {
      return ["'username' should not be set if it is assigned to the app with 'SHARED_USERNAME_AND_PASSWORD' credentials scheme"]; // resource_okta_app_user.go, resourceAppUserCreate
    }
    if (!shared && username === "") {
      return ["'username' is required (the only exception is when the assigned app has 'SHARED_USERNAME_AND_PASSWORD' credentials scheme)"]; // resource_okta_app_user.go, resourceAppUserCreate
    }
    return [];
  },

  [TYPES.appSignonPolicyRule]: (inputs) => {
    const refusals: string[] = [];
    if (inputs.deviceIsRegistered === false) {
      refusals.push("'device_is_registered' can either be set to 'true' or should not be present in the configuration"); // resource_okta_app_signon_policy_rule.go, schema "device_is_registered" ValidateDiagFunc
    }
    if (isSet(inputs.deviceIsManaged) && !isSet(inputs.deviceIsRegistered)) {
      refusals.push('Missing required argument: "device_is_managed": all of `device_is_managed,device_is_registered` must be specified'); // resource_okta_app_signon_policy_rule.go, schema "device_is_managed" RequiredWith
    }
    refusals.push(...jsonEntries(inputs.constraints, "constraints")); // resource_okta_app_signon_policy_rule.go, schema "constraints" Elem ValidateDiagFunc stringIsJSON (idaas.go)
    refusals.push(...jsonEntries(inputs.chains, "chains")); // resource_okta_app_signon_policy_rule.go, schema "chains" Elem ValidateDiagFunc stringIsJSON (idaas.go)
    for (const [own, other] of [
      ["networkIncludes", "networkExcludes"],
      ["networkExcludes", "networkIncludes"],
    ]) {
      if (isKnownSet(inputs[own]) && isKnownSet(inputs[other])) {
        refusals.push(`Conflicting configuration arguments: "${snake(own)}": conflicts with ${snake(other)}`); // resource_okta_app_signon_policy_rule.go, schema "network_includes"/"network_excludes" ConflictsWith
      }
    }
    const chains = Array.isArray(inputs.chains) ? inputs.chains : [];
    if (isSet(inputs.reAuthenticationFrequency) && chains.some((chain) => typeof chain === "string" && chain.includes("reauthenticateIn"))) {
      refusals.push("CANNOT set re_authentication_frequency AND reauthenticateIn in one or more entries in chains at the same time"); // resource_okta_app_signon_policy_rule.go, ValidateRawResourceConfigFuncs
    }
    return refusals;
  },
};

/**
 * stringIsJSON (idaas.go) on each known entry of a list attribute. The provider prints the entry's
 * cty.Path with %q, a dump of Go structs; it is written here as `constraints[0]`. The parse error
 * is encoding/json's (goJson.ts).
 */
function jsonEntries(list: unknown, attribute: string): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry, index) => {
    if (typeof entry !== "string" || isUnknown(entry)) return [];
    const path = `${attribute}[${index}]`;
    if (entry === "") return [`expected "${path}" JSON to not be empty, got `];
    const error = goJsonUnmarshalError(entry);
    return error === undefined ? [] : [`"${path}" contains an invalid JSON: ${error}`];
  });
}

function isKnownSet(value: unknown): boolean {
  return isSet(value) && !isUnknown(value);
}

function snake(input: string): string {
  return input.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A user as the data source okta_user reads it. */
export interface DirectoryUser {
  id: string;
  login: string;
  status: string;
  email?: string;
}

/** The tenant's users, as far as a test needs them. */
export interface TenantDirectory {
  byId(id: string): DirectoryUser | undefined;
  /** Okta's `profile.login eq` is case-insensitive. */
  byLogin(login: string): DirectoryUser | undefined;
}

/** A directory holding exactly these users. */
export function directoryOf(users: DirectoryUser[]): TenantDirectory {
  return {
    byId: (id) => users.find((user) => user.id === id),
    byLogin: (login) => users.find((user) => user.login.toLowerCase() === login.toLowerCase()),
  };
}

/** The answer of the data source okta_user (invoke okta:user/getUser:getUser). */
export type GetUserAnswer = { user: DirectoryUser } | { error: string } | { unknown: true };

/** data_source_okta_user.go, dataSourceUserRead: by user_id (GetUser), else by search (ListUsers, limit 1). */
export function getUser(inputs: Inputs, directory: TenantDirectory): GetUserAnswer {
  const { userId } = inputs;
  if (isUnknown(userId)) return { unknown: true };
  if (typeof userId === "string" && userId !== "") {
    const user = directory.byId(userId);
    // data_source_okta_user.go, dataSourceUserRead ("failed to get user: %v"); sdk/v2_error.go, Error.Error (Okta's E0000007 errorSummary)
    return user ? { user } : { error: `failed to get user: the API returned an error: Not found: Resource not found: ${userId} (User)` };
  }
  const searches = inputs.searches;
  if (!Array.isArray(searches) || searches.length === 0) return { unknown: true };
  if (searches.length !== 1 || !isKnownDeep(searches[0]) || isUnknown(inputs.compoundSearchOperator)) return { unknown: true };
  const criteria = searchCriteria(searches[0] as Inputs);
  const login = /^profile\.login eq "(.*)"$/.exec(criteria)?.[1];
  if (login === undefined) return { unknown: true };
  const user = directory.byLogin(login);
  // data_source_okta_user.go, dataSourceUserRead ("no users found using search criteria: %+v")
  return user ? { user } : { error: `no users found using search criteria: ${criteria}` };
}

/** data_source_okta_user.go, getSearchCriteria, for one search block. */
function searchCriteria(search: Inputs): string {
  if (typeof search.expression === "string" && search.expression !== "") return search.expression;
  const clause = `${String(search.name ?? "")} ${String(search.comparison ?? "eq")}`;
  return search.value ? `${clause} "${String(search.value)}"` : clause;
}

function isKnownDeep(value: unknown): boolean {
  if (isUnknown(value)) return false;
  return typeof value !== "object" || value === null || Object.values(value).every(isKnownDeep);
}
