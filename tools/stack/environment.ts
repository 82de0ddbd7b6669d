/**
 * What a stack file says about Pulumi ESC environments (sdk/go/common/workspace/project.go,
 * `Environment`: a list of environment names, or an inline definition with `imports` and `values`).
 */
import { printableKey } from "../../components/config";
import { StackFileError } from "./errors";
import { isObject, type Plain } from "./yaml";

export interface StackEnvironment {
  /** The environments imported, as written. */
  imports: string[];
  /** `values.pulumiConfig` of the inline definition whose values are literals, by key as written: the plan reads them as Pulumi would. */
  literals: Record<string, Plain>;
  /** Keys of `values.pulumiConfig` whose values the plan cannot see (an `fn::` function such as `fn::secret`, or a `${...}` interpolation). */
  unseenKeys: string[];
}

/** Reads `environment:`; undefined when the stack file has none. */
export function readEnvironment(value: Plain | undefined, label: string): StackEnvironment | undefined {
  if (value === undefined || value === null) return undefined;
  // project.go, `(*Environment).UnmarshalYAML`: a list of names, else the definition itself.
  if (Array.isArray(value)) {
    const names = value.filter((entry): entry is string => typeof entry === "string" && entry.trim() !== "");
    if (names.length !== value.length) throw new StackFileError(`${label}: environment: expected a list of environment names (text, such as acme/okta), one per entry`);
    return { imports: names.map(printableKey), literals: {}, unseenKeys: [] };
  }
  if (!isObject(value)) throw new StackFileError(`${label}: environment: expected a list of environment names or an environment definition (imports:, values:)`);
  const imports = Array.isArray(value.imports) ? value.imports.flatMap((entry) => (typeof entry === "string" ? [entry] : isObject(entry) ? Object.keys(entry) : [])) : [];
  const values = isObject(value.values) ? value.values : {};
  const pulumiConfig = isObject(values.pulumiConfig) ? values.pulumiConfig : {};
  const literals: Record<string, Plain> = {};
  const unseenKeys: string[] = [];
  for (const [key, entry] of Object.entries(pulumiConfig)) {
    if (isLiteral(entry)) literals[key] = entry;
    else unseenKeys.push(key);
  }
  return { imports: imports.map(printableKey), literals, unseenKeys };
}

// pulumi/esc, ast/expr.go `ParseExpr`: a map whose key names a builtin (`fn::secret`, `fn::open`,
// ...) is a function call, and text holding `${...}` an interpolation or a symbol. Any `fn::` key
// and any `${` (even an escaped `$${`) is taken as not literal: the plan then leaves it unchecked.
function isLiteral(value: Plain): boolean {
  if (typeof value === "string") return !value.includes("${");
  if (Array.isArray(value)) return value.every(isLiteral);
  if (isObject(value)) return Object.entries(value).every(([key, entry]) => !key.startsWith("fn::") && isLiteral(entry));
  return true;
}
