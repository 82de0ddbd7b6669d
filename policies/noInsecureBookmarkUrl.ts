import { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./scope";

const URL_PROPERTIES = ["url", "accessibilityErrorRedirectUrl", "accessibilityLoginRedirectUrl"] as const;

function httpsProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `is ${value === undefined ? "unset" : JSON.stringify(value)}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is ${JSON.stringify(value)}, which is not a URL`;
  }
  if (url.protocol !== "https:") return `is ${JSON.stringify(value)}, which uses ${url.protocol.replace(/:$/, "")} instead of https`;
  if (!url.hostname) return `is ${JSON.stringify(value)}, which has no host`;
  return undefined;
}

/**
 * 9. A bookmark URL that is not https. The bookmark is where users land after the policy lets them
 * through; a plain-http target can be read or redirected by anyone on the network path.
 */
export const noInsecureBookmarkUrl: ResourceValidationPolicy = {
  name: "no-insecure-bookmark-url",
  description: "Forbids a bookmark URL that is not https.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.bookmark) return args.notApplicable(`Policy only applies to resources of type '${TYPES.bookmark}'`);
    for (const property of URL_PROPERTIES) {
      // `url` is required; the redirect URLs only matter when set.
      if (property !== "url" && (args.props[property] === undefined || args.props[property] === null)) continue;
      const problem = httpsProblem(args.props[property]);
      if (!problem) continue;
      reportViolation(
        `Bookmark ${args.name}: ${property} ${problem}. Users reach this address right after the check lets them through; over plain http (or without a valid https URL) ` +
          "the page and anything sent to it can be read or altered on the way. Fix: use an https URL with a real host, such as https://www.okta.com/.",
      );
    }
  },
};
