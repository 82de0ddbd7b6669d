import * as pulumi from "@pulumi/pulumi";
import { ManagedDeviceCheck, type ManagedDeviceCheckArgs } from "./components";
import { ConfigError, parseStackConfig, PROJECT, type ParsedConfig } from "./components/config";
import { readPulumiRuntimeConfig, stackFileName } from "./components/runtimeConfig";

// Pulumi's public API has no way to ask whether a key was set as a secret; the SDK's own check is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret: (key: string) => boolean };

function loadConfig(): ParsedConfig {
  const stackFile = stackFileName(pulumi.getStack());
  try {
    return parseStackConfig(readPulumiRuntimeConfig(pulumi.runtime.allConfig(), isConfigSecret), stackFile);
  } catch (error) {
    // A RunError ends the program with its message alone, without a stack trace, before any resource is declared.
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

function describeUsers(users: string[], groups: string[]): string {
  const members = groups.length === 0 ? "" : `${groups.length === 1 ? "the members of the group" : "the members of the groups"} ${groups.map((group) => `"${group}"`).join(", ")}`;
  if (users.length === 0) return `ask ${members} each to`;
  const named = users.length === 1 ? users[0] : users.length <= 3 ? `${users.slice(0, -1).join(", ")} and ${users[users.length - 1]}` : `each of the ${users.length} test users`;
  if (members) return `ask ${named} and ${members} each to`;
  if (users.length === 1) return `ask ${named} to`;
  return users.length <= 3 ? `ask ${named} each to` : `ask ${named} to`;
}

const { settings, secretKeys } = loadConfig();
// A setting stored as `secure:` stays secret in the resources' inputs and the stack's state (a list
// is declared element by element and cannot be one secret).
const keepSecret = (name: string, value: unknown): unknown =>
  secretKeys.includes(`${PROJECT}:${name}`) && !Array.isArray(value) && value !== undefined ? pulumi.secret(value) : value;
const args = Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, keepSecret(name, value)])) as unknown as ManagedDeviceCheckArgs;
const check = new ManagedDeviceCheck("managed-device-check", args);

export const bookmarkAppId = check.bookmark.id;
export const bookmarkLabel = check.bookmark.label;
export const bookmarkUrl = check.bookmark.url;
export const policyId = check.policy.id;
export const ruleId = check.rule.id;
export const catchAllRuleId = check.policy.defaultRuleId;
export const assignedUserIds = check.assignedUserIds;
export const expiresOn = settings.expiresOn;
export const nextStep = pulumi.interpolate`On the device under test, ${describeUsers(settings.testUsers, settings.testGroups)} open the "${check.bookmark.label}" tile on the Okta End-User Dashboard and sign in with Okta Verify (FastPass). If the app opens, the device is managed; if access is denied, it is not. Then read the outcome with: npm run verify -- --stack ${pulumi.getStack()}`;
