import { createPrivateKey, type JsonWebKey, type KeyObject } from "crypto";
import { OKTA_SCOPE } from "../../policies/okta";
import { UsageError } from "../errors";
import type { Environment } from "../redact";

/** Where the org is and as whom verify reads it: the stack's org and the Okta provider's own variables. */

/** The OAuth scopes verify reads with; the default of OKTA_API_SCOPES. */
export const VERIFY_SCOPES: readonly string[] = ["okta.logs.read", "okta.devices.read", "okta.policies.read", "okta.apps.read", "okta.users.read"];

export type Credentials =
  | { kind: "apiToken"; token: string }
  | { kind: "privateKey"; clientId: string; privateKey: string; keyId?: string; scopes: string[] };

export interface Connection {
  /** The org's origin, e.g. `https://acme.okta.com`, without a trailing slash. */
  orgUrl: string;
  credentials: Credentials;
}

/** The stack's `okta:orgName` and `okta:baseUrl`, where it sets them. */
export interface OrgLocation {
  orgName?: string;
  baseUrl?: string;
}

/** `scopes`: the read scopes the command needs (default verify's). */
export function resolveConnection(org: OrgLocation, env: Environment, scopes: readonly string[] = VERIFY_SCOPES): Connection {
  return { orgUrl: resolveOrgUrl(org, env), credentials: resolveCredentials(env, scopes) };
}

/**
 * `OKTA_ORG_URL` when set (loopback tests), else `https://<org name>.<base URL>`, each taken from the
 * stack (`okta:orgName`, `okta:baseUrl`) or, as the provider does, from `OKTA_ORG_NAME` and
 * `OKTA_BASE_URL` (default okta.com). Plain http is accepted for loopback hosts only.
 */
export function resolveOrgUrl(org: OrgLocation, env: Environment): string {
  const fromEnv = env.OKTA_ORG_URL?.trim();
  const orgName = org.orgName ?? (env.OKTA_ORG_NAME?.trim() || undefined);
  const baseUrl = org.baseUrl ?? (env.OKTA_BASE_URL?.trim() || "okta.com");
  if (!fromEnv && !orgName) {
    throw new UsageError("no Okta org: set okta:orgName (and okta:baseUrl) in the stack file, or export OKTA_ORG_NAME (and OKTA_BASE_URL) as for pulumi up");
  }
  const source = fromEnv ? "OKTA_ORG_URL" : org.orgName ? "okta:orgName and okta:baseUrl" : "OKTA_ORG_NAME and OKTA_BASE_URL";
  const text = fromEnv || `https://${orgName}.${baseUrl}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source}: "${text}" is not a URL such as https://acme.okta.com`);
  }
  if (url.username || url.password) throw new UsageError(`${source}: the org URL must not carry a user name or password`);
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    throw new UsageError(`${source}: expected the org URL alone, such as https://acme.okta.com, without a path`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new UsageError(`${source}: ${url.origin} uses plain http, which is accepted only for loopback hosts (tests); use https`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UsageError(`${source}: expected an https URL, not ${url.protocol}`);
  return url.origin;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The provider's own variables: `OKTA_API_TOKEN`, or an OAuth service app: `OKTA_API_CLIENT_ID` +
 * `OKTA_API_PRIVATE_KEY` (PEM or JWK), optional `OKTA_API_PRIVATE_KEY_ID` and `OKTA_API_SCOPES`.
 * Messages name the variables, never their values.
 */
function resolveCredentials(env: Environment, needed: readonly string[]): Credentials {
  const token = env.OKTA_API_TOKEN?.trim();
  const clientId = env.OKTA_API_CLIENT_ID?.trim();
  const privateKey = env.OKTA_API_PRIVATE_KEY?.trim();
  if (token && (clientId || privateKey)) {
    throw new UsageError("set either OKTA_API_TOKEN or OKTA_API_CLIENT_ID with OKTA_API_PRIVATE_KEY, not both");
  }
  if (token) return { kind: "apiToken", token };
  if (!clientId && !privateKey) {
    throw new UsageError("no Okta credentials: set OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY for an OAuth service app");
  }
  if (!clientId) throw new UsageError("OKTA_API_PRIVATE_KEY is set but OKTA_API_CLIENT_ID is not: set the service app's client id");
  if (!privateKey) throw new UsageError("OKTA_API_CLIENT_ID is set but OKTA_API_PRIVATE_KEY is not: set the service app's private key (PEM or JWK)");
  return {
    kind: "privateKey",
    clientId,
    privateKey: normalisePrivateKey(privateKey),
    keyId: env.OKTA_API_PRIVATE_KEY_ID?.trim() || undefined,
    scopes: parseScopes(env.OKTA_API_SCOPES, needed),
  };
}

/**
 * The key as the SDK will sign with it. OpenSSL (Node's crypto) decides whether it is a private key;
 * the SDK re-reads a PEM with its own parsers (src/jwt.js: rasha, else eckles), which refuse some PEMs
 * OpenSSL reads, so it is handed a JWK instead. Only RSA and EC (P-256, P-384) keys sign a client
 * assertion (jwt.js: RS256, ES256). CI systems often store a PEM on one line with literal "\n".
 */
function normalisePrivateKey(text: string): string {
  const pem = text.startsWith("-----BEGIN") && !text.includes("\n") ? text.replace(/\\n/g, "\n") : text;
  const refuse = (why: string) => new UsageError(`OKTA_API_PRIVATE_KEY is not ${why} (its value is not shown)`);
  let key: KeyObject;
  let jwk: JsonWebKey | undefined;
  try {
    if (pem.startsWith("{")) {
      jwk = JSON.parse(pem) as JsonWebKey;
      if (typeof jwk.d !== "string") throw new Error("public key");
      key = createPrivateKey({ key: jwk, format: "jwk" });
    } else {
      key = createPrivateKey(pem);
    }
  } catch {
    throw refuse("a private key in PEM or JWK form");
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== "rsa" && !(key.asymmetricKeyType === "ec" && (curve === "prime256v1" || curve === "secp384r1"))) {
    throw refuse(`an RSA or EC (P-256, P-384) private key, which an Okta service app signs with (it is ${key.asymmetricKeyType ?? "of an unknown type"}${curve ? ` ${curve}` : ""})`);
  }
  return JSON.stringify(jwk ?? key.export({ format: "jwk" }));
}

/**
 * The scopes verify (or devices) asks for: the read scopes it needs, and any other read scope
 * OKTA_API_SCOPES names (okta.authenticators.read, say). Manage scopes are left out, as neither
 * writes; so an admin who exported the provisioning scopes for `pulumi up` runs them unchanged.
 */
function parseScopes(text: string | undefined, needed: readonly string[]): string[] {
  const scopes = (text ?? "").split(/[\s,]+/).filter(Boolean);
  const invalid = scopes.filter((scope) => !OKTA_SCOPE.test(scope));
  if (invalid.length > 0) throw new UsageError(`OKTA_API_SCOPES: ${invalid.map((s) => `"${s}"`).join(", ")} is not an Okta scope such as okta.logs.read`);
  return [...new Set([...needed, ...scopes.filter((scope) => scope.endsWith(".read"))])];
}
