/**
 * Reads a project's stack config exactly as the Pulumi CLI does before it runs the program, without
 * decrypting anything. Every rule below names the Pulumi source it mirrors (pulumi/pulumi; the YAML
 * rules mirror gopkg.in/yaml.v3, the decoder Pulumi uses: sdk/go/common/encoding/marshal.go).
 */
import * as fs from "fs";
import * as path from "path";
import { Alias, Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseAllDocuments, Scalar } from "yaml";
import { ConfigError, ConfigProblem, hasHostileCharacters, printableKey, ProgramConfig, PROJECT, RawStackConfig, SecretConfigValue } from "../components/config";
import { qualify, stackFileName } from "../components/runtimeConfig";

export { stackFileName } from "../components/runtimeConfig";

/** Raised when a project or stack file is missing where required, or is not YAML/JSON of the shape Pulumi reads. */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

/** Raised for a stack name Pulumi refuses; its message never holds more than the position of the bad character. */
export class StackNameError extends StackFileError {
  constructor(message: string) {
    super(message);
    this.name = "StackNameError";
  }
}

// ---------------------------------------------------------------------------------------------
// YAML, decoded as gopkg.in/yaml.v3 decodes into `any`
// ---------------------------------------------------------------------------------------------

/** A decoded value: YAML integers are bigints (Go int64/uint64), floats are numbers (Go float64). */
type Plain = string | number | bigint | boolean | null | Plain[] | { [key: string]: Plain };

const YAML_TAG = "tag:yaml.org,2002:";
// yaml.v3 resolve.go, `resolvableTag` (plus !!binary, decode.go), and the collection tags.
const SCALAR_TAGS = new Set(["str", "int", "float", "bool", "null", "binary"]);
const MAX_ALIASES = 10_000;

class YamlReader {
  private aliases = 0;
  readonly problems: ConfigProblem[] = [];
  constructor(
    private readonly doc: Document.Parsed,
    private readonly label: string,
  ) {}

  fail(message: string): never {
    throw new StackFileError(`${this.label}: ${message}`);
  }

  read(node: unknown, at: string): Plain {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.read(this.resolveAlias(node), at);
    if (isScalar(node)) return this.scalar(node, at);
    if (isMap(node)) return this.mapping(node as unknown as { items: { key: unknown; value: unknown }[]; tag?: string }, at);
    if (isSeq(node)) {
      this.collectionTag((node as { tag?: string }).tag, "seq", at);
      return (node.items as unknown[]).map((item, i) => this.read(item, `${at}[${i}]`));
    }
    return this.fail(`${at || "(document)"}: unsupported YAML node`);
  }

  private resolveAlias(alias: Alias): Node {
    // yaml.v3 refuses documents that expand aliases without bound ("excessive aliasing").
    if (++this.aliases > MAX_ALIASES) this.fail("the document expands too many aliases");
    const target = alias.resolve(this.doc);
    if (!target) this.fail(`unknown anchor *${printableKey(alias.source)}`);
    return target as Node;
  }

  private collectionTag(tag: string | undefined, kind: "map" | "seq", at: string) {
    if (tag && tag !== `${YAML_TAG}${kind}` && tag !== "!") this.unsupportedTag(tag, at);
  }

  private unsupportedTag(tag: string, at: string): never {
    const shown = tag.startsWith(YAML_TAG) ? `!!${tag.slice(YAML_TAG.length)}` : tag;
    // Refused without echoing the tagged value: yaml.v3 would decode `!secret 00abc` as the plain
    // text "00abc" (resolve.go, `resolve`: an unresolvable tag keeps the text), which is no secret.
    this.fail(
      `${at || "(document)"}: the YAML tag ${printableKey(shown)} is not supported (value not shown); remove the tag. To store a secret, run: pulumi config set --secret <key>`,
    );
  }

