/**
 * The config the Pulumi CLI hands the program for a stack, read offline and without decrypting
 * anything: the stack file, then the literal values of its inline ESC environment, then the
 * project's `config:` (pulumi/pulumi, pkg/workspace/config.go, `mergeConfig`; sdk/go/common/workspace/loaders.go).
 */
import * as fs from "fs";
import * as path from "path";
import { ConfigError, hasHostileCharacters, printableKey, SecretConfigValue, toProgramText, type ConfigProblem, type ProgramConfig } from "../../components/config";
import { qualify } from "../../components/runtimeConfig";
import { readEnvironment, type StackEnvironment } from "./environment";
import { StackFileError } from "./errors";
import { locateStack } from "./locate";
import { inferFullTypeName, validateConfigValue, type PulumiProject } from "./project";
import { decodeFile, isObject, type Plain } from "./yaml";

interface ProjectStack {
  /** The stack name (the last part of the reference). */
  stack: string;
  /** The stack file as messages name it: relative to the project folder. */
  stackFile: string;
  /** The merged config, as the program receives it: text, JSON text for structured values, secrets wrapped. */
  config: ProgramConfig;
  /** ESC environments the stack file names. */
  environment?: StackEnvironment;
  /** Checks that cannot be made offline (advisory). */
  unchecked: ConfigProblem[];
  /** Where keys the plan cannot see may come from, for `parseStackConfig`'s `sources.environments`: the imports, and the inline environment when some of its values are not literals. */
  environments: string[];
}

/**
 * Reads a stack by reference. Throws StackNameError for a bad reference, StackFileError for a file
 * Pulumi could not read, and ConfigError for what Pulumi would refuse, naming each key.
 */
export function readProjectStack(projectDir: string, reference: string): ProjectStack {
  const { project, name, file, label } = locateStack(projectDir, reference);
  // loaders.go, `LoadProjectStack`: a missing stack file is an empty config.
  const document: StackDocument = fs.existsSync(file) ? readStackDocument(file, label, project.name) : { config: {}, problems: [], environment: undefined, objectKeys: new Set() };
  const { environment } = document;
  const problems = [...document.problems];
  const config: ProgramConfig = { ...document.config };
  const objectKeys = new Set(document.objectKeys);
  // config.go, `mergeConfig`: the environment's values fill in what the stack file does not set.
  for (const [written, value] of Object.entries(environment?.literals ?? {})) {
    const key = qualify(written, project.name);
    if (key in config) continue;
    const converted = toProgramValue(value, key);
    if ("problem" in converted) problems.push(converted.problem);
    else config[key] = converted.value;
    if (isStructured(value) && !(config[key] instanceof SecretConfigValue)) objectKeys.add(key);
  }
  const environments = environment ? [...environment.imports, ...(environment.unseenKeys.length > 0 ? [`${label} environment`] : [])] : [];
  const unchecked = applyProjectConfig(project, name, config, objectKeys, environments, problems);
  if (problems.length > 0) throw new ConfigError(label, problems);
  return { stack: name, stackFile: label, config, environment, unchecked, environments };
}

/** config.go, `mergeConfig` and `validateStackConfigValue`: the project's keys in sorted order; returns what cannot be checked offline. */
function applyProjectConfig(project: PulumiProject, stack: string, config: ProgramConfig, objectKeys: Set<string>, environments: string[], problems: ConfigProblem[]): ConfigProblem[] {
  const unchecked: ConfigProblem[] = [];
  const projectFile = path.basename(project.file);
  for (const projectKey of Object.keys(project.config).sort()) {
    const declaration = project.config[projectKey];
    const key = qualify(projectKey, project.name);
    const found = key in config;
    const declared = declaration.default !== undefined ? declaration.default : declaration.value;
    if (!found && declared === undefined && key.startsWith(`${project.name}:`)) {
      if (environments.length > 0) {
        unchecked.push({ key, message: `is required by ${projectFile} and may come from the stack's ESC environment (${environments.join(", ")}): it cannot be checked without the tenant` });
      } else {
        problems.push({ key, message: `Stack '${stack}' is missing configuration value '${projectKey}' (required by ${projectFile})` });
      }
      continue;
    }
    if (!found && declared !== undefined) {
      // config.go, `createConfigValue`: text, integers and booleans as their text, anything else as JSON.
      const converted = toProgramValue(declared, key);
      if ("problem" in converted) problems.push(converted.problem);
      else config[key] = converted.value;
    }
    if (!declaration.type || !(key in config)) continue;
    const value = config[key];
    const typeName = inferFullTypeName(declaration.type, declaration.items);
    if (declaration.secret && !(value instanceof SecretConfigValue)) {
      problems.push({ key, message: `Stack '${stack}' with configuration key '${projectKey}' must be encrypted as it's secret` });
    } else if (value instanceof SecretConfigValue) {
      unchecked.push({ key, message: `is encrypted (secure:): its type '${typeName}' cannot be checked without the tenant` });
    } else {
      const content = objectKeys.has(key) || (!found && isStructured(declared)) ? (JSON.parse(value) as unknown) : value;
      if (!validateConfigValue(declaration.type, declaration.items, content)) problems.push({ key, message: `Stack '${stack}' with configuration key '${projectKey}' must be of type '${typeName}'` });
    }
  }
  return unchecked;
}

function isStructured(value: unknown): boolean {
  return value !== null && typeof value === "object";
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
      if ("problem" in converted) {
        problems.push(converted.problem);
        continue;
      }
      config[key] = converted.value;
      if (isStructured(value) && !(converted.value instanceof SecretConfigValue)) objectKeys.add(key);
    }
  }
  return { config, problems, environment: readEnvironment(document.environment, label), objectKeys };
}

/**
 * The value the program receives for a key (sdk/go/common/resource/config/object.go): a map that is
 * exactly `{secure: <text>}` is a secret at any depth (`isSecureValue`), and a value holding one is
 * secret as a whole (`Secure`); anything else is its text ({@link toProgramText}).
 */
function toProgramValue(value: Plain, key: string): { value: string | SecretConfigValue } | { problem: ConfigProblem } {
  if (containsSecure(value)) return { value: new SecretConfigValue() };
  try {
    return { value: toProgramText(value) };
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
