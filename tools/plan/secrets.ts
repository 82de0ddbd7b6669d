import { SECRET_KEYS, SecretConfigValue, type RawStackConfig } from "../../components/config";

/**
 * Values in a stack file that must never be printed: credentials written in plain text (the schema
 * refuses them without echoing, and this is the second line of defence for every byte of output).
 */
export function plaintextSecrets(raw: RawStackConfig): string[] {
  const found: string[] = [];
  for (const key of SECRET_KEYS) {
    collect(raw[key], found);
  }
  return found.filter((value) => value.length >= 4);
}

function collect(value: unknown, into: string[]) {
  if (value instanceof SecretConfigValue) return;
  if (typeof value === "string") into.push(value);
  else if (typeof value === "number" || typeof value === "boolean") into.push(String(value));
  else if (Array.isArray(value)) value.forEach((v) => collect(v, into));
  else if (value !== null && typeof value === "object") Object.values(value).forEach((v) => collect(v, into));
}
