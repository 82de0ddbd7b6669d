/**
 * The project file, read and validated as the Pulumi CLI reads it (pulumi/pulumi,
 * sdk/go/common/workspace/{paths,project,loaders}.go).
 */
import * as fs from "fs";
import * as path from "path";
import { printableKey } from "../../components/config";
import { StackFileError } from "./errors";
import { decodeFile, INT64_MAX, INT64_MIN, isObject, type Plain } from "./yaml";

/** A project-level config declaration (sdk/go/common/workspace/project.go, `ProjectConfigType`). */
interface ProjectConfigType {
  type?: "string" | "integer" | "boolean" | "array" | "object";
  items?: ProjectConfigItemsType;
  description?: string;
  default?: Plain;
  value?: Plain;
  secret?: boolean;
}
interface ProjectConfigItemsType {
  type: string;
  items?: ProjectConfigItemsType;
}

export interface PulumiProject {
  name: string;
  /** The project file, e.g. `/repo/Pulumi.yaml`. */
  file: string;
  /** `.yaml`, `.yml` or `.json`: stack files take the same extension. */
  extension: string;
  /** Where stack files live (absolute). */
  stackConfigDir: string;
  /** `main:` resolved against the project folder, when the project file sets it. */
  main?: string;
  /** `config:` of the project file, by key as written there. */
  config: Record<string, ProjectConfigType>;
}

// sdk/go/common/encoding/marshal.go, `Exts`: JSON first, then YAML, then ".yml"
// (sdk/go/common/workspace/paths.go, `findProjectInDir`).
const PROJECT_EXTENSIONS = [".json", ".yaml", ".yml"];
const TYPE_NAMES = ["string", "integer", "boolean", "array", "object"];
const DECLARATION_FIELDS = ["type", "items", "description", "default", "value", "secret"];

/** The project file in a directory, as Pulumi finds it; undefined when there is none. */
export function findProjectFile(projectDir: string): string | undefined {
  for (const extension of PROJECT_EXTENSIONS) {
    const file = path.join(projectDir, `Pulumi${extension}`);
    try {
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not there: try the next extension
    }
  }
  return undefined;
}

/**
 * Reads and validates the project file in `projectDir` (loaders.go, `LoadProjectBytes`). Unlike the
 * CLI (paths.go, `DetectProjectPathFrom`), it does not search the parent folders: the tools take
 * the project folder as given (`--dir`). Throws {@link StackFileError} naming the file and the key.
 */
export function readProject(projectDir: string): PulumiProject {
  const file = findProjectFile(projectDir);
  if (!file) throw new StackFileError(`no Pulumi.yaml project file in ${projectDir}`);
  const label = path.basename(file);
  const raw = decodeFile(file, label);
  if (!isObject(raw)) throw new StackFileError(`${label}: expected project to be an object`);
  // project.go, `ValidateProject`.
  if (typeof raw.name !== "string" || raw.name === "") throw new StackFileError(`${label}: project is missing a non-empty string 'name' attribute`);
  let configSection: Plain | undefined = raw.config;
  let stackConfigDir: Plain | undefined = raw.stackConfigDir;
  // project.go, `RewriteConfigPathIntoStackConfigDir`: a text `config:` is the old name of stackConfigDir.
  if (typeof configSection === "string") {
    if (stackConfigDir !== undefined) throw new StackFileError(`${label}: Should not use both config and stackConfigDir to define the stack directory. Use only stackConfigDir instead.`);
    stackConfigDir = configSection;
    configSection = undefined;
  }
  if (stackConfigDir !== undefined && stackConfigDir !== null && typeof stackConfigDir !== "string") throw new StackFileError(`${label}: stackConfigDir: expected text`);
  if (raw.main !== undefined && raw.main !== null && typeof raw.main !== "string") throw new StackFileError(`${label}: main: expected the path of the program, as text`);
  const config: Record<string, ProjectConfigType> = {};
  if (configSection !== undefined && configSection !== null) {
    if (!isObject(configSection)) throw new StackFileError(`${label}: config: expected a map of keys to declarations`);
    for (const [key, declaration] of Object.entries(configSection)) {
      config[key] = projectDeclaration(raw.name, key, declaration, label);
    }
  }
  return {
    name: raw.name,
    file,
    extension: path.extname(file),
    // paths.go, `ProjectStackPath`: stackConfigDir is relative to the project file's folder.
    stackConfigDir: path.resolve(projectDir, typeof stackConfigDir === "string" ? stackConfigDir : ""),
    // pkg/engine/project.go, `getPwdMain`: main is relative to the project folder.
    ...(typeof raw.main === "string" && raw.main !== "" ? { main: path.resolve(projectDir, raw.main) } : {}),
    config,
  };
}

