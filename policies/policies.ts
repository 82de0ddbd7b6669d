/**
 * The policy pack's contents, without constructing it: `new PolicyPack(...)` starts the gRPC
 * server the Pulumi CLI talks to, so only `index.ts` does that; tests, the offline plan and the
 * policy reference import this module instead.
 */
import { EnforcementLevel, Policies } from "@pulumi/policy";
import { noAllowRuleWithoutFastPass } from "./noAllowRuleWithoutFastPass";
import { noAllowRuleWithoutManagedDevice } from "./noAllowRuleWithoutManagedDevice";
import { noAllowRuleWithoutReauthentication } from "./noAllowRuleWithoutReauthentication";
import { noBookmarkAssignmentBeyondTestUsers } from "./noBookmarkAssignmentBeyondTestUsers";
import { noBookmarkOnPolicyOutsideStack } from "./noBookmarkOnPolicyOutsideStack";
import { noBookmarkWithoutCheckPolicy } from "./noBookmarkWithoutCheckPolicy";
import { noCatchAllAllow } from "./noCatchAllAllow";
import { noCheckOnOtherOrg } from "./noCheckOnOtherOrg";
import { noCheckPolicyOnOtherApps } from "./noCheckPolicyOnOtherApps";
import { noExpiredCheck } from "./noExpiredCheck";
import { noInsecureBookmarkUrl } from "./noInsecureBookmarkUrl";
import { noNarrowedAllowRule } from "./noNarrowedAllowRule";
import { noResourceTypesOutsideCheck } from "./noResourceTypesOutsideCheck";
import { noRuleOnPolicyOutsideStack } from "./noRuleOnPolicyOutsideStack";

/** The pack's name, as `pulumi preview --policy-pack policies` reports it. */
export const POLICY_PACK_NAME = "okta-managed-device-check";

export const POLICY_PACK_DESCRIPTION =
  "Rejects Okta configurations that could lock users out, open an app to unmanaged devices or touch production tenant policy; flags an expired managed-device check.";

/** The level of a policy that does not set its own (every policy here sets one). */
export const POLICY_PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

/**
 * Every policy of the pack, in the order the pack runs and reports them.
 *
 * @param now the clock `no-expired-check` compares the check's expiry date with.
 */
export function policies(now: () => Date = () => new Date()): Policies {
  return [
    noCatchAllAllow,
    noAllowRuleWithoutManagedDevice,
    noAllowRuleWithoutFastPass,
    noAllowRuleWithoutReauthentication,
    noNarrowedAllowRule,
    noCheckPolicyOnOtherApps,
    noRuleOnPolicyOutsideStack,
    noResourceTypesOutsideCheck,
    noBookmarkAssignmentBeyondTestUsers,
    noInsecureBookmarkUrl,
    noBookmarkWithoutCheckPolicy,
    noBookmarkOnPolicyOutsideStack,
    noCheckOnOtherOrg,
    noExpiredCheck(now),
  ];
}
