import { CommandError } from "../errors";
import { VerifyExitCode } from "./exitCodes";

/** The tenant could not be read: credentials, a missing scope, the network, or an unexpected answer. Exit 4. */
export class TenantReadError extends CommandError {
  constructor(message: string) {
    super(message, VerifyExitCode.tenantUnreadable);
  }
}

/** Okta's token endpoint refused the service app; `error` is the OAuth error code such as invalid_scope. */
export class OAuthTokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string | undefined,
    readonly description: string | undefined,
  ) {
    super(`token request failed: HTTP ${status} ${error ?? ""}`.trim());
  }
}
