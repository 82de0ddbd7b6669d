/**
 * The one wording of an expired check, for the plan and verify: the stack's `expiresOn`
 * (YYYY-MM-DD) is before today (UTC), so the temporary check should be gone. (The pack's
 * `no-expired-check` reads the date back from the policy's description and says it in its own finding.)
 */
export function expiryWarning(expiresOn: string | undefined, today: Date, stack: string, stackFile: string): string | undefined {
  if (!expiresOn || today.toISOString().slice(0, 10) <= expiresOn) return undefined;
  return `this check expired on ${expiresOn} (okta-managed-device-check:expiresOn in ${stackFile}); remove it with: pulumi destroy --stack ${stack}`;
}
