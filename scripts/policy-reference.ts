/**
 * Writes docs/policies.md, the policy pack's reference, from the pack itself: each policy's name,
 * description, enforcement level, kind and config schema, in the order the pack runs them.
 *
 *   npm run docs:policies
 *
 * tests/policies/policyReference.test.ts fails when the committed file differs from what this writes.
 */
import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { version } from "../policies/package.json";
import { policies, POLICY_PACK_DESCRIPTION, POLICY_PACK_ENFORCEMENT_LEVEL, POLICY_PACK_NAME } from "../policies/policies";

export const REFERENCE_FILE = path.join(__dirname, "..", "docs", "policies.md");
export const REGENERATE_COMMAND = "npm run docs:policies";

type PackPolicy = ResourceValidationPolicy | StackValidationPolicy;
/** The parts of a property's JSON schema the reference shows. */
type Schema = { type?: string | string[]; items?: Schema; pattern?: string; minimum?: number; maximum?: number; enum?: unknown[]; default?: unknown; description?: string };

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (value: unknown) => `\`${JSON.stringify(value)}\``;

function typeOf(schema: Schema): string {
  const types = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
  const item = types === "array" && schema.items ? `array of ${typeOf(schema.items)}` : types;
  const limits = [
    schema.minimum !== undefined ? `≥ ${schema.minimum}` : "",
    schema.maximum !== undefined ? `≤ ${schema.maximum}` : "",
    schema.pattern !== undefined ? `matching \`${schema.pattern}\`` : "",
    schema.enum !== undefined ? `one of ${schema.enum.map(code).join(", ")}` : "",
  ].filter(Boolean);
  return [item, ...limits].join(", ");
}

function kindOf(policy: PackPolicy): string {
  return "validateStack" in policy
    ? "stack policy: runs once over every resource of the stack, on their outputs (the engine's AnalyzeStack)"
    : "resource policy: runs on each resource's inputs (the engine's Analyze)";
}

function section(policy: PackPolicy): string[] {
  const lines = [`## \`${policy.name}\``, "", policy.description, "", `- Enforcement level: ${policy.enforcementLevel ?? POLICY_PACK_ENFORCEMENT_LEVEL}`, `- Kind: ${kindOf(policy)}`];
  const properties = Object.entries(policy.configSchema?.properties ?? {}) as [string, Schema][];
  if (properties.length === 0) return [...lines, "- Configuration: enforcement level only", ""];
  lines.push("- Configuration: enforcement level and these properties:", "", "| property | type | default | description |", "| --- | --- | --- | --- |");
  for (const [name, schema] of properties) {
    lines.push(`| \`${name}\` | ${cell(typeOf(schema))} | ${schema.default === undefined ? "none" : code(schema.default)} | ${cell(schema.description ?? "")} |`);
  }
  const required = policy.configSchema?.required ?? [];
  if (required.length > 0) lines.push("", `Required: ${required.map((name) => `\`${name}\``).join(", ")}.`);
  return [...lines, ""];
}

/** The reference, as Markdown. */
export function policyReference(): string {
  const pack = policies();
  return [
    `<!-- Generated from the policy pack by scripts/policy-reference.ts. Do not edit; run \`${REGENERATE_COMMAND}\`. -->`,
    "",
    `# Policy reference: ${POLICY_PACK_NAME} v${version}`,
    "",
    POLICY_PACK_DESCRIPTION,
    "",
    "Each policy's level, and its parameters where it has any, can be changed in a file passed with",
    "`pulumi preview --policy-pack policies --policy-pack-config <file>`; see [the policy pack](policy-pack.md).",
    "",
    "| policy | level | kind |",
    "| --- | --- | --- |",
    ...pack.map((p) => `| [\`${p.name}\`](#${p.name}) | ${p.enforcementLevel ?? POLICY_PACK_ENFORCEMENT_LEVEL} | ${"validateStack" in p ? "stack" : "resource"} |`),
    "",
    ...pack.flatMap(section),
    "## What no policy can see",
    "",
    "The engine tells a policy pack neither a resource's `import` id nor its `retainOnDelete` option: the",
    "Analyzer protocol's resource options carry only protect, ignoreChanges, deleteBeforeReplace,",
    "additionalSecretOutputs, aliases, customTimeouts and parent (`AnalyzerResourceOptions` in",
    "@pulumi/pulumi's proto/analyzer_pb.d.ts; pulumi/pulumi pkg/resource/deploy/step_generator.go). An",
    "`import:` of an existing policy or app, or `retainOnDelete` on the check's policy, therefore passes",
    "the pack; `npm run plan` refuses both (exit 1, see [the plan](plan.md)). Ids the check computes and",
    "then swaps in an `apply` are caught by the pack only once the ids are known (an update), from the",
    "outputs stack policies see; the plan gives each resource a stand-in id and catches them before.",
    "",
  ].join("\n");
}

if (require.main === module) {
  fs.writeFileSync(REFERENCE_FILE, policyReference());
  console.log(`wrote ${path.relative(process.cwd(), REFERENCE_FILE)}`);
}