// project.go, `configKeyIsNamespacedByProject`.
const isProjectKey = (project: string, key: string) => !key.includes(":") || key.startsWith(`${project}:`);

function projectDeclaration(project: string, key: string, declaration: Plain, label: string): ProjectConfigType {
  const fail = (message: string): never => {
    throw new StackFileError(`${label}: config: ${printableKey(key)}: ${message}`);
  };
  let result: ProjectConfigType;
  // project.go, `RewriteShorthandConfigValues`: text, integer, boolean or list shorthand is the
  // project key's `default`, or another namespace's `value` (project.json allows nothing else).
  if (typeof declaration === "string" || typeof declaration === "bigint" || typeof declaration === "boolean" || Array.isArray(declaration)) {
    result = isProjectKey(project, key) ? { default: declaration } : { value: declaration };
  } else if (isObject(declaration)) {
    // project.json, `configTypeDeclaration`: additionalProperties false.
    for (const field of Object.keys(declaration)) {
      if (!DECLARATION_FIELDS.includes(field)) fail(`'${printableKey(field)}' not allowed; the allowed attributes are ${DECLARATION_FIELDS.map((f) => `'${f}'`).join(", ")}`);
    }
    const { type, items, description, secret } = declaration;
    if (type !== undefined && (typeof type !== "string" || !TYPE_NAMES.includes(type))) fail(`type: expected one of ${TYPE_NAMES.join(", ")}`);
    if (description !== undefined && typeof description !== "string") fail("description: expected text");
    if (secret !== undefined && typeof secret !== "boolean") fail("secret: expected true or false");
    result = {
      ...(type !== undefined ? { type: type as ProjectConfigType["type"] } : {}),
      ...(items !== undefined ? { items: itemsType(items, fail) } : {}),
      ...(description !== undefined ? { description: description as string } : {}),
      ...(declaration.default !== undefined && declaration.default !== null ? { default: declaration.default } : {}),
      ...(declaration.value !== undefined && declaration.value !== null ? { value: declaration.value } : {}),
      ...(secret !== undefined ? { secret: secret as boolean } : {}),
    };
  } else {
    return fail("expected text, an integer, true or false, a list, or a declaration (type, default, value, secret)");
  }
  // project.go, `(*Project).Validate`.
  if (result.default !== undefined && result.value !== undefined) fail("project config cannot have both a 'default' and 'value' attribute");
  if (isProjectKey(project, key)) {
    if (result.type === "array" && !result.items) fail("declares an array but does not specify the underlying type via the 'items' attribute");
    if (result.type && result.default !== undefined && !validateConfigValue(result.type, result.items, result.default)) {
      fail(`the default value is not of the expected type '${inferFullTypeName(result.type, result.items)}'`);
    }
  } else {
    if (result.type) fail("is not namespaced by the project and should not define a type");
    if (result.default !== undefined) fail("is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?");
    if (result.value === undefined) fail("is namespaced and must provide an attribute 'value'");
  }
  return result;
}


function itemsType(items: Plain, fail: (message: string) => never): ProjectConfigItemsType {
  if (!isObject(items) || typeof items.type !== "string" || !TYPE_NAMES.includes(items.type)) return fail(`items: expected { type: ${TYPE_NAMES.join(" | ")} }`);
  if (items.type === "array" && items.items === undefined) return fail("items: an array of arrays must give the inner 'items'");
  return { type: items.type, ...(items.items !== undefined ? { items: itemsType(items.items, fail) } : {}) };
}


// project.go, `InferFullTypeName`.
export function inferFullTypeName(type: string, items?: ProjectConfigItemsType): string {
  return items ? `array<${inferFullTypeName(items.type, items.items)}>` : type;
}

// project.go, `ValidateConfigValue`.
export function validateConfigValue(type: string, items: ProjectConfigItemsType | undefined, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      if (typeof value === "bigint") return true;
      if (typeof value === "number") return Number.isInteger(value);
      // strconv.Atoi: optional sign, decimal digits, within int64.
      return typeof value === "string" && /^[+-]?[0-9]+$/.test(value) && BigInt(value) >= INT64_MIN && BigInt(value) <= INT64_MAX;
    case "boolean":
      return typeof value === "boolean" || value === "true" || value === "false";
    case "object":
      return isObject(value);
    default:
      return Array.isArray(value) && items !== undefined && value.every((item) => validateConfigValue(items.type, items.items, item));
  }
}
