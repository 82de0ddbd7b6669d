/**
 * The stack config the program accepts: the check's settings under this project's namespace
 * (derived from `settings.ts`) and the Okta provider's keys, checked as Pulumi hands them to the
 * program (text; structured values as JSON). The program and the offline tools both check it here,
 * so they accept and refuse exactly the same stacks.
 */
import { ConfigError, ConfigProblem, inKeyOrder, unknownKeyMessage } from "./configReport";
import { PROVIDER_KEYS } from "./providerKeys";
import { SECRET_PLACEHOLDER, SecretConfigValue } from "./secretValue";
import { CheckSettings, issueProblems, requiredHere, SETTING_NAMES, SETTINGS, SettingSpec, stackSchema } from "./settings";
import { hasHostileCharacters, HOSTILE_MESSAGE, printableKey } from "./text";

export { ConfigError, type ConfigProblem } from "./configReport";
export { SECRET_KEYS } from "./providerKeys";
export { SECRET_PLACEHOLDER, SecretConfigValue } from "./secretValue";
export type { CheckSettings } from "./settings";
export { hasHostileCharacters, printableKey } from "./text";

/** The Pulumi project name: the namespace of this project's own stack config keys. */
export const PROJECT = "okta-managed-device-check";

/**
 * Stack config by full key (`namespace:key`). Values are what Pulumi hands the program: text
 * (structured values as JSON text) or a {@link SecretConfigValue}. Other values (lists, numbers, as
 * tests write them) are turned into the text Pulumi would pass before they are checked.
 */
export type RawStackConfig = Record<string, unknown>;

/** A full key to the value a program receives for it. */
export type ProgramConfig = Record<string, string | SecretConfigValue>;

/** How a key is checked: its schema, whether it must be given, whether it is a credential. */
interface KeySpec {
  schema: { safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };
  required?: boolean;
  credential?: boolean;
  multiline?: boolean;
  /** The setting this key holds, for the check's own keys. */
  setting?: { name: keyof CheckSettings; spec: SettingSpec };
}

/** A setting's stack key: `okta-managed-device-check:<name>`. */
const keyOf = (name: string) => `${PROJECT}:${name}`;

/** Every key the program reads, with its check. Keys are full, so every error names the key as `pulumi config` shows it. */
const CONFIG_KEYS: Readonly<Record<string, KeySpec>> = {
  ...Object.fromEntries(
    SETTING_NAMES.map((name) => {
      const spec: SettingSpec = SETTINGS[name];
      return [keyOf(name), { schema: stackSchema(spec), required: spec.required, setting: { name, spec } }];
    }),
  ),
  ...PROVIDER_KEYS,
};

/** The checked config, by full key. Secrets the tools cannot decrypt stay {@link SecretConfigValue}s. */
export type StackConfig = Record<string, unknown>;

/** Where keys that are not in the stack file may still come from when Pulumi runs the program. */
export interface ConfigSources {
  /**
   * The ESC environments the stack file imports (`environment:`). Any key may come from them,
   * credentials included (pkg/workspace/config.go, `mergeConfig`), so a missing key is not an error.
   */
  environments?: readonly string[];
}

export interface ParsedConfig {
  /** The check's settings. A value that cannot be seen offline is shown as `[secret]` (or left to its default). */
  settings: CheckSettings;
  config: StackConfig;
  /** Checks that cannot be made without the tenant (encrypted values, keys an ESC environment may supply): advisory. */
  unchecked: ConfigProblem[];
  /** Keys whose values are secret (`secure:`), whatever they hold. */
  secretKeys: string[];
}

const UNCHECKED_SECRET = "is encrypted (secure:): its value cannot be checked without the tenant; the program checks the decrypted value when Pulumi runs it";
const uncheckedFromEnvironment = (environments: readonly string[]) =>
  `is not in the stack file and may come from its ESC environment${environments.length === 1 ? "" : "s"} (${environments.join(", ")}): it cannot be checked without the tenant; the program checks it when Pulumi runs it`;

/**
 * The text Pulumi hands the program for a config value, the one definition the program, the plan and
 * the tests share: text as is; a null or blank value as "" (sdk/go/common/workspace/loaders.go,
 * `checkForEmptyConfig`); numbers, booleans, lists and maps as Go's encoding/json writes them
 * (sdk/go/common/resource/config/object.go, `MarshalString`): map keys sorted, `<`, `>`, `&`,
 * U+2028 and U+2029 escaped, integers exact. A secret nested in a list or map is its placeholder.
 * NaN and infinities throw, as Go's encoder refuses them ("json: unsupported value").
 */
