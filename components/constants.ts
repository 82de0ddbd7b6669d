// Kept free of Pulumi imports so the verify command can load them without loading the SDK.

/**
 * Okta Verify with FastPass (the `signed_nonce` method) as the required possession factor.
 * `required` is sent explicitly: the provider's model sends `false` when it is missing.
 */
export const FASTPASS_CONSTRAINT = JSON.stringify({
  possession: {
    authenticationMethods: [{ key: "okta_verify", method: "signed_nonce" }],
    required: true,
  },
});

/** ISO-8601 duration meaning "prompt on every sign-in". */
export const EVERY_SIGN_IN = "PT0S";
