import { hasHostileCharacters } from "../components/config";
import { UsageError } from "./errors";

/**
 * One redactor for every output path of the tools (text, --json, errors, library warnings).
 *
 * A credential can reach output in several forms: whole, one line of it (a PEM body line), the
 * value with literal "\n" escapes (how CI systems store a PEM on one line), JSON-escaped (inside a
 * --json document or an error body), percent- or form-encoded (inside a URL), base64, base64url or
 * hex encoded, the private fields of a JWK, or any part of it (half a token, a few PEM lines). The
 * whole value is masked in every form; so is every run of FRAGMENT or more characters of its secret
 * material (not a PEM's armour lines) in every form. Credentials the command receives while it runs
 * (an OAuth access token, the client assertion it signs) are learnt and masked the same way.
 */

export type Environment = Record<string, string | undefined>;

export interface CredentialVariable {
  name: string;
  /** Whether line breaks belong in the value (a PEM key); no other control character ever does. */
  multiline: boolean;
  /** Whether the value is a secret to mask; other variables are only checked for control characters. */
  secret: boolean;
  /** The fewest characters a real value has; a shorter one is refused as not a credential. */
  minLength?: number;
}

/**
 * Okta's API tokens (SSWS) are 42 characters starting "00" (Okta's "Create an API token" guide shows
 * `SSWS 00QCjAl4MlV-WPXM...0HmjFx-vbGua`; secret scanners match `00[A-Za-z0-9_-]{40}`). Fewer than
 * twice FRAGMENT characters is not a token, and masking it would spell it out across a report.
 */
const MIN_TOKEN_LENGTH = 20;

/** The Okta provider's variables, as `pulumi up`, `plan` and `verify` read them. */
const OKTA_CREDENTIAL_VARIABLES: readonly CredentialVariable[] = [
  { name: "OKTA_API_TOKEN", multiline: false, secret: true, minLength: MIN_TOKEN_LENGTH },
  { name: "OKTA_API_PRIVATE_KEY", multiline: true, secret: true },
  { name: "OKTA_API_CLIENT_ID", multiline: false, secret: false },
  { name: "OKTA_API_PRIVATE_KEY_ID", multiline: false, secret: false },
  { name: "OKTA_API_SCOPES", multiline: false, secret: false },
  { name: "OKTA_ORG_NAME", multiline: false, secret: false },
  { name: "OKTA_BASE_URL", multiline: false, secret: false },
  { name: "OKTA_ORG_URL", multiline: false, secret: false },
];

const MASK = "[redacted]";
/** The shortest piece masked wherever it appears; shorter ones ("-----", a word) could blank out a report. */
const MIN_PIECE = 8;
/** The shortest run of a credential's characters masked as a part of it (hex spells each character twice). */
const FRAGMENT = 10;
const HEX_FRAGMENT = 2 * FRAGMENT;
const JWK_PRIVATE_FIELDS = ["d", "p", "q", "dp", "dq", "qi", "k"];

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
  /** On a terminal: replace the current line (a progress line); the only control sequence the tools write. */
  rewriteLine?(line: string): unknown;
  /** Records each made safe like `write`'s text, then ended by `terminator` as given (CSV's CRLF, RFC 4180). */
  writeRecords?(records: readonly string[], terminator: "\r\n"): unknown;
}

export class Redactor {
  /** Every masked form of every whole value, longest first so that a longer form is replaced before a piece of it. */
  private forms: string[] = [];
  private readonly wholeForms = new Set<string>();
  /** Every FRAGMENT-long (HEX_FRAGMENT for hex) run of every form of the secret material. */
  private readonly fragments = new Set<string>();
  private readonly hexFragments = new Set<string>();

  constructor(secrets: readonly string[]) {
    for (const secret of secrets) this.learn(secret);
  }

  /**
   * The redactor for these variables of the environment. A value with a control character where
   * none belongs, or too short to be a credential, is refused (UsageError naming the variable,
   * never showing the value).
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
      if (variable.minLength !== undefined && value.trim().length < variable.minLength) {
        throw new UsageError(`${variable.name} is not an Okta API token: it has fewer than ${variable.minLength} characters (Okta's have 42); set the token Okta showed when it was created (its value is not shown)`);
      }
      if (variable.secret) secrets.push(value);
    }
    return new Redactor(secrets);
  }

  /** The secrets of the environment masked as they are, unchecked: for the process's own last-resort messages. */
  static masking(env: Environment, variables: readonly CredentialVariable[] = OKTA_CREDENTIAL_VARIABLES): Redactor {
    return new Redactor(variables.filter((variable) => variable.secret).flatMap((variable) => (env[variable.name] ? [env[variable.name] as string] : [])));
  }

