import { execFileSync } from "child_process";
import { generateKeyPairSync } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { API_TOKEN, fixedClock, makeProject, removeProjects, RunResult, runVerify, stackYaml } from "./harness";

// Usage errors end in exit 64 before any request is made; main() does not even load the Okta SDK for them.

const mockSdk = { loads: 0 };
jest.mock("@okta/okta-sdk-nodejs", () => {
  mockSdk.loads++;
  return {};
});

const ORG_URL = "http://127.0.0.1:9";
let projectDir: string;

beforeAll(() => {
  projectDir = makeProject({ dev: stackYaml(), prod: stackYaml() });
});
afterAll(removeProjects);

const verify = (argv: string[], env: Record<string, string> = { OKTA_ORG_URL: ORG_URL, OKTA_API_TOKEN: API_TOKEN }, dir = projectDir) =>
  runVerify(argv, env, { projectDir: dir, clock: fixedClock() });

function expectUsageError(result: RunResult, line: string): void {
  expect(result.exitCode).toBe(64);
  expect(result.stderr).toBe(`verify: ${line}\nRun with --help for usage.\n`);
  expect(result.stdout).toBe("");
  expect(result.stdout + result.stderr).not.toContain(API_TOKEN);
}

test("--help prints the usage and exits 0", async () => {
  const result = await verify(["--help"]);
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toMatch(/^Usage: npm run verify -- --stack <name> \[--user <login or id>\] \[--since <time or duration>\] \[--outputs <file>\] \[--json\]\n/);
});

test.each([
  [["--stack", "dev", "--frobnicate"], "unknown option --frobnicate"],
  [["--stack", "dev", "extra"], 'unexpected argument "extra"'],
  [["--stack"], "--stack needs a value"],
  [["--stack", "--since", "2h"], "--stack needs a value"],
  [["--stack", "dev", "--stack", "prod"], "--stack is given twice"],
  [["--stack", "../etc"], "--stack: invalid stack name: the organization and project parts may only contain alphanumeric, hyphens, underscores, or periods"],
  [["--stack", "dev", "--since", "yesterday"], "--since yesterday: expected an ISO-8601 time with a zone (2025-01-31T09:00:00Z), a date (2025-01-31) or a duration such as 30m, 2h or 7d"],
  [["--stack", "dev", "--since", "2025-06-16"], "--since 2025-06-16: is in the future"],
  [["--stack", "dev", "--since=91d"], "--since 91d: is more than 90 days ago, beyond the 90 days of events Okta's System Log keeps"],
])("%j is a usage error", async (argv, line) => {
  expectUsageError(await verify(argv), line);
});

test("a missing or unknown stack lists the stacks that exist", async () => {
  expectUsageError(await verify([]), "--stack <name> is required. Stacks that exist: dev, prod");
  expectUsageError(await verify(["--stack", "staging"]), `unknown stack "staging": there is no Pulumi.staging.yaml in ${projectDir}. Stacks that exist: dev, prod`);
});

test("an invalid stack config lists every problem", async () => {
  const dir = makeProject({ broken: "config:\n  okta:orgName: https://acme.okta.com\n  okta:baseUrl: okta.com\n" });
  const result = await verify(["--stack", "broken"], undefined, dir);
  expect(result.exitCode).toBe(64);
  expect(result.stderr.split("\n").slice(0, 4)).toEqual([
    "verify: Pulumi.broken.yaml: invalid stack config (3 problems):",
    "  Pulumi.broken.yaml: okta-managed-device-check:testUsers: is required: expected a list of 1 or more test users (logins or Okta user ids)",
    "  Pulumi.broken.yaml: okta-managed-device-check:bookmarkUrl: is required: expected an https URL such as https://example.com/",
    "  Pulumi.broken.yaml: okta:orgName: expected the org name alone (acme for acme.okta.com), not a URL",
  ]);
});

test("plain http is refused for an org that is not on loopback", async () => {
  expectUsageError(
    await verify(["--stack", "dev"], { OKTA_ORG_URL: "http://acme.okta.com", OKTA_API_TOKEN: API_TOKEN }),
    "OKTA_ORG_URL: http://acme.okta.com uses plain http, which is accepted only for loopback hosts (tests); use https",
  );
});

test("an org URL with a path is refused", async () => {
  expectUsageError(
    await verify(["--stack", "dev"], { OKTA_ORG_URL: "https://acme.okta.com/admin", OKTA_API_TOKEN: API_TOKEN }),
    "OKTA_ORG_URL: expected the org URL alone, such as https://acme.okta.com, without a path",
  );
});

