export type { ManagedDeviceCheckArgs } from "./managedDeviceCheck";
export type { ConfigProblem, CheckSettings, ParsedConfig, StackConfig, RawStackConfig } from "./config";
export {
  ManagedDeviceCheck,
  MANAGED_DEVICE_CHECK_TYPE,
} from "./managedDeviceCheck";
export { FASTPASS_CONSTRAINT, EVERY_SIGN_IN } from "./constants";
export {
  stackConfigSchema,
  parseStackConfig,
  ConfigError,
  SecretConfigValue,
  SECRET_KEYS,
  PROJECT,
  CATCH_ALL_RULE_NAME,
  DEFAULT_BOOKMARK_LABEL,
  DEFAULT_POLICY_NAME,
  DEFAULT_RULE_NAME,
  DEFAULT_FACTOR_MODE,
} from "./config";
export { readStackFile, readPulumiRuntimeConfig, listStacks, stackFileName, StackFileError } from "./stackConfigSource";
