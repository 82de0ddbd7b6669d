import { PROJECT } from "../components/config";

/** A warning when the stack's `expiresOn` date (YYYY-MM-DD) is before today (UTC); the check should be gone by then. */
export function expiryWarning(expiresOn: string | undefined, today: Date, stack: string): string | undefined {
  if (!expiresOn) return undefined;
  const todayUtc = today.toISOString().slice(0, 10);
  if (todayUtc <= expiresOn) return undefined;
  return `this check expired on ${expiresOn} (${PROJECT}:expiresOn in Pulumi.${stack}.yaml); remove it with: pulumi destroy --stack ${stack}`;
}
