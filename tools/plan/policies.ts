import { policies as packPolicies } from "../../policies/policies";
import { evaluatePolicies, policyVerdicts, POLICY_PACK_NAME, POLICY_PACK_VERSION, type Finding } from "./evaluate";
import type { CapturedResource } from "./capture";

/** One policy's verdict on a stack's plan. */
export interface PlanPolicyVerdict {
  policyName: string;
  description: string;
  enforcementLevel: string;
  /**
   * `pass`: no finding; `advisory`: findings that do not block (including a check that cannot run
   * on a value unknown before `pulumi up`); `mandatory`: a violation that blocks `pulumi up`;
   * `disabled`: not run.
   */
  verdict: "pass" | "advisory" | "mandatory" | "disabled";
  /** True when the policy could not run on some value only the tenant knows (the engine's advisory). */
  undetermined: boolean;
  findings: PlanFinding[];
}

export interface PlanFinding {
  enforcementLevel: string;
  /** As the engine prints it: the policy's description, a newline, then what it reported. */
  message: string;
  /** What the policy reported, without its description. */
  detail: string;
  urn?: string;
  name?: string;
}

export const POLICY_PACK = `${POLICY_PACK_NAME}@v${POLICY_PACK_VERSION}`;

/**
 * Runs every policy of the pack over the captured resources with the engine's semantics
 * (resource policies per resource, stack policies once; unknown values make a check advisory).
 * `today` is the date the expiry policy checks against.
 */
export function runPolicies(resources: CapturedResource[], today: string): PlanPolicyVerdict[] {
  const policies = packPolicies(() => new Date(`${today}T12:00:00Z`));
  const findings = evaluatePolicies(
    resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      props: r.inputs,
      propertyDependencies: r.propertyDependencies,
      ...(r.parent ? { parent: r.parent } : {}),
      dependencies: r.dependencies,
      opts: { protect: r.protect, deleteBeforeReplace: r.deleteBeforeReplace },
    })),
    { policies },
  );
  return policyVerdicts(findings, { policies }).map((v) => ({
    policyName: v.policyName,
    description: v.description,
    enforcementLevel: v.enforcementLevel,
    verdict: v.verdict === "disabled" ? "disabled" : v.mandatory > 0 ? "mandatory" : v.advisory > 0 ? "advisory" : "pass",
    undetermined: v.undetermined,
    findings: v.findings.map((f) => toPlanFinding(f, v.description)),
  }));
}

function toPlanFinding(finding: Finding, description: string): PlanFinding {
  const prefix = `${description}\n`;
  return {
    enforcementLevel: finding.enforcementLevel,
    message: finding.message,
    detail: finding.message.startsWith(prefix) ? finding.message.slice(prefix.length) : finding.message,
    ...(finding.urn ? { urn: finding.urn } : {}),
    ...(finding.name ? { name: finding.name } : {}),
  };
}
