import * as okta from "@pulumi/okta";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

const URL_INPUTS = ["url", "accessibilityErrorRedirectUrl", "accessibilityLoginRedirectUrl"] as const;

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
 * A bookmark URL that is not https. The bookmark is where users land after the policy lets them
 * through; a plain-http target can be read or redirected by anyone on the network path.
 */
export const noInsecureBookmarkUrl: ResourceValidationPolicy = {
  name: "no-insecure-bookmark-url",
  description: "Forbids a bookmark URL that is not https.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(okta.app.Bookmark, (bookmark, args, reportViolation) => {
    // `url` is required; the redirect URLs only matter when set.
    // Each is read in turn: one unknown during preview must not hide a violation found before it.
    for (const property of URL_INPUTS) {
      const value = bookmark[property];
      if (property !== "url" && (value === undefined || value === null)) continue;
      const problem = httpsProblem(value);
      if (!problem) continue;
      reportViolation(
        `Bookmark ${args.name}: ${property} ${problem}. Users reach this address right after the check lets them through; over plain http (or without a valid https URL) ` +
          "the page and anything sent to it can be read or altered on the way. Fix: use an https URL with a real host, such as https://www.okta.com/.",
      );
    }
  }),
};