  private scalar(node: Scalar, at: string): Plain {
    const value = String(node.value ?? "");
    const tag = node.tag;
    // yaml.v3 decode.go, `indicatedString`: quoted and block scalars are text unless tagged.
    const quoted = node.type !== undefined && node.type !== Scalar.PLAIN;
    if (!tag || tag === "!") return quoted || tag === "!" ? value : resolvePlain(value);
    if (!tag.startsWith(YAML_TAG) || !SCALAR_TAGS.has(tag.slice(YAML_TAG.length))) return this.unsupportedTag(tag, at);
    const short = tag.slice(YAML_TAG.length);
    if (short === "str") return value;
    if (short === "binary") {
      // yaml.v3 decode.go: !!binary is base64, decoded into text.
      if (node.value instanceof Uint8Array) return Buffer.from(node.value).toString("utf8");
      const compact = value.replace(/\s+/g, "");
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) this.fail(`${at}: !!binary value contains invalid base64 data (value not shown)`);
      return Buffer.from(compact, "base64").toString("utf8");
    }
    // yaml.v3 resolve.go, `resolve`: a tagged scalar must resolve to its tag (an int is a valid !!float).
    const resolved = resolvePlain(value);
    const kind = resolved === null ? "null" : typeof resolved === "bigint" ? "int" : typeof resolved === "number" ? "float" : typeof resolved === "boolean" ? "bool" : "str";
    if (kind === short) return resolved;
    if (short === "float" && kind === "int") return Number(resolved);
    return this.fail(`${at}: cannot decode the value (not shown) as a !!${short}`);
  }

  private mapping(node: { items: { key: unknown; value: unknown }[]; tag?: string }, at: string): { [key: string]: Plain } {
    this.collectionTag(node.tag, "map", at);
    const out: { [key: string]: Plain } = {};
    const merges: unknown[] = [];
    for (const pair of node.items) {
      const keyNode = isAlias(pair.key) ? this.resolveAlias(pair.key) : pair.key;
      // yaml.v3 resolve.go: a plain `<<` is the merge key.
      if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && keyNode.value === "<<" && (!keyNode.tag || keyNode.tag === `${YAML_TAG}merge`)) {
        merges.push(pair.value);
        continue;
      }
      const key = this.read(keyNode, at);
      // sdk/go/common/workspace/project.go, `SimplifyMarshalledValue`: "expected only string keys".
      if (typeof key !== "string") this.fail(`${at || "(document)"}: expected only string keys, found a ${key === null ? "null" : typeof key === "object" ? "collection" : "non-text"} key`);
      out[key] = this.read(pair.value, at ? `${at}.${key}` : key);
    }
    // yaml.v3 decode.go, `merge`: keys written in the map win over merged ones, and earlier merge
    // sources win over later ones; a merge value must be a map or a sequence of maps.
    for (const merge of merges) {
      const target = isAlias(merge) ? this.resolveAlias(merge) : merge;
      const sources = isSeq(target) ? (target.items as unknown[]).map((item) => (isAlias(item) ? this.resolveAlias(item) : item)) : [target];
      for (const source of sources) {
        if (!isMap(source)) this.fail(`${at || "(document)"}: map merge requires map or sequence of maps as the value`);
        const merged = this.mapping(source as unknown as { items: { key: unknown; value: unknown }[]; tag?: string }, at);
        for (const [k, v] of Object.entries(merged)) if (!(k in out)) out[k] = v;
      }
    }
    return out;
  }
}

/**
 * yaml.v3 resolve.go, `resolve`, for an untagged plain scalar: booleans and nulls by their spellings,
 * integers as Go's `strconv.ParseInt(s, 0, 64)` reads them (underscores dropped, 0x/0o/0b and a
 * leading 0 for octal), then unsigned, then floats; timestamps stay text when decoded into `any`
 * (decode.go); everything else is text.
 */