  /** Masks this credential too from now on: one the command received or made while running. */
  learn(secret: string): void {
    const whole = secret.trim();
    if (whole === "" || this.wholeForms.has(secret)) return;
    this.wholeForms.add(secret);
    const forms = new Set(this.forms);
    for (const piece of piecesOf(secret)) for (const form of encodingsOf(piece)) if (form.length > 0) forms.add(form);
    this.forms = [...forms].sort((a, b) => b.length - a.length);
    for (const material of materialOf(secret)) {
      for (const form of encodingsOf(material)) addRuns(this.fragments, form, FRAGMENT);
      for (const form of binaryEncodingsOf(material)) addRuns(this.fragments, form, FRAGMENT);
      for (const form of hexOf(material)) addRuns(this.hexFragments, form, HEX_FRAGMENT);
    }
  }

  redact(text: string): string {
    let out = text;
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join(MASK);
    return this.maskFragments(out);
  }

  /** Every stretch of the text covered by runs of a credential, replaced by one mark. */
  private maskFragments(text: string): string {
    if (this.fragments.size === 0 || text.length < FRAGMENT) return text;
    let coveredUntil = -1;
    const spans: Array<[number, number]> = [];
    for (let at = 0; at + FRAGMENT <= text.length; at++) {
      let end = -1;
      if (this.hexFragments.has(text.slice(at, at + HEX_FRAGMENT))) end = at + HEX_FRAGMENT;
      else if (this.fragments.has(text.slice(at, at + FRAGMENT))) end = at + FRAGMENT;
      if (end < 0) continue;
      if (spans.length > 0 && at <= coveredUntil) spans[spans.length - 1][1] = Math.max(coveredUntil, end);
      else spans.push([at, end]);
      coveredUntil = Math.max(coveredUntil, end);
    }
    if (spans.length === 0) return text;
    let out = "";
    let from = 0;
    for (const [start, end] of spans) {
      out += `${text.slice(from, start)}${MASK}`;
      from = end;
    }
    return out + text.slice(from);
  }
}

function addRuns(runs: Set<string>, form: string, length: number): void {
  for (let at = 0; at + length <= form.length; at++) runs.add(form.slice(at, at + length));
}

/** The value, trimmed and not, its PEM form and lines, its base64 body, and the private fields of a JWK. */
function piecesOf(secret: string): string[] {
  const pieces = new Set<string>([secret, secret.trim()]);
  const unescaped = secret.trim().replace(/\\n/g, "\n");
  pieces.add(unescaped);
  for (const piece of materialOf(secret)) pieces.add(piece);
  const whole = secret.trim();
  return [...pieces].filter((piece) => piece.length >= MIN_PIECE || (piece === whole && piece.length > 0));
}

/** What is secret in a value: a PEM's body lines and body (not its armour), a JWK's private fields, else the value itself. */
function materialOf(secret: string): string[] {
  const unescaped = secret.trim().replace(/\\n/g, "\n");
  try {
    const jwk = JSON.parse(secret) as Record<string, unknown>;
    if (jwk !== null && typeof jwk === "object") return JWK_PRIVATE_FIELDS.flatMap((field) => (typeof jwk[field] === "string" ? [jwk[field] as string] : []));
  } catch {
    // Not a JWK.
  }
  const lines = unescaped.split(/\r?\n/).map((line) => line.trim());
  if (!lines.some((line) => line.startsWith("-----"))) return [unescaped];
  const body = lines.filter((line) => line !== "" && !line.startsWith("-----") && !/^[\w-]+:/.test(line));
  return [...body, body.join("")];
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

/**
 * base64 and base64url of the piece from each of its first three bytes: the encoding of any part of
 * it is, but for its last few characters, a run of one of these.
 */
function binaryEncodingsOf(piece: string): string[] {
  const bytes = Buffer.from(piece, "utf8");
  return [0, 1, 2].flatMap((shift) => {
    const base64 = bytes.subarray(shift).toString("base64").replace(/=+$/, "");
    return [base64, base64.replace(/\+/g, "-").replace(/\//g, "_")];
  });
}

function hexOf(piece: string): string[] {
  const hex = Buffer.from(piece, "utf8").toString("hex");
  return [hex, hex.toUpperCase()];
}
