import { PROJECT, ProgramConfig, SECRET_PLACEHOLDER, SecretConfigValue } from "./config";

/**
 * `Pulumi.<stack>.yaml` for a stack name beside a `Pulumi.yaml` (the file name only; use
 * `stackFilePath` in `tools/stackConfig.ts` for where Pulumi actually reads it). A `/` becomes `-`
 * (sdk/go/common/workspace/paths.go, `qnameFileName`).
 */
export function stackFileName(stack: string, extension = ".yaml"): string {
  return `Pulumi.${stack.split("/").join("-")}${extension}`;
}

/**
 * Reads the stack config Pulumi handed to this program (`pulumi.runtime.allConfig()`): every value
 * is text, structured values as JSON (sdk/go/common/resource/config/plaintext.go, `marshalText`).
 * A value of a key Pulumi marks secret becomes a {@link SecretConfigValue} holding the decrypted
 * text, on any key, so the schema checks it with the same messages as a plaintext value. An offline
 * run hands the program {@link SECRET_PLACEHOLDER} for a value it cannot decrypt: that is read as a
 * secret without plaintext, exactly as the offline reader reads the stack file.
 */
export function readPulumiRuntimeConfig(allConfig: Record<string, string>, isSecret: (key: string) => boolean): ProgramConfig {
  const raw: ProgramConfig = {};
  for (const [key, value] of Object.entries(allConfig)) {
    const qualified = qualify(key);
    if (isSecret(key) || isSecret(qualified)) {
      raw[qualified] = value === SECRET_PLACEHOLDER ? new SecretConfigValue() : new SecretConfigValue(value);
    } else {
      raw[qualified] = value;
    }
  }
  return raw;
}

/**
 * A key as Pulumi names it: a bare key belongs to the project (sdk/go/common/workspace/loaders.go,
 * `stackConfigNamespacedWithProject`), and the old `<namespace>:config:<name>` form is the same key
 * as `<namespace>:<name>` (sdk/go/common/resource/config/key.go, `ParseKey`).
 */
export function qualify(key: string, project: string = PROJECT): string {
  const parts = key.split(":");
  if (parts.length === 1) return `${project}:${key}`;
  if (parts.length === 3 && parts[1] === "config") return `${parts[0]}:${parts[2]}`;
  return key;
}
