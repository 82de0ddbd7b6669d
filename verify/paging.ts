import { TenantReadError } from "./errors";

export type Query = Record<string, string | number | undefined>;

export function buildUrl(orgUrl: string, path: string, query: Query = {}): URL {
  const url = new URL(path, orgUrl);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url;
}

/** The `rel="next"` target of a Link header, refused unless it stays on the org's own origin. */
export function nextPage(linkHeader: string | null, orgUrl: string, what: string): URL | undefined {
  if (!linkHeader) return undefined;
  for (const part of linkHeader.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match || !/\brel\s*=\s*"?next"?/i.test(match[2])) continue;
    let next: URL;
    try {
      next = new URL(match[1], orgUrl);
    } catch {
      throw new TenantReadError(`unexpected response from ${what}: its next-page link is not a URL`);
    }
    if (next.origin !== orgUrl) {
      throw new TenantReadError(`unexpected response from ${what}: its next-page link leaves ${orgUrl} (for ${next.origin}); the credentials are not sent there`);
    }
    return next;
  }
  return undefined;
}
