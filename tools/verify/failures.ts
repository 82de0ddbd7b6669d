import { CommandError } from "../errors";
import type { Connection, Credentials } from "./connection";
import { OAuthTokenError, TenantReadError } from "./errors";

/** Which scope each API area needs: named when Okta answers 403. */
const SCOPE_BY_PATH: ReadonlyArray<[RegExp, string]> = [
  [/^\/api\/v1\/logs/, "okta.logs.read"],
  [/^\/api\/v1\/devices/, "okta.devices.read"],
  [/^\/api\/v1\/users/, "okta.users.read"],
  [/^\/api\/v1\/apps/, "okta.apps.read"],
  [/^\/api\/v1\/policies/, "okta.policies.read"],
  [/^\/api\/v1\/authenticators/, "okta.authenticators.read"],
  [/^\/api\/v1\/groups/, "okta.groups.read"],
];

interface FailureShape {
  name?: string;
  status?: number | string;
  errorCode?: string;
  errorSummary?: string;
  errorCauses?: Array<{ errorSummary?: string }>;
  url?: string;
  headers?: { get?(name: string): string | null };
  message?: string;
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as FailureShape | undefined)?.status;
  return status === undefined ? undefined : Number(status);
}

/** Turns anything the SDK or the network throws into a one-line TenantReadError; the executor's own failures (a signal, a deadline) pass as they are. */
export function describeFailure(error: unknown, what: string, connection: Connection): Error {
  if (error instanceof CommandError) return error;
  if (error instanceof OAuthTokenError) return describeTokenFailure(error, connection.credentials);
  const failure = (typeof error === "object" && error !== null ? error : { message: String(error) }) as FailureShape;
  const status = statusOf(error);
  const where = failure.url ? `GET ${safePath(failure.url) ?? what.replace(/^GET /, "")}` : what;
  if (status !== undefined && !Number.isNaN(status)) return describeHttpFailure(failure, status, where, connection.credentials);
  if (/private key|key type|PEM|JWK/i.test(failure.message ?? "")) {
    return new TenantReadError("could not sign the service app's client assertion with OKTA_API_PRIVATE_KEY: use the RSA private key registered for OKTA_API_CLIENT_ID");
  }
  return new TenantReadError(`could not read ${what}: ${(failure.message ?? "unknown error").split("\n")[0]}`);
}

function safePath(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

function describeHttpFailure(failure: FailureShape, status: number, what: string, credentials: Credentials): TenantReadError {
  const says = oktaSays(failure, status);
  if (status === 401) {
    return new TenantReadError(
      credentials.kind === "apiToken"
        ? `Okta rejected OKTA_API_TOKEN for ${what} (${says}): check the token is active and belongs to this org`
        : `Okta rejected the service app's access token for ${what} (${says}): check OKTA_API_CLIENT_ID and its key`,
    );
  }
  if (status === 403) {
    const scope = requiredScope(failure, what);
    const fix =
      credentials.kind === "apiToken" ? `the API token's admin lacks the permission behind ${scope}` : `the service app's admin role lacks the permission behind ${scope}: give it a role that may read it (such as Read-only Administrator)`;
    return new TenantReadError(`missing scope ${scope}: Okta refused ${what} (${says}); ${fix}`);
  }
  if (status >= 300 && status < 400) return new TenantReadError(`unexpected response from ${what}: HTTP ${status} redirect (not followed)`);
  return new TenantReadError(`unexpected response from ${what}: ${says}`);
}

function describeTokenFailure(error: OAuthTokenError, credentials: Credentials): TenantReadError {
  const reason = [`HTTP ${error.status}`, error.error, error.description].filter(Boolean).join(" ");
  if (error.error === "invalid_scope" && credentials.kind === "privateKey") {
    return new TenantReadError(`Okta refused the scopes ${credentials.scopes.join(" ")} (${reason}): grant them to the service app (Okta API Scopes)`);
  }
  return new TenantReadError(`Okta refused the service app's sign-in at /oauth2/v1/token (${reason}): check OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID and the public key registered for the app`);
}

function oktaSays(failure: FailureShape, status: number): string {
  const causes = (failure.errorCauses ?? []).map((cause) => cause.errorSummary).filter(Boolean);
  const summary = [failure.errorCode, failure.errorSummary].filter(Boolean).join(" ");
  if (!summary) return `HTTP ${status}`;
  return `HTTP ${status} ${summary}${causes.length > 0 ? `: ${causes.join("; ")}` : ""}`;
}

function requiredScope(failure: FailureShape, what: string): string {
  const challenge = failure.headers?.get?.("www-authenticate") ?? "";
  const fromChallenge = /\bscope="([^"]+)"/.exec(challenge)?.[1];
  if (fromChallenge) return fromChallenge;
  const path = what.replace(/^[A-Z]+ /, "");
  return SCOPE_BY_PATH.find(([pattern]) => pattern.test(path))?.[1] ?? "a read scope";
}
