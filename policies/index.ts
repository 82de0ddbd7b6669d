// The policy pack the Pulumi CLI runs: `pulumi preview --policy-pack policies`.
// Constructing the PolicyPack starts its gRPC server, so this file only assembles it.
import { PolicyPack } from "@pulumi/policy";
import { policies, POLICY_PACK_DESCRIPTION, POLICY_PACK_ENFORCEMENT_LEVEL, POLICY_PACK_NAME } from "./policies";

new PolicyPack(POLICY_PACK_NAME, {
  policies: policies(),
  enforcementLevel: POLICY_PACK_ENFORCEMENT_LEVEL,
  description: POLICY_PACK_DESCRIPTION,
});
