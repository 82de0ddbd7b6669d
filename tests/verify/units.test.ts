import { UsageError } from "../../tools/command";
import { isLoopbackHost, resolveOrgUrl } from "../../tools/verify/client";
import { expiryWarning, parseArgs, parseSince } from "../../tools/verify/cli";
import { retryDelayMs } from "../../tools/verify/executor";

const NOW = new Date("2025-06-15T12:00:00.000Z");
const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });

describe("--since", () => {
  test.each([
    ["30m", "2025-06-15T11:30:00.000Z"],
    ["2h", "2025-06-15T10:00:00.000Z"],
    ["7d", "2025-06-08T12:00:00.000Z"],
    ["90s", "2025-06-15T11:58:30.000Z"],
    ["2025-06-15T08:00:00Z", "2025-06-15T08:00:00.000Z"],
    ["2025-06-15T08:00:00.250+02:00", "2025-06-15T06:00:00.250Z"],
    ["2025-06-15T08:00Z", "2025-06-15T08:00:00.000Z"],
    ["2025-06-14", "2025-06-14T00:00:00.000Z"],
  ])("%s", (text, iso) => {
    expect(parseSince(text, NOW).toISOString()).toBe(iso);
  });

  test.each([
    ["2h ago", "expected an ISO-8601 time"],
    ["2025-06-15T08:00:00", "expected an ISO-8601 time"],
    ["2025-02-30", "not a real date"],
    ["0h", "the duration must be more than 0"],
    ["2025-06-15T13:00:00Z", "is in the future"],
    ["91d", "is more than 90 days ago, beyond the 90 days of events Okta's System Log keeps"],
  ])("%s is refused", (text, reason) => {
    expect(() => parseSince(text, NOW)).toThrow(UsageError);
    expect(() => parseSince(text, NOW)).toThrow(reason);
  });
});

test("arguments accept --flag value and --flag=value, and default --since to 24 hours", () => {
  expect(parseArgs(["--stack=prod", "--user", "alice@acme.example", "--json"], NOW)).toEqual({
    help: false,
    stack: "prod",
    user: "alice@acme.example",
    since: new Date("2025-06-14T12:00:00.000Z"),
    outputsFile: undefined,
    json: true,
    preflight: false,
    waitMs: undefined,
  });
});

describe("429 waits", () => {
  test("Retry-After in seconds", () => expect(retryDelayMs(headers({ "retry-after": "3" }), NOW.getTime(), 500)).toBe(3000));
  test("Retry-After as an HTTP date", () => expect(retryDelayMs(headers({ "retry-after": "Sun, 15 Jun 2025 12:00:05 GMT" }), NOW.getTime(), 500)).toBe(5000));
  test("X-Rate-Limit-Reset against the local clock without a Date header", () =>
    expect(retryDelayMs(headers({ "x-rate-limit-reset": String(NOW.getTime() / 1000 + 7) }), NOW.getTime(), 500)).toBe(7000));
  test("a reset in the past waits nothing", () => expect(retryDelayMs(headers({ "x-rate-limit-reset": "1" }), NOW.getTime(), 500)).toBe(0));
  test("no header: the default wait", () => expect(retryDelayMs(headers({}), NOW.getTime(), 500)).toBe(500));
});

test("expiresOn warns from the day after", () => {
  expect(expiryWarning("2025-06-15", NOW, "prod")).toBeUndefined();
  expect(expiryWarning(undefined, NOW, "prod")).toBeUndefined();
  expect(expiryWarning("2025-06-14", NOW, "prod")).toBe(
    "this check expired on 2025-06-14 (okta-managed-device-check:expiresOn in Pulumi.prod.yaml); remove it with: pulumi destroy --stack prod",
  );
});

describe("org URL", () => {
  const org = { orgName: "acme", baseUrl: "oktapreview.com" };
  test("from the stack", () => expect(resolveOrgUrl(org, {})).toBe("https://acme.oktapreview.com"));
  test("the stack's values win over the provider's variables", () =>
    expect(resolveOrgUrl(org, { OKTA_ORG_NAME: "other", OKTA_BASE_URL: "okta.com" })).toBe("https://acme.oktapreview.com"));
  test("from OKTA_ORG_NAME and OKTA_BASE_URL when the stack has none, as the provider reads them", () => {
    expect(resolveOrgUrl({}, { OKTA_ORG_NAME: "acme", OKTA_BASE_URL: "okta-emea.com" })).toBe("https://acme.okta-emea.com");
    expect(resolveOrgUrl({}, { OKTA_ORG_NAME: "acme" })).toBe("https://acme.okta.com");
  });
  test("no org anywhere is a usage error naming both places", () =>
    expect(() => resolveOrgUrl({}, {})).toThrow(
      "no Okta org: set okta:orgName (and okta:baseUrl) in the stack file, or export OKTA_ORG_NAME (and OKTA_BASE_URL) as for pulumi up",
    ));
  test("OKTA_ORG_URL wins and loses its trailing slash", () => expect(resolveOrgUrl(org, { OKTA_ORG_URL: "https://login.acme.example/" })).toBe("https://login.acme.example"));
  test.each(["localhost", "127.0.0.1", "127.10.0.3", "[::1]"])("http is accepted on loopback %s", (host) => expect(isLoopbackHost(host)).toBe(true));
  test.each(["127.example.com", "10.0.0.1", "acme.okta.com"])("http is refused on %s", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
    expect(() => resolveOrgUrl(org, { OKTA_ORG_URL: `http://${host}` })).toThrow("uses plain http");
  });
});
