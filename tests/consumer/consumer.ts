// A Pulumi program of another team that declares the check for its own tenant through the
// package's public entry point, as a consumer would after `npm install okta-managed-device-check`.
import * as pulumi from "@pulumi/pulumi";
import { ManagedDeviceCheck, ManagedDeviceCheckArgs, parseStackConfig, readPulumiRuntimeConfig } from "okta-managed-device-check";

const args: ManagedDeviceCheckArgs = {
  testUsers: ["carol@other.example", "00u0000000000000000c"],
  bookmarkUrl: "https://other.example/",
  bookmarkLabel: pulumi.output("Other team's device check"),
  factorMode: "1FA",
};

export const check = new ManagedDeviceCheck("other-team", args);
export const policyId: pulumi.Output<string> = check.policyId;
export const settingsParser: typeof parseStackConfig = parseStackConfig;
export const runtimeReader: typeof readPulumiRuntimeConfig = readPulumiRuntimeConfig;