describe("credentials", () => {
  const key = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

  test("none set", async () => {
    expectUsageError(await verify(["--stack", "dev"], { OKTA_ORG_URL: ORG_URL }), "no Okta credentials: set OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY for an OAuth service app");
  });

  test("both a token and a service app", async () => {
    const result = await verify(["--stack", "dev"], { OKTA_ORG_URL: ORG_URL, OKTA_API_TOKEN: API_TOKEN, OKTA_API_CLIENT_ID: "0oa1", OKTA_API_PRIVATE_KEY: key });
    expectUsageError(result, "set either OKTA_API_TOKEN or OKTA_API_CLIENT_ID with OKTA_API_PRIVATE_KEY, not both");
  });

  test("a client id without a key", async () => {
    expectUsageError(await verify(["--stack", "dev"], { OKTA_ORG_URL: ORG_URL, OKTA_API_CLIENT_ID: "0oa1" }), "OKTA_API_CLIENT_ID is set but OKTA_API_PRIVATE_KEY is not: set the service app's private key (PEM or JWK)");
  });

  test("a key that is not a private key is refused without being shown", async () => {
    const notAKey = "-----BEGIN PRIVATE KEY-----\nTm90QVJlYWxLZXlCdXRTdGlsbEFTZWNyZXRWYWx1ZQ==\n-----END PRIVATE KEY-----";
    const result = await verify(["--stack", "dev"], { OKTA_ORG_URL: ORG_URL, OKTA_API_CLIENT_ID: "0oa1", OKTA_API_PRIVATE_KEY: notAKey });
    expectUsageError(result, "OKTA_API_PRIVATE_KEY is not a private key in PEM or JWK form (its value is not shown)");
    expect(result.stderr).not.toContain("Tm90QVJlYWxLZXlCdXRTdGlsbEFTZWNyZXRWYWx1ZQ==");
  });

  test("scopes that are not Okta scopes", async () => {
    const result = await verify(["--stack", "dev"], { OKTA_ORG_URL: ORG_URL, OKTA_API_CLIENT_ID: "0oa1", OKTA_API_PRIVATE_KEY: key, OKTA_API_SCOPES: "okta.logs.read,openid" });
    expectUsageError(result, 'OKTA_API_SCOPES: "openid" is not an Okta scope such as okta.logs.read');
  });
});

test("--outputs that cannot be used", async () => {
  expectUsageError(await verify(["--stack", "dev", "--outputs", path.join(projectDir, "missing.json")]), `--outputs ${path.join(projectDir, "missing.json")}: cannot read the file`);
  const stackFile = path.join(projectDir, "Pulumi.dev.yaml");
  expectUsageError(
    await verify(["--stack", "dev", "--outputs", stackFile]),
    `--outputs ${stackFile}: not JSON; save it with: pulumi stack output --json --stack <name> > ${stackFile}`,
  );
});

test("--json reports a usage error as a JSON document", async () => {
  const result = await verify(["--stack", "staging", "--json"]);
  expect(result.exitCode).toBe(64);
  expect(JSON.parse(result.stdout)).toEqual({
    result: "error",
    exitCode: 64,
    error: `unknown stack "staging": there is no Pulumi.staging.yaml in ${projectDir}. Stacks that exist: dev, prod`,
    warnings: [],
  });
});

test("usage errors do not load the Okta SDK", () => {
  expect(mockSdk.loads).toBe(0);
});

describe("what the command line brings (terminal safety, bounded time)", () => {
  test.each([
    ["--user", "alice@acme.example\u001b]0;owned\u0007"],
    ["--user", "alice@acme.example\nResult: MANAGED"],
    ["--user", "\u202emoc.elpmaxe@ecila"],
    ["--since", "2h\u009b2J"],
  ])("%s with a control, bidi or line-break character is refused without echoing it", async (option, value) => {
    const result = await verify(["--stack", "dev", option, value]);
    expectUsageError(result, `${option}: the value contains a control, bidi or line-break character, which no value of it holds; type it again`);
  });

  test("--since 9999999999999999d never reaches the tenant", async () => {
    expectUsageError(await verify(["--stack", "dev", "--since", "9999999999999999d"]), "--since 9999999999999999d: is more than 90 days ago, beyond the 90 days of events Okta's System Log keeps");
  });

  test.each([
    ["/dev/zero", "not a regular file (a device or socket); save the outputs to a file first"],
    ["a directory", "not a regular file (a directory); save the outputs to a file first"],
  ])("--outputs %s is refused at once", async (what, reason) => {
    const file = what === "a directory" ? projectDir : what;
    expectUsageError(await verify(["--stack", "dev", "--outputs", file]), `--outputs ${file}: ${reason}`);
  });

  test("--outputs a FIFO is refused at once, without waiting for a writer", async () => {
    const fifo = path.join(projectDir, "outputs.fifo");
    execFileSync("mkfifo", [fifo]);
    const started = Date.now();
    expectUsageError(await verify(["--stack", "dev", "--outputs", fifo]), `--outputs ${fifo}: not a regular file (a pipe); save the outputs to a file first`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("--outputs larger than a stack's outputs could be is refused", async () => {
    const big = path.join(projectDir, "big.json");
    fs.writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 0x20));
    expectUsageError(await verify(["--stack", "dev", "--outputs", big]), `--outputs ${big}: 2097152 bytes, more than the 1048576 a stack's outputs could take`);
  });

  test.each(["e", "dev", "0123456789"])("OKTA_API_TOKEN=%j is refused as not a token, the value not shown", async (token) => {
    const result = await verify(["--stack", "dev"], { OKTA_ORG_URL: ORG_URL, OKTA_API_TOKEN: token });
    expectUsageError(result, "OKTA_API_TOKEN is not an Okta API token: it has fewer than 20 characters (Okta's have 42); set the token Okta showed when it was created (its value is not shown)");
    expect(result.stderr).not.toContain("[redacted]");
  });

  test("--timeout shorter than --wait", async () => {
    expectUsageError(await verify(["--stack", "dev", "--wait", "10m", "--timeout", "5m"]), "--timeout 5m: must be longer than --wait, which it includes, with time to read the tenant");
  });
});