export function toProgramText(value: unknown): string | SecretConfigValue {
  if (value instanceof SecretConfigValue || typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  return goJson(value);
}

function goJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof SecretConfigValue) return goJson(SECRET_PLACEHOLDER);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("json: unsupported value");
    return Object.is(value, -0) ? "-0" : JSON.stringify(value);
  }
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  const map = value as Record<string, unknown>;
  return `{${Object.keys(map)
    .sort()
    .map((k) => `${goJson(k)}:${goJson(map[k])}`)
    .join(",")}}`;
}

/** True for a text that holds a hostile character, as the program receives the key's value. */
function hostile(value: string, spec: KeySpec): boolean {
  return hasHostileCharacters(value, { multiline: spec.multiline });
}

/**
 * Validates a whole stack config at once, as the program receives it. Every problem is reported
 * together, each naming the key; values are never echoed, so a misplaced secret cannot leak.
 * Encrypted values whose plaintext is unknown (offline) are listed in `unchecked`, not refused.
 */
export function parseStackConfig(raw: RawStackConfig, stackFile: string, sources: ConfigSources = {}): ParsedConfig {
  const problems: ConfigProblem[] = [];
  const unchecked: ConfigProblem[] = [];
  const secretKeys: string[] = [];
  const config: StackConfig = {};
  const environments = sources.environments ?? [];
  const known = Object.keys(CONFIG_KEYS);

  for (const [name, value] of Object.entries(raw)) {
    if (value instanceof SecretConfigValue) secretKeys.push(name);
    if (hasHostileCharacters(name)) {
      problems.push({ key: printableKey(name), message: "the key name contains a control character or a bidirectional override; remove it" });
      continue;
    }
    // `pulumi:tags`, `pulumi:disable-default-providers`, ... belong to the engine, which checks them;
    // their text must still be printable.
    if (name.startsWith("pulumi:")) {
      const programText = toProgramText(value);
      if (typeof programText === "string" && hasHostileCharacters(programText)) problems.push({ key: name, message: HOSTILE_MESSAGE });
      continue;
    }
    if (!(name in CONFIG_KEYS)) problems.push({ key: name, message: unknownKeyMessage(name, known) });
  }

  for (const [name, spec] of Object.entries(CONFIG_KEYS)) {
    const value = raw[name];
    if (value === undefined) {
      const required = spec.setting ? requiredHere(spec.setting.spec, (other) => raw[keyOf(other)] !== undefined) : spec.required;
      if (environments.length > 0 && (required || spec.credential)) {
        unchecked.push({ key: name, message: uncheckedFromEnvironment(environments) });
      } else if (required) {
        const missing = spec.schema.safeParse(undefined);
        problems.push({ key: name, message: missing.success ? "is required" : `is required: ${missing.error.issues[0].message}` });
      }
      continue;
    }
    const programValue = toProgramText(value);
    if (programValue instanceof SecretConfigValue) {
      const plaintext = programValue.plaintext;
      if (plaintext === undefined || plaintext === SECRET_PLACEHOLDER) {
        if (!spec.credential) unchecked.push({ key: name, message: UNCHECKED_SECRET });
        config[name] = programValue;
      } else if (hostile(plaintext, spec)) {
        problems.push({ key: name, message: HOSTILE_MESSAGE });
      } else if (spec.credential) {
        config[name] = programValue;
      } else {
        check(name, spec, plaintext);
      }
      continue;
    }
    check(name, spec, programValue);
  }

  function check(name: string, spec: KeySpec, value: string) {
    const result = spec.schema.safeParse(value);
    if (result.success) {
      config[name] = result.data;
      return;
    }
    for (const { path, message } of issueProblems(name, result.error)) problems.push({ key: path, message });
  }

  if (problems.length > 0) throw new ConfigError(stackFile, inKeyOrder(problems, known));
  return { config, unchecked, secretKeys, settings: settingsOf(config, unchecked) };
}

/**
 * The settings, defaults applied. A value the offline tools cannot see (encrypted, or left to an
 * ESC environment) is shown as `[secret]` (a list as `["[secret]"]`); a choice takes its default and
 * an optional setting is left out.
 */
function settingsOf(config: StackConfig, unchecked: ConfigProblem[]): CheckSettings {
  const settings: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const key = keyOf(name);
    const spec: SettingSpec = SETTINGS[name];
    const unseen = config[key] instanceof SecretConfigValue || (config[key] === undefined && unchecked.some((u) => u.key === key));
    if (!unseen) settings[name] = config[key] ?? spec.default;
    else if (spec.list) settings[name] = [SECRET_PLACEHOLDER];
    else if (spec.choice || (spec.default === undefined && !spec.required)) settings[name] = spec.default;
    else settings[name] = SECRET_PLACEHOLDER;
  }
  return settings as CheckSettings;
}
