import { generateKeyPairSync } from "crypto";
import { UsageError } from "../../tools/command";
import { Redactor } from "../../tools/redact";
import { safeOutput, safeValue, safeValues } from "../../tools/safeText";
import { parseArgs, parseSince, parseTimeout } from "../../tools/verify/args";
import { isLoopbackHost, resolveOrgUrl } from "../../tools/verify/connection";
import { expiryWarning } from "../../tools/expiry";
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
    // A duration too large to be a date at all never reaches the tenant as an invalid one.
    ["9999999999999999d", "is more than 90 days ago, beyond the 90 days of events Okta's System Log keeps"],
    ["99999999999999999999999s", "is more than 90 days ago, beyond the 90 days of events Okta's System Log keeps"],
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
    timeout: { ms: 300_000, option: "--timeout 5m00s (the default)" },
  });
});

describe("--timeout", () => {
  test("default 5 minutes, or the wait plus 5 minutes", () => {
    expect(parseTimeout(undefined, undefined)).toEqual({ ms: 300_000, option: "--timeout 5m00s (the default)" });
    expect(parseTimeout(undefined, 600_000)).toEqual({ ms: 900_000, option: "--timeout 15m00s (the default)" });
    expect(parseTimeout("90s", undefined)).toEqual({ ms: 90_000, option: "--timeout 90s" });
  });

  test.each([
    ["soon", undefined, "--timeout soon: expected a duration such as 90s, 10m or 1h"],
    ["0s", undefined, "--timeout 0s: expected a duration such as 90s, 10m or 1h"],
    ["10m", 600_000, "--timeout 10m: must be longer than --wait, which it includes, with time to read the tenant"],
    ["9999999999999999d", undefined, "--timeout 9999999999999999d: at most 24h05m00s"],
  ])("%s is refused", (text, waitMs, message) => {
    expect(() => parseTimeout(text, waitMs)).toThrow(new UsageError(message));
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
  expect(expiryWarning("2025-06-15", NOW, "prod", "Pulumi.prod.yaml")).toBeUndefined();
  expect(expiryWarning(undefined, NOW, "prod", "Pulumi.prod.yaml")).toBeUndefined();
  expect(expiryWarning("2025-06-14", NOW, "prod", "Pulumi.prod.yaml")).toBe(
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

describe("text from the tenant, the stack or the command line", () => {
  const hostile = "Mac\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u001b[2J\u202egnp.exe\u2066\u0085\r\nResult: MANAGED\t\u009b31m";

  test("within a line, every control, bidi and line-break character is shown as its \\u escape", () => {
    expect(safeValue(hostile)).toBe(
      "Mac\\u001b]8;;https://evil.example\\u0007click\\u001b]8;;\\u0007 \\u001b[2J\\u202egnp.exe\\u2066\\u0085\\u000d\\u000aResult: MANAGED\\u0009\\u009b31m",
    );
  });

  test("in output, the command's own line breaks and tabs survive; nothing else does", () => {
    expect(safeOutput(`a\tb\n${hostile}`)).toBe(`a\tb\nMac\\u001b]8;;https://evil.example\\u0007click\\u001b]8;;\\u0007 \\u001b[2J\\u202egnp.exe\\u2066\\u0085\\u000d\nResult: MANAGED\t\\u009b31m`);
  });

  test("in a JSON document the escape is the JSON escape of the same character: the value reads back unchanged", () => {
    const document = safeOutput(JSON.stringify({ name: hostile }));
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(document).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(document)).toEqual({ name: hostile });
  });

  test("a report's every string, however deep", () => {
    expect(safeValues({ users: [{ login: "a\u001b[31m", devices: [{ name: "b\u202e" }] }], count: 2, at: undefined })).toEqual({
      users: [{ login: "a\\u001b[31m", devices: [{ name: "b\\u202e" }] }],
      count: 2,
      at: undefined,
    });
  });
});

describe("the redactor", () => {
  const token = "00QCjAl4MlV-WPXMtRkq8bq9Zr5dPNhV0HmjFx-vbGua";

  test.each([
    ["base64", Buffer.from(token).toString("base64")],
    ["base64url", Buffer.from(token).toString("base64url")],
    ["hex", Buffer.from(token).toString("hex")],
    ["HEX", Buffer.from(token).toString("hex").toUpperCase()],
    ["the first half", token.slice(0, 22)],
    ["the second half", token.slice(22)],
    ["a middle third, base64", Buffer.from(token.slice(15, 30)).toString("base64")],
    ["a middle third, hex", Buffer.from(token.slice(15, 30)).toString("hex")],
  ])("masks the token %s", (_form, form) => {
    const redacted = new Redactor([token]).redact(`before ${form} after`);
    expect(redacted).toMatch(/^before \[redacted\]\S{0,3} after$/);
  });

  test("learns a credential received while running: every form of it is masked from then on", () => {
    const redactor = new Redactor([token]);
    const accessToken = `eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.${Buffer.from(JSON.stringify({ scp: ["okta.logs.read"], cid: "0oa1" })).toString("base64url")}.c2lnbmF0dXJlLW9mLXRoZS1hY2Nlc3MtdG9rZW4`;
    expect(redactor.redact(accessToken)).toBe(accessToken);
    redactor.learn(accessToken);
    expect(redactor.redact(`Bearer ${accessToken}`)).toBe("Bearer [redacted]");
    expect(redactor.redact(Buffer.from(accessToken).toString("hex"))).toBe("[redacted]");
    expect(redactor.redact(accessToken.slice(0, 40))).toBe("[redacted]");
  });

  test("leaves ordinary text alone: the PEM armour, a short word, an Okta id", () => {
    const pem = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const text = "-----BEGIN PRIVATE KEY----- at 2025-06-15T10:00:00.000Z for 00u1alice000000000d7x1 in PRIVATE KEY";
    expect(new Redactor([token, pem]).redact(text)).toBe(text);
  });

  test.each(["e", "dev", "changeme", "0123456789abcdefghi"])("refuses %j as OKTA_API_TOKEN at the door, naming the variable, not the value", (value) => {
    expect(() => Redactor.fromEnvironment({ OKTA_API_TOKEN: value })).toThrow(
      new UsageError("OKTA_API_TOKEN is not an Okta API token: it has fewer than 20 characters (Okta's have 42); set the token Okta showed when it was created (its value is not shown)"),
    );
  });
});
