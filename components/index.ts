export { ManagedDeviceCheck, MANAGED_DEVICE_CHECK_TYPE } from "./managedDeviceCheck";
export type { ManagedDeviceCheckArgs } from "./managedDeviceCheck";
export { FactorMode, FastPassKey } from "./enums";
