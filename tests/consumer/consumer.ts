// A Pulumi program of another team that declares the check for its own tenant through the
// package's public entry point, as a consumer would after `npm install okta-managed-device-check`.
import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { FactorMode, FastPassKey, MANAGED_DEVICE_CHECK_TYPE, ManagedDeviceCheck, ManagedDeviceCheckArgs } from "okta-managed-device-check";

const args: ManagedDeviceCheckArgs = {
  testUsers: ["carol@other.example", "00u0000000000000000c"],
  bookmarkUrl: "https://other.example/",
  bookmarkLabel: pulumi.output("Other team's device check"),
  factorMode: FactorMode.OneFactor,
  fastPassKey: FastPassKey.OktaVerifyFastPass,
  expiresOn: pulumi.output("2027-01-31"),
};

export const check = new ManagedDeviceCheck("other-team", args);
export const literal = new ManagedDeviceCheck("literal", { testUsers: ["dave@other.example"], bookmarkUrl: "https://other.example/", factorMode: "2FA", fastPassKey: "okta_verify" });
export const bookmark: okta.app.Bookmark = check.bookmark;
export const assignments: okta.app.User[] = check.assignments;
export const policyId: pulumi.Output<string> = check.policy.id;
export const type: string = MANAGED_DEVICE_CHECK_TYPE;
