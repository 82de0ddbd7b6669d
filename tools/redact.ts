import { hasHostileCharacters } from "../components/config";
import { UsageError } from "./command";

/**
 * One redactor for every output path of the tools (text, --json, errors, library warnings).
 *
 * A credential can reach output in several forms: whole, one line of it (a PEM body line), the
 * value with literal "\n" escapes (how CI systems store a PEM on one line), JSON-escaped (inside a
 * --json document or an error body), percent- or form-encoded (inside a URL), and the private
 * fields of a JWK. Every form of every piece is masked. A piece shorter than MIN_PIECE is left
 * alone, so that "-----" or a short word cannot blank out a report.
 */

export type Environment = Record<string, string | undefined>;

export interface CredentialVariable {
  name: string;
  /** Whether line breaks belong in the value (a PEM key); no other control character ever does. */
  multiline: boolean;
  /** Whether the value is a secret to mask; other variables are only checked for control characters. */
  secret: boolean;
}

/** The Okta provider's variables, as `pulumi up`, `plan` and `verify` read them. */
export const OKTA_CREDENTIAL_VARIABLES: readonly CredentialVariable[] = [
  { name: "OKTA_API_TOKEN", multiline: false, secret: true },
  { name: "OKTA_API_PRIVATE_KEY", multiline: true, secret: true },
  { name: "OKTA_API_CLIENT_ID", multiline: false, secret: false },
  { name: "OKTA_API_PRIVATE_KEY_ID", multiline: false, secret: false },
  { name: "OKTA_API_SCOPES", multiline: false, secret: false },
  { name: "OKTA_ORG_NAME", multiline: false, secret: false },
  { name: "OKTA_BASE_URL", multiline: false, secret: false },
  { name: "OKTA_ORG_URL", multiline: false, secret: false },
];

export const MASK = "[redacted]";
const MIN_PIECE = 8;
const JWK_PRIVATE_FIELDS = ["d", "p", "q", "dp", "dq", "qi", "k"];

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export class Redactor {
  /** Every masked form, longest first so that a longer form is replaced before a piece of it. */
  private readonly forms: string[];

  constructor(secrets: readonly string[]) {
    const forms = new Set<string>();
    for (const secret of secrets) for (const piece of piecesOf(secret)) for (const form of encodingsOf(piece)) forms.add(form);
    this.forms = [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
  }

  /**
   * The redactor for these variables of the environment. A value with a control character where
   * none belongs is refused (UsageError naming the variable, never showing the value).
   */
  static fromEnvironment(env: Environment, variables: readonly CredentialVariable[] = OKTA_CREDENTIAL_VARIABLES): Redactor {
    const secrets: string[] = [];
    for (const variable of variables) {
      const value = env[variable.name];
      if (value === undefined || value === "") continue;
      if (hasHostileCharacters(value.trim(), { multiline: variable.multiline })) {
        throw new UsageError(
          `${variable.name} contains a control character${variable.multiline ? "" : " or a line break"}, which it cannot hold; set it again without one (its value is not shown)`,
        );
      }
      if (variable.secret) secrets.push(value);
    }
    return new Redactor(secrets);
  }

  /** The secrets of the environment masked as they are, unchecked: for the process's own last-resort messages. */
  static masking(env: Environment, variables: readonly CredentialVariable[] = OKTA_CREDENTIAL_VARIABLES): Redactor {
    return new Redactor(variables.filter((variable) => variable.secret).flatMap((variable) => (env[variable.name] ? [env[variable.name] as string] : [])));
  }

  redact(text: string): string {
    let out = text;
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join(MASK);
    return out;
  }

  /** A stream whose every write is redacted first. */
  wrap<S extends OutputStream>(stream: S): OutputStream {
    return {
      write: (text: string) => stream.write(this.redact(text)),
      get isTTY() {
        return stream.isTTY;
      },
      get columns() {
        return stream.columns;
      },
    };
  }
}

/** The value, trimmed and not, its PEM form and lines, its base64 body, and the private fields of a JWK. */
function piecesOf(secret: string): string[] {
  const pieces = new Set<string>([secret, secret.trim()]);
  const unescaped = secret.trim().replace(/\\n/g, "\n");
  pieces.add(unescaped);
  const lines = unescaped.split(/\r?\n/).map((line) => line.trim());
  for (const line of lines) if (!line.startsWith("-----")) pieces.add(line);
  const body = lines.filter((line) => !line.startsWith("-----")).join("");
  pieces.add(body);
  try {
    const jwk = JSON.parse(secret) as Record<string, unknown>;
    for (const field of JWK_PRIVATE_FIELDS) if (typeof jwk[field] === "string") pieces.add(jwk[field] as string);
  } catch {
    // Not a JWK.
  }
  const whole = secret.trim();
  return [...pieces].filter((piece) => piece.length >= MIN_PIECE || (piece === whole && piece.length > 0));
}

/** How a piece can appear in output: as is, JSON-escaped (with and without \u escapes), percent- and form-encoded. */
function encodingsOf(piece: string): string[] {
  const json = JSON.stringify(piece).slice(1, -1);
  const asciiJson = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const percent = encodeURIComponent(piece);
  const form = new URLSearchParams({ v: piece }).toString().slice(2);
  const forms = [piece, json, asciiJson, percent, percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()), form, encodeURI(piece)];
  // A JSON document that is itself JSON-escaped again (an error body quoted inside a message).
  forms.push(JSON.stringify(json).slice(1, -1));
  return forms;
}
