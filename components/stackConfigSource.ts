import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { PROJECT, RawStackConfig, SECRET_KEYS, SecretConfigValue } from "./config";

/** `Pulumi.<stack>.yaml` for a stack name. */
export function stackFileName(stack: string): string {
  return `Pulumi.${stack}.yaml`;
}

/** The stacks that have a `Pulumi.<stack>.yaml` in the project directory, sorted. */
export function listStacks(projectDir: string): string[] {
  return fs
    .readdirSync(projectDir)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** Raised when a stack file is missing or is not YAML of the shape Pulumi writes. */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

/**
 * Reads the `config:` map of a stack file. Encrypted values (`secure:`) become
 * {@link SecretConfigValue}s without plaintext: nothing here can or does decrypt them.
 */
export function readStackFile(file: string): RawStackConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new StackFileError(`${path.basename(file)}: cannot read the stack file at ${file}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "not YAML";
    throw new StackFileError(`${path.basename(file)}: is not valid YAML (${reason})`);
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== "object" || Array.isArray(document)) {
    throw new StackFileError(`${path.basename(file)}: expected a YAML map with a config: section`);
  }
  const config = (document as Record<string, unknown>).config;
  if (config === undefined || config === null) return {};
  if (typeof config !== "object" || Array.isArray(config)) {
    throw new StackFileError(`${path.basename(file)}: config: expected a map of keys to values`);
  }
  const raw: RawStackConfig = {};
  for (const [key, value] of Object.entries(config)) {
    raw[qualify(key)] = revealNothing(value);
  }
  return raw;
}

/**
 * Reads the stack config Pulumi handed to this program. Values Pulumi marks as secret stay wrapped
 * for the keys that must be secret, so the schema can tell a `secure:` value from a plaintext one.
 */
export function readPulumiRuntimeConfig(
  allConfig: Record<string, string>,
  isSecret: (key: string) => boolean,
): RawStackConfig {
  const raw: RawStackConfig = {};
  for (const [key, value] of Object.entries(allConfig)) {
    const decoded = decodeStructured(value);
    const qualified = qualify(key);
    raw[qualified] = isSecret(key) && SECRET_KEYS.includes(qualified) ? new SecretConfigValue(value) : decoded;
  }
  return raw;
}

function qualify(key: string): string {
  return key.includes(":") ? key : `${PROJECT}:${key}`;
}

function revealNothing(value: unknown): unknown {
  if (isSecureEnvelope(value)) return new SecretConfigValue();
  if (Array.isArray(value)) return value.map(revealNothing);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealNothing(v)]));
  }
  return value;
}

function isSecureEnvelope(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

// Pulumi passes structured values (lists, maps) to the program as JSON text.
function decodeStructured(value: string): unknown {
  if (/^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}