function resolvePlain(s: string): Plain {
  switch (s) {
    case "true": case "True": case "TRUE": return true;
    case "false": case "False": case "FALSE": return false;
    case "": case "~": case "null": case "Null": case "NULL": return null;
    case ".nan": case ".NaN": case ".NAN": return NaN;
    case ".inf": case ".Inf": case ".INF": case "+.inf": case "+.Inf": case "+.INF": return Infinity;
    case "-.inf": case "-.Inf": case "-.INF": return -Infinity;
  }
  const hint = s[0];
  if (hint === ".") return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) ? Number(s) : s;
  if (!/[-+0-9]/.test(hint)) return s;
  const plain = s.replace(/_/g, "");
  const int = goParseInt(plain);
  if (int !== undefined) return int;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return Number(plain);
  return s;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function goParseInt(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const [, sign, digits] = m;
  const literal = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits;
  let value = BigInt(literal.toLowerCase().replace(/^0x/, "0x"));
  if (sign === "-") value = -value;
  if (value >= INT64_MIN && value <= INT64_MAX) return value;
  // strconv.ParseUint takes no sign.
  if (sign === "" && value <= UINT64_MAX) return value;
  return undefined;
}

const BOM = "\ufeff";

/** Decodes a YAML or JSON file into plain values, as Pulumi's marshalers do (sdk/go/common/encoding/marshal.go). */
function decodeFile(file: string, label: string): Plain {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new StackFileError(`${label}: cannot read the file at ${file}`);
  }
  // sdk/go/common/workspace/loaders.go, `readFileStripUTF8BOM`.
  if (text.startsWith(BOM)) text = text.slice(1);
  if (path.extname(file) === ".json") {
    try {
      return JSON.parse(text) as Plain;
    } catch {
      throw new StackFileError(`${label}: is not valid JSON`);
    }
  }
  const lineCounter = new LineCounter();
  // No pretty errors (they quote the source line, secrets included) and no warnings: the library
  // would print them with process.emitWarning. The schema is failsafe (every scalar is text): the
  // scalars are resolved below exactly as yaml.v3 resolves them.
  const docs = parseAllDocuments(text, { schema: "failsafe", prettyErrors: false, logLevel: "silent", uniqueKeys: true, lineCounter, strict: true });
  const list = Array.isArray(docs) ? docs : [];
  // yaml.v3 `Unmarshal` reads the first document only.
  const doc = list[0];
  if (!doc) return null;
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    // The library's messages may quote the offending token; only its code and position are shown.
    throw new StackFileError(`${label}: is not valid YAML (line ${line}, column ${col}: ${error.code})`);
  }
  return new YamlReader(doc, label).read(doc.contents, "");
}

// ---------------------------------------------------------------------------------------------
// The project file
// ---------------------------------------------------------------------------------------------

