import type { FastPassKey as PolicyFastPassKey } from "../policies/okta";

/**
 * Whether FastPass alone satisfies the rule. Named enums (an `as const` object and a type of the
 * same name) so that the component provider's schema shows them as enums in every language.
 * (The schema reads the object's initializer: keep it a plain `as const` literal.)
 */
export const FactorMode = {
  /** FastPass alone. */
  OneFactor: "1FA",
  /** FastPass plus another factor (the provider's default). */
  TwoFactor: "2FA",
} as const;
export type FactorMode = (typeof FactorMode)[keyof typeof FactorMode];

/** The authenticator key Okta Verify FastPass goes by in the org (the pack's `FASTPASS_KEYS`). */
export const FastPassKey = {
  /** Most orgs. */
  OktaVerify: "okta_verify",
  /** Orgs with the Early Access feature "Flexible Okta Verify authenticator configuration". */
  OktaVerifyFastPass: "okta_verify_fastpass",
} as const;
export type FastPassKey = (typeof FastPassKey)[keyof typeof FastPassKey];

// The pack accepts exactly these keys (policies/okta.ts); the compiler holds the two lists together.
const SAME_KEYS_AS_THE_PACK: [FastPassKey, PolicyFastPassKey] extends [PolicyFastPassKey, FastPassKey] ? true : never = true;
void SAME_KEYS_AS_THE_PACK;
