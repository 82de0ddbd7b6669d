import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ManagedDeviceCheck, parseStackConfig, readPulumiRuntimeConfig, stackFileName } from "./components";

// Pulumi's public API has no way to ask whether a key was set as a secret; the SDK's own check is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret: (key: string) => boolean };

function loadSettings() {
  const stackFile = stackFileName(pulumi.getStack());
  try {
    return parseStackConfig(readPulumiRuntimeConfig(pulumi.runtime.allConfig(), isConfigSecret), stackFile).settings;
  } catch (error) {
    // A RunError ends the program with its message alone, without a stack trace, before any resource is declared.
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

const settings = loadSettings();
const check = new ManagedDeviceCheck("managed-device-check", settings);

export const bookmarkAppId = check.bookmarkAppId;
export const bookmarkLabel = check.bookmarkLabel;
export const bookmarkUrl = check.bookmarkUrl;
export const policyId = check.policyId;
export const ruleId = check.ruleId;
export const catchAllRuleId = check.catchAllRuleId;
export const assignedUserIds = check.assignedUserIds;
export const nextStep = check.nextStep;
export const expiresOn = settings.expiresOn;
