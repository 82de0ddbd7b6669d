import { policies as packPolicies } from "../../policies/policies";
import { evaluatePolicies, isUndetermined, policyVerdicts, POLICY_PACK_NAME, POLICY_PACK_VERSION, type Finding, type PolicyVerdict } from "./evaluate";
import type { CapturedResource } from "./capture";

/** One policy's verdict on a stack's plan. */
export interface PlanPolicyVerdict {
  policyName: string;
  description: string;
  enforcementLevel: string;
  /**
   * `pass`: no finding; `unchecked`: only checks that could not run offline, on a value only the
   * tenant knows (a user looked up, a secret, a value an ESC environment supplies: the engine's
   * advisory "can't run policy ... during preview"); `advisory`: findings that do not block;
   * `mandatory`: a violation that blocks `pulumi up`; `disabled`: not run.
   */
  verdict: "pass" | "unchecked" | "advisory" | "mandatory" | "disabled";
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
  /** True for the engine's advisory on a value unknown during preview: a check the plan cannot make offline. */
  undetermined: boolean;
  urn?: string;
  name?: string;
}

export const POLICY_PACK = `${POLICY_PACK_NAME}@v${POLICY_PACK_VERSION}`;

/**
 * Runs every policy of the pack over the captured resources with the engine's semantics
 * (resource policies per resource on their inputs, stack policies once on their outputs, which carry
 * the id each resource was given; unknown values make a check advisory, shown as `unchecked`).
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
      ...(r.id ? { outputs: { ...r.inputs, id: r.id } } : {}),
    })),
    { policies },
  );
  return policyVerdicts(findings, { policies }).map((v) => ({
    policyName: v.policyName,
    description: v.description,
    enforcementLevel: v.enforcementLevel,
    verdict: verdictOf(v),
    undetermined: v.undetermined,
    findings: v.findings.map((f) => toPlanFinding(f, v.description)),
  }));
}

function verdictOf(v: PolicyVerdict): PlanPolicyVerdict["verdict"] {
  if (v.verdict === "disabled") return "disabled";
  if (v.mandatory > 0) return "mandatory";
  if (v.advisory === 0) return "pass";
  return v.findings.every(isUndetermined) ? "unchecked" : "advisory";
}

function toPlanFinding(finding: Finding, description: string): PlanFinding {
  const prefix = `${description}\n`;
  return {
    enforcementLevel: finding.enforcementLevel,
    message: finding.message,
    detail: finding.message.startsWith(prefix) ? finding.message.slice(prefix.length) : finding.message,
    undetermined: isUndetermined(finding),
    ...(finding.urn ? { urn: finding.urn } : {}),
    ...(finding.name ? { name: finding.name } : {}),
  };
}
