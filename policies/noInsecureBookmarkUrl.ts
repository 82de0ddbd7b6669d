import type * as okta from "@pulumi/okta";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { TYPES } from "./okta";
import { resourceOfType } from "./resourceOfType";

const URL_INPUTS = ["url", "accessibilityErrorRedirectUrl", "accessibilityLoginRedirectUrl"] as const;

const NOT_HTTPS_WHY =
  "Users reach this address right after the check lets them through; over plain http (or without a valid https URL) " +
  "the page and anything sent to it can be read or altered on the way. Fix: use an https URL with a real host, such as https://www.okta.com/.";

/** Host names that are the user's own machine, not a site: localhost, loopback and unspecified addresses. */
function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  return host === "localhost" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "0.0.0.0" || host === "::1" || host === "::";
}

/** What is wrong with one URL input, and why it matters; undefined when it is fine. */
function urlProblem(value: unknown): { problem: string; why: string } | undefined {
  if (typeof value !== "string") return { problem: `is ${value === undefined ? "unset" : JSON.stringify(value)}`, why: NOT_HTTPS_WHY };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `is ${JSON.stringify(value)}, which is not a URL`, why: NOT_HTTPS_WHY };
  }
  if (url.username || url.password) {
    // The credentials themselves are never repeated.
    return {
      problem: `carries a user name or password before its host ${JSON.stringify(url.hostname)}`,
      why: "Every user assigned the bookmark can read them in the app's link, and they end up in browser history and proxy logs. Fix: remove user:password@ from the URL and sign in to the target another way.",
    };
  }
  if (url.protocol !== "https:") return { problem: `is ${JSON.stringify(value)}, which uses ${url.protocol.replace(/:$/, "")} instead of https`, why: NOT_HTTPS_WHY };
  if (!url.hostname) return { problem: `is ${JSON.stringify(value)}, which has no host`, why: NOT_HTTPS_WHY };
  if (isLocalHost(url.hostname)) {
    return {
      problem: `is ${JSON.stringify(value)}, which points at the user's own machine`,
      why: "Whatever listens there on the tester's device, not a known site, receives the user right after the check. Fix: use an https URL with a real host, such as https://www.okta.com/.",
    };
  }
  return undefined;
}

/**
 * A bookmark URL that is not https to a real host: plain http, credentials in the URL, or a local
 * address. The bookmark is where users land after the policy lets them through.
 */
export const noInsecureBookmarkUrl: ResourceValidationPolicy = {
  name: "no-insecure-bookmark-url",
  description: "Forbids a bookmark URL that is not https to a real host (plain http, credentials in the URL, localhost or a loopback address).",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(resourceOfType<typeof okta.app.Bookmark>(TYPES.bookmark), (bookmark, args, reportViolation) => {
    // `url` is required; the redirect URLs only matter when set.
    // Each is read in turn: one unknown during preview must not hide a violation found before it.
    for (const property of URL_INPUTS) {
      const value = bookmark[property];
      if (property !== "url" && (value === undefined || value === null)) continue;
      const found = urlProblem(value);
      if (!found) continue;
      reportViolation(`Bookmark ${args.name}: ${property} ${found.problem}. ${found.why}`);
    }
  }),
};
