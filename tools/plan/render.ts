import { safeValue } from "../safeText";
import type { PlannedResource } from "./describe";
import { POLICY_PACK } from "./policies";
import type { StackPlan } from "./run";

export const OFFLINE_NOTICE = "no tenant was contacted and no Pulumi CLI was run; values only the tenant knows are marked as such";

/** The first line of every plan. */
function headline(plans: StackPlan[], all: boolean): string {
  if (!all && plans.length === 1) return `Offline plan of stack ${plans[0].stack} (${plans[0].stackFile}): ${OFFLINE_NOTICE}.`;
  return `Offline plan of ${plans.length} stack${plans.length === 1 ? "" : "s"} (${plans.map((p) => p.stack).join(", ")}): ${OFFLINE_NOTICE}.`;
}

/** The whole text report: the headline, then each stack's plan. */
export function renderText(plans: StackPlan[], all: boolean): string {
  const lines = [headline(plans, all)];
  for (const plan of plans) {
    lines.push("");
    if (all) lines.push(`=== Stack ${plan.stack} (${plan.stackFile}) ===`);
    lines.push(...renderStack(plan));
  }
  if (all) {
    lines.push("", "Summary:");
    for (const plan of plans) lines.push(`  ${plan.stack.padEnd(Math.max(...plans.map((p) => p.stack.length)))}  ${describeStatus(plan)}`);
  }
  return lines.join("\n") + "\n";
}

function describeStatus(plan: StackPlan): string {
  switch (plan.status) {
    case "clean":
      return "clean: every policy passes";
    case "advisory":
      return "clean with advisory findings";
    case "unchecked":
      return `cannot check offline: ${cannotCheck(plan)}`;
    case "violation":
      return `mandatory policy violation (${(plan.policies ?? []).filter((p) => p.verdict === "mandatory").map((p) => p.policyName).join(", ")})`;
    case "provider-refused":
      return "the provider would refuse the program's inputs";
    case "unsafe-option":
      return "resource options the policy pack cannot see would make pulumi destroy unsafe";
    case "invalid-config":
      return "invalid stack config";
    case "program-error":
      return "the program failed";
  }
}

/** What the plan could not check offline: config values it cannot see, and policies that met a value only the tenant knows. */
function cannotCheck(plan: StackPlan): string {
  const keys = (plan.unchecked ?? []).map((problem) => problem.key);
  const policies = (plan.policies ?? []).filter((p) => p.undetermined);
  const on = [...new Set(policies.flatMap((p) => p.findings.filter((f) => f.undetermined).flatMap((f) => f.name ?? [])))];
  const policyPart = policies.length > 0 ? `${policies.length === 1 ? "policy" : "policies"} ${policies.map((p) => p.policyName).join(", ")}${on.length > 0 ? ` on ${on.join(", ")}` : ""}` : "";
  return [keys.length > 0 ? `config ${keys.join(", ")}` : "", policyPart].filter(Boolean).join("; ");
}

/** One stack's plan as text lines. */
function renderStack(plan: StackPlan): string[] {
  const lines: string[] = [];
  for (const warning of plan.warnings) lines.push(`WARNING: ${warning}`);
  if (plan.warnings.length > 0) lines.push("");

  if (plan.status === "invalid-config" || plan.status === "program-error" || plan.status === "provider-refused" || plan.status === "unsafe-option") {
    lines.push(...(plan.error ?? "").split("\n"));
    lines.push("", "No resources planned.");
    lines.push("", "Next steps:", ...plan.nextSteps.map((step, i) => `  ${i + 1}. ${step}`));
    lines.push("", `Result: ${describeStatus(plan)} (exit ${plan.exitCode}).`);
    return lines;
  }

  if (plan.tenant) lines.push(`Tenant: ${plan.tenant.url ?? "not in the stack file: pulumi up reads OKTA_ORG_NAME and OKTA_BASE_URL"} (not contacted); credentials: ${plan.tenant.credentials}`, "");
  if (plan.unchecked) {
    lines.push("Config the plan cannot check without the tenant (the program checks it when Pulumi runs it):");
    lines.push(...plan.unchecked.map((problem) => `  ${problem.key}: ${problem.message}`), "");
  }
  const resources = plan.resources ?? [];
  const components = resources.filter((r) => r.component).length;
  const providers = resources.filter((r) => !r.component && isProvider(r)).length;
  const extras = [components > 0 ? `${components} component${components === 1 ? "" : "s"}` : "", providers > 0 ? `${providers} provider${providers === 1 ? "" : "s"}` : ""].filter(Boolean);
  lines.push(`Resources pulumi up would create (${resources.length - components - providers} in the tenant${extras.length > 0 ? `, plus ${extras.join(" and ")}` : ""}):`);
  lines.push(...renderTable(resources));

  lines.push("", `Policy verdicts (policy pack ${POLICY_PACK} in policies/, run with the engine's semantics: a check that needs a value only the tenant knows is UNCHECKED, the engine's advisory):`);
  const policies = plan.policies ?? [];
  const width = Math.max(0, ...policies.map((p) => p.policyName.length));
  for (const policy of policies) {
    const verdict = { pass: "pass", unchecked: "UNCHECKED", advisory: "ADVISORY", mandatory: "VIOLATION", disabled: "disabled" }[policy.verdict];
    lines.push(`  ${verdict.padEnd(9)}  ${policy.policyName.padEnd(width)}  (${policy.enforcementLevel})`);
    for (const finding of policy.findings) {
      lines.push(`             ${finding.enforcementLevel}${finding.name ? ` on ${finding.name}` : ""}: ${finding.detail.split("\n").join(" ")}`);
    }
  }
  if (policies.length === 0) lines.push("  (no policies found)");

  lines.push("", "Next steps:", ...plan.nextSteps.map((step, i) => `  ${i + 1}. ${step}`));
  lines.push("", `Result: ${describeStatus(plan)} (exit ${plan.exitCode}).`);
  return lines;
}

/** A provider resource: how Pulumi reaches the tenant, not something created in it. */
function isProvider(resource: PlannedResource): boolean {
  return resource.type.startsWith("pulumi:providers:");
}

/** The resources as an aligned table: type, name, property, value (one row per property). */
function renderTable(resources: PlannedResource[]): string[] {
  const rows: string[][] = [["TYPE", "NAME", "PROPERTY", "VALUE"]];
  for (const resource of resources) {
    const properties = resource.component ? [{ label: "(component)", value: "groups the resources below; nothing of its own in the tenant" }] : resource.properties;
    if (properties.length === 0) rows.push([resource.type, resource.name, "", ""]);
    properties.forEach((property, i) => rows.push([i === 0 ? resource.type : "", i === 0 ? resource.name : "", property.label, property.value]));
  }
  // Values come from the stack and the program: one line each, with nothing a terminal would obey.
  rows.forEach((row, index) => (rows[index] = row.map(safeValue)));
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
  const format = (row: string[]) => `  ${row.slice(0, 3).map((cell, i) => cell.padEnd(widths[i])).join("  ")}  ${row[3]}`.trimEnd();
  const out = [format(rows[0]), format(widths.map((w) => "-".repeat(w)).concat("-----"))];
  for (let i = 1; i < rows.length; i++) out.push(format(rows[i]));
  return out;
}