/** A project-level config declaration (sdk/go/common/workspace/project.go, `ProjectConfigType`). */
export interface ProjectConfigType {
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

/** Reads and validates the project file (sdk/go/common/workspace/loaders.go, `LoadProjectBytes`). */
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
function inferFullTypeName(type: string, items?: ProjectConfigItemsType): string {
  return items ? `array<${inferFullTypeName(items.type, items.items)}>` : type;
}

// project.go, `ValidateConfigValue`.
function validateConfigValue(type: string, items: ProjectConfigItemsType | undefined, value: unknown): boolean {
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

// ---------------------------------------------------------------------------------------------
// Stack names and stack files
// ---------------------------------------------------------------------------------------------

/**
 * The stack name in a stack reference (`dev`, `acme/dev` or `acme/<project>/dev`): the backends
 * take the last part as the name (pkg/backend/httpstate/backend.go and pkg/backend/diy/store.go,
 * `ParseReference`), and the name must pass sdk/go/common/tokens/stack_name.go, `ParseStackName`.
 */
export function parseStackName(reference: string, project?: string): string {
  const parts = reference.split("/");
  if (parts.length > 3 || parts.slice(0, -1).some((p) => p === "")) {
    throw new StackNameError(`invalid stack name: expected <stack>, <org>/<stack> or <org>/<project>/<stack>`);
  }
  if (parts.slice(0, -1).some((p) => p === "." || p === ".." || /[^A-Za-z0-9_.-]/.test(p))) {
    throw new StackNameError("invalid stack name: the organization and project parts may only contain alphanumeric, hyphens, underscores, or periods");
  }
  if (parts.length === 3 && project !== undefined && parts[1] !== project) {
    throw new StackNameError(`invalid stack name: the stack belongs to another project than ${project}`);
  }
  const name = parts[parts.length - 1];
  if (name === "") throw new StackNameError("invalid stack name: a stack name may not be empty");
  if (name.length > 100) throw new StackNameError("invalid stack name: a stack name cannot exceed 100 characters");
  const bad = /[^A-Za-z0-9_.-]/.exec(name);
  if (bad) {
    throw new StackNameError(`invalid stack name: a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character at position ${bad.index}`);
  }
  return name;
}

/**
 * Where Pulumi reads a stack's config: `Pulumi.<name><ext of the project file>` in the project's
 * `stackConfigDir`, or beside the project file (sdk/go/common/workspace/paths.go, `ProjectStackPath`,
 * with `qnameFileName` turning a `/` into `-`).
 */
export function stackFilePath(projectDir: string, stack: string): string {
  const project = readProject(projectDir);
  return path.join(project.stackConfigDir, stackFileName(parseStackName(stack, project.name), project.extension));
}

/**
 * The stacks whose config files Pulumi would read, sorted: files named `Pulumi.<name><ext>` in the
 * stack config folder, with the project file's extension and a valid stack name. A folder without
 * a project file has none.
 */
export function listStacks(projectDir: string): string[] {
  if (!findProjectFile(projectDir)) return [];
  const project = readProject(projectDir);
  let files: string[];
  try {
    files = fs.readdirSync(project.stackConfigDir);
  } catch {
    return [];
  }
  const stacks = new Set<string>();
  for (const file of files) {
    if (!file.startsWith("Pulumi.") || !file.endsWith(project.extension)) continue;
    const name = file.slice("Pulumi.".length, file.length - project.extension.length);
    if (name === "" || !isValidStackName(name)) continue;
    try {
      if (!fs.statSync(path.join(project.stackConfigDir, file)).isFile()) continue;
    } catch {
      continue;
    }
    stacks.add(name);
  }
  return [...stacks].sort();
}

function isValidStackName(name: string): boolean {
  try {
    parseStackName(name);
    return true;
  } catch {
    return false;
  }
}

/** What the stack file says about ESC environments (sdk/go/common/workspace/project.go, `Environment`). */
export interface StackEnvironment {
  /** The environments imported, as written (`environment: [a, b]` or `environment: { imports: [...] }`). */
  imports: string[];
  /** Keys the stack file's own inline environment sets under `values.pulumiConfig`. */
  inlineKeys: string[];
}

export interface ProjectStack {
  /** The stack name (the last part of the reference). */
  stack: string;
  /** The stack file, absolute. */
  file: string;
  /** The stack file as messages name it: relative to the project folder. */
  stackFile: string;
  /** The merged config, as the program receives it: text, JSON text for structured values, secrets wrapped. */
  config: ProgramConfig;
  /** Keys whose values are secret (`secure:`, or `secret: true` in the project). */
  secretKeys: string[];
  /** ESC environments the stack imports: then any key, credentials included, may come from them. */
  environment?: StackEnvironment;
  /** Checks that cannot be made offline (advisory). */
  unchecked: ConfigProblem[];
  /** Names for `parseStackConfig`'s `sources.environments`: the imports, and "the stack file's environment" for an inline one. */
  environments: string[];
}

/**
 * The config the Pulumi CLI hands the program for a stack: the project's `config:` (defaults and
 * values) under the stack file's values (pkg/workspace/config.go, `mergeConfig`), read from where
 * Pulumi reads the stack file. Throws {@link StackNameError} for a bad name, {@link StackFileError}
 * for a file Pulumi could not read, and {@link ConfigError} for what Pulumi would refuse, naming keys.
 */
export function readProjectStack(projectDir: string, stack: string): ProjectStack {
  const project = readProject(projectDir);
  const name = parseStackName(stack, project.name);
  const file = path.join(project.stackConfigDir, stackFileName(name, project.extension));
  const stackFile = path.relative(projectDir, file) || file;
  // loaders.go, `LoadProjectStack`: a missing stack file is an empty config.
  const stackDocument: StackDocument = fs.existsSync(file) ? readStackDocument(file, stackFile, project.name) : { config: {}, problems: [], environment: undefined, objectKeys: new Set() };
  const problems = [...stackDocument.problems];
  const unchecked: ConfigProblem[] = [];
  const config: ProgramConfig = { ...stackDocument.config };
  const environment = stackDocument.environment;
  const environments = environment ? [...environment.imports, ...(environment.inlineKeys.length > 0 ? [`${stackFile} environment`] : [])] : [];
  const secretKeys = Object.keys(config).filter((k) => config[k] instanceof SecretConfigValue);

  // pkg/workspace/config.go, `mergeConfig`: project keys in sorted order.
  for (const projectKey of Object.keys(project.config).sort()) {
    const declaration = project.config[projectKey];
    const key = qualify(projectKey, project.name);
    const found = key in config;
    const hasDefault = declaration.default !== undefined;
    const hasValue = declaration.value !== undefined;
    if (!found && !hasDefault && !hasValue && key.startsWith(`${project.name}:`)) {
      if (environments.length > 0) {
        unchecked.push({ key, message: `is required by ${path.basename(project.file)} and may come from the stack's ESC environment (${environments.join(", ")}): it cannot be checked without the tenant` });
      } else {
        problems.push({ key, message: `Stack '${name}' is missing configuration value '${projectKey}' (required by ${path.basename(project.file)})` });
      }
      continue;
    }
    if (!found && (hasValue || hasDefault)) {
      // config.go, `createConfigValue`: text, integers and booleans as their text, anything else as JSON.
      const value = (hasDefault ? declaration.default : declaration.value) as Plain;
      const converted = toProgramValue(value, key);
      if (typeof converted === "object" && "problem" in converted) problems.push(converted.problem);
      else config[key] = converted;
    }
    // config.go, `validateStackConfigValue`: for typed project keys only.
    if (declaration.type && key in config) {
      const value = config[key];
      if (declaration.secret && !(value instanceof SecretConfigValue)) {
        problems.push({ key, message: `Stack '${name}' with configuration key '${projectKey}' must be encrypted as it's secret` });
        continue;
      }
      if (value instanceof SecretConfigValue) {
        unchecked.push({ key, message: `is encrypted (secure:): its type '${inferFullTypeName(declaration.type, declaration.items)}' cannot be checked without the tenant` });
        continue;
      }
      const content = stackDocument.objectKeys.has(key) || (!found && isStructured(hasDefault ? declaration.default : declaration.value)) ? (JSON.parse(value) as unknown) : value;
      if (!validateConfigValue(declaration.type, declaration.items, content)) {
        problems.push({ key, message: `Stack '${name}' with configuration key '${projectKey}' must be of type '${inferFullTypeName(declaration.type, declaration.items)}'` });
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(stackFile, problems);
  return { stack: name, file, stackFile, config, secretKeys, environment, unchecked, environments };
}

function isStructured(value: unknown): boolean {
  return !(typeof value === "string" || typeof value === "bigint" || typeof value === "boolean");
}

interface StackDocument {
  config: ProgramConfig;
  problems: ConfigProblem[];
  environment: StackEnvironment | undefined;
  /** Keys whose value is a list or map (Pulumi's "object" values). */
  objectKeys: Set<string>;
}

function readStackDocument(file: string, label: string, project: string): StackDocument {
  const document = decodeFile(file, label);
  const problems: ConfigProblem[] = [];
  const config: ProgramConfig = {};
  const objectKeys = new Set<string>();
  // loaders.go, `LoadProjectStackBytes`: an empty file is an empty config.
  if (document === null) return { config, problems, environment: undefined, objectKeys };
  if (!isObject(document)) throw new StackFileError(`${label}: expected a YAML map with a config: section`);
  const section = document.config;
  if (section !== undefined && section !== null) {
    if (!isObject(section)) throw new StackFileError(`${label}: config: expected a map of keys to values`);
    const origin = new Map<string, string>();
    for (const [written, value] of Object.entries(section)) {
      if (hasHostileCharacters(written)) {
        problems.push({ key: printableKey(written), message: "the key name contains a control character or a bidirectional override; remove it" });
        continue;
      }
      // sdk/go/common/resource/config/key.go, `ParseKey`: `<namespace>:<name>` or `<namespace>:config:<name>`.
      const colons = written.split(":").length - 1;
      if (colons > 2 || (colons === 2 && written.split(":")[1] !== "config")) {
        problems.push({ key: written, message: "could not parse as a configuration key (configuration keys should be of the form `<namespace>:<name>`)" });
        continue;
      }
      const key = qualify(written, project);
      const earlier = origin.get(key);
      if (earlier !== undefined) {
        // Pulumi keeps one of the two at random (a Go map): refuse rather than guess.
        problems.push({ key, message: `is written twice (as ${earlier} and ${written}); keep one` });
        continue;
      }
      origin.set(key, written);
      const converted = toProgramValue(value, key);
      if (typeof converted === "object" && "problem" in converted) {
        problems.push(converted.problem);
        continue;
      }
      config[key] = converted;
      if (value !== null && typeof value === "object" && !(converted instanceof SecretConfigValue)) objectKeys.add(key);
    }
  }
  return { config, problems, environment: readEnvironment(document.environment, label), objectKeys };
}

// project.go, `(*Environment).UnmarshalYAML`: a list of environment names, or an inline definition.
function readEnvironment(value: Plain | undefined, label: string): StackEnvironment | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return { imports: value as string[], inlineKeys: [] };
  if (!isObject(value)) throw new StackFileError(`${label}: environment: expected a list of environment names or an environment definition`);
  const imports = Array.isArray(value.imports)
    ? value.imports.flatMap((entry) => (typeof entry === "string" ? [entry] : isObject(entry) ? Object.keys(entry) : []))
    : [];
  const values = isObject(value.values) ? value.values : {};
  const pulumiConfig = isObject(values.pulumiConfig) ? values.pulumiConfig : {};
  return { imports: imports.map(printableKey), inlineKeys: Object.keys(pulumiConfig).map(printableKey) };
}

/**
 * The value the program receives for a key (sdk/go/common/resource/config/object.go): a map that is
 * exactly `{secure: <text>}` is a secret at any depth (`isSecureValue`), and a value holding one is
 * secret as a whole (`Secure`); null is "" (loaders.go, `checkForEmptyConfig`); text stays text;
 * numbers and booleans become their JSON text, lists and maps JSON (`MarshalString`; Go's
 * encoding/json sorts map keys and escapes <, > and &). NaN and infinities cannot be stored.
 */
function toProgramValue(value: Plain, key: string): string | SecretConfigValue | { problem: ConfigProblem } {
  if (containsSecure(value)) return new SecretConfigValue();
  if (value === null) return "";
  if (typeof value === "string") return value;
  try {
    return goJson(value);
  } catch {
    return { problem: { key, message: "holds .nan or .inf, which Pulumi cannot store (json: unsupported value)" } };
  }
}

function containsSecure(value: Plain): boolean {
  if (Array.isArray(value)) return value.some(containsSecure);
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "secure" && typeof value.secure === "string") return true;
    return Object.values(value).some(containsSecure);
  }
  return false;
}

function goJson(value: Plain): string {
  if (value === null) return "null";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("unsupported value");
    return Object.is(value, -0) ? "-0" : JSON.stringify(value);
  }
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${goJson(k)}:${goJson(value[k])}`)
    .join(",")}}`;
}

function isObject(value: unknown): value is { [key: string]: Plain } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Kept for current callers
// ---------------------------------------------------------------------------------------------

/**
 * Reads the `config:` of one stack file, without the project's config: what the program receives
 * for the keys it sets. Prefer {@link readProjectStack}, which also applies `Pulumi.yaml`.
 * Problems with single keys are a {@link ConfigError}.
 */
export function readStackFile(file: string, project: string = PROJECT): RawStackConfig {
  const label = path.basename(file);
  if (!fs.existsSync(file)) throw new StackFileError(`${label}: cannot read the stack file at ${file}`);
  const document = readStackDocument(file, label, project);
  if (document.problems.length > 0) throw new ConfigError(label, document.problems);
  return document.config;
}
