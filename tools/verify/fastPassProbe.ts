import { closestTo, isoTime, MFA_EVENT, OktaLogEvent, sameSignIn, targetsOf, textOf } from "./signInEvents";

/**
 * The FastPass probe of a sign-in. `user.authentication.auth_via_mfa` is logged for every
 * authenticator of the sign-in, the password included; only the probe says FastPass: its
 * `AuthenticatorEnrollment` "Okta Verify" has `detailEntry.methodTypeUsed` "Use Okta FastPass" and
 * `debugContext.debugData.factor` `SIGNED_NONCE` (unqork-external/tomisp examples/sample_okta.py).
 * A push also says "Okta Verify", with "Get a push notification" and `OKTA_VERIFY_PUSH`
 * (stix-shifter stix_shifter_modules/okta/test/stix_translation/test_okta_json_to_stix.py); the
 * password says "Password" and `PASSWORD_AS_FACTOR` (SEKOIA-IO/intake-formats
 * Okta/okta-system-logs/tests/test_auth_via_mfa.json, stix-shifter test_okta.py).
 */

const FASTPASS_METHOD_TYPE = "Use Okta FastPass";
const FASTPASS_FACTOR = "SIGNED_NONCE";

export type FastPassProbe =
  | { found: true; at: string; result: string; authenticator?: string; method: string }
  | { found: false; reason: string };

/** `read`: whether the query asked for the users' MFA events at all (at most 50 users per filter). */
export function fastPassProbe(events: readonly OktaLogEvent[], evaluation: OktaLogEvent, read: boolean): FastPassProbe {
  if (!read) return { found: false, reason: "MFA events are not read when more than 50 test users are checked at once; check this user with --user" };
  const ofTheSignIn = events.filter((event) => event.eventType === MFA_EVENT && sameSignIn(event, evaluation));
  const probe = closestTo(evaluation, ofTheSignIn.filter(isFastPass));
  if (probe) {
    const enrollment = targetsOf(probe, "AuthenticatorEnrollment")[0];
    return {
      found: true,
      at: isoTime(probe),
      result: String(probe.outcome?.result ?? "UNKNOWN"),
      authenticator: enrollment?.displayName ?? undefined,
      method: textOf(enrollment?.detailEntry, "methodTypeUsed") ?? FASTPASS_FACTOR,
    };
  }
  if (ofTheSignIn.length === 0) return { found: false, reason: "no user.authentication.auth_via_mfa event of this sign-in is in the System Log" };
  const used = [...new Set(ofTheSignIn.map(methodUsed))].join(", ");
  return { found: false, reason: `no user.authentication.auth_via_mfa event of this sign-in used FastPass; they show ${used}` };
}

function isFastPass(event: OktaLogEvent): boolean {
  const factor = textOf(event.debugContext?.debugData, "factor");
  return factor === FASTPASS_FACTOR || targetsOf(event, "AuthenticatorEnrollment").some((target) => textOf(target.detailEntry, "methodTypeUsed") === FASTPASS_METHOD_TYPE);
}

function methodUsed(event: OktaLogEvent): string {
  const enrollment = targetsOf(event, "AuthenticatorEnrollment")[0];
  const method = textOf(enrollment?.detailEntry, "methodTypeUsed") ?? textOf(event.debugContext?.debugData, "factor");
  const name = enrollment?.displayName ?? "an authenticator";
  return method && method !== name ? `${name} (${method})` : name;
}
