import { OFFLINE_NOTICE } from "./render";
import { exitCodeOf, type StackPlan } from "./run";

/** The plan as one JSON document (for CI and pull-request comments). */
export interface PlanDocument {
  /** Always "offline": no tenant was contacted and no Pulumi CLI was run. */
  mode: "offline";
  tenantContacted: false;
  notice: string;
  /** The process's exit code: the highest of the stacks' codes. */
  exitCode: number;
  /** Every stack's warnings (e.g. an expired check), each naming its stack file. */
  warnings: string[];
  stacks: StackPlan[];
}

function toDocument(plans: StackPlan[]): PlanDocument {
  return {
    mode: "offline",
    tenantContacted: false,
    notice: `Offline plan: ${OFFLINE_NOTICE}.`,
    exitCode: exitCodeOf(plans),
    warnings: plans.flatMap((p) => p.warnings),
    stacks: plans,
  };
}

export function renderJson(plans: StackPlan[]): string {
  return JSON.stringify(toDocument(plans), null, 2) + "\n";
}
