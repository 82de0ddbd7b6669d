import { ResourceValidationPolicy } from "@pulumi/policy";
import { stackOfUrn } from "./read";
import { TYPES } from "./scope";

const EXPIRES = /Expires (\d{4}-\d{2}-\d{2})\.\s*$/;

/** The date in `Expires YYYY-MM-DD.` at the end of a policy description (as the component writes it), if valid. */
export function expiryOf(description: unknown): string | undefined {
  if (typeof description !== "string") return undefined;
  const match = EXPIRES.exec(description);
  if (!match) return undefined;
  const date = new Date(`${match[1]}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(match[1]) ? match[1] : undefined;
}

/** Today's date (UTC) as YYYY-MM-DD. */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * 10. (issue 6) An expired check: the component records `Expires YYYY-MM-DD.` at the end of the
 * app sign-on policy's description; once that date is before today (UTC) the temporary check has
 * outlived its purpose. Advisory: it does not block, it names the command that removes it.
 *
 * @param now the clock, injectable for tests.
 */
export function makeNoExpiredCheck(now: () => Date = () => new Date()): ResourceValidationPolicy {
  return {
    name: "no-expired-check",
    description: "Flags a managed-device check whose expiry date (Expires YYYY-MM-DD. in the policy description) has passed.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
      if (args.type !== TYPES.appSignonPolicy) return args.notApplicable(`Policy only applies to resources of type '${TYPES.appSignonPolicy}'`);
      const expiresOn = expiryOf(args.props.description);
      if (!expiresOn) return;
      const today = utcDate(now());
      if (expiresOn >= today) return;
      const stack = stackOfUrn(args.urn);
      reportViolation(
        `The managed-device check expired on ${expiresOn} (today is ${today}, UTC), but its policy ${args.name} is still declared. ` +
          "A temporary check left in place keeps a bookmark and an extra authentication policy in the tenant that nobody watches. " +
          `Fix: run \`pulumi destroy --stack ${stack ?? "<stack>"}\` once the test is done, or move expiresOn in the stack config if it is still needed.`,
      );
    },
  };
}

export const noExpiredCheck: ResourceValidationPolicy = makeNoExpiredCheck();
