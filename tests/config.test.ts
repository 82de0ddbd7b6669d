import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, parseStackConfig, RawStackConfig, SecretConfigValue } from "../components/config";
import { StackFileError } from "../tools/stack/errors";
import { listStacks } from "../tools/stack/locate";
import { readProjectStack } from "../tools/stack/projectStack";
import { readPulumiRuntimeConfig } from "../components/runtimeConfig";
import { ROOT } from "./support/program";

const FILE = "Pulumi.test.yaml";
const K = (name: string) => `okta-managed-device-check:${name}`;

const valid = (): RawStackConfig => ({
  "okta:orgName": "acme-preview",
  "okta:baseUrl": "oktapreview.com",
  "okta:apiToken": new SecretConfigValue(),
  [K("testUsers")]: ["alice@acme.example"],
  [K("bookmarkUrl")]: "https://www.okta.com/",
});

const PROJECT_KEYS = ["testUsers", "testGroups", "bookmarkLabel", "bookmarkUrl", "policyName", "ruleName", "factorMode", "fastPassKey", "expiresOn"].map(K).join(", ");
const OKTA_KEYS = [
  "orgName", "baseUrl", "clientId", "privateKeyId", "privateKey", "apiToken", "accessToken", "scopes",
  "backoff", "maxRetries", "maxApiCapacity", "minWaitSeconds", "maxWaitSeconds", "requestTimeout", "parallelism", "logLevel", "httpProxy",
].map((k) => `okta:${k}`).join(", ");

function problemsOf(raw: RawStackConfig): string[] {
  try {
    parseStackConfig(raw, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.key}: ${p.message}`);
    throw error;
  }
  throw new Error("expected the config to be refused");
}

describe("parseStackConfig", () => {
  test("applies the documented defaults", () => {
    expect(parseStackConfig(valid(), FILE).settings).toEqual({
      testUsers: ["alice@acme.example"],
      bookmarkLabel: "Managed Device Check",
      bookmarkUrl: "https://www.okta.com/",
      policyName: "Require Managed Device",
      ruleName: "Managed Device Allowed",
      factorMode: "2FA",
      fastPassKey: "okta_verify",
      expiresOn: undefined,
      testGroups: [],
    });
  });

  test("takes every project key as given", () => {
    const raw = {
      ...valid(),
      [K("testUsers")]: ["bob@acme.example", "00u1a2b3c4d5e6f7g8h9"],
      [K("bookmarkLabel")]: "Device check (IT)",
      [K("policyName")]: "IT Managed Device",
      [K("ruleName")]: "IT Managed Allowed",
      [K("factorMode")]: "1FA",
      [K("fastPassKey")]: "okta_verify_fastpass",
      [K("expiresOn")]: "2027-01-31",
    };
    expect(parseStackConfig(raw, FILE).settings).toEqual({
      testUsers: ["bob@acme.example", "00u1a2b3c4d5e6f7g8h9"],
      bookmarkLabel: "Device check (IT)",
      bookmarkUrl: "https://www.okta.com/",
      policyName: "IT Managed Device",
      ruleName: "IT Managed Allowed",
      factorMode: "1FA",
      fastPassKey: "okta_verify_fastpass",
      expiresOn: "2027-01-31",
      testGroups: [],
    });
  });

  test("accepts an OAuth service app with a secret private key instead of a token", () => {
    const raw: RawStackConfig = { ...valid(), "okta:clientId": "0oa8f5j3ecb5w3dF35d7", "okta:privateKey": new SecretConfigValue(), "okta:scopes": ["okta.apps.manage", "okta.policies.manage"] };
    delete raw["okta:apiToken"];
    expect(parseStackConfig(raw, FILE).config["okta:scopes"]).toEqual(["okta.apps.manage", "okta.policies.manage"]);
  });

  test("accepts a stack without org or credentials: pulumi up takes them from the provider's environment variables", () => {
    const { "okta:orgName": _org, "okta:baseUrl": _base, "okta:apiToken": _token, ...rest } = valid();
    expect(parseStackConfig(rest, FILE).config).toMatchObject({ [K("testUsers")]: ["alice@acme.example"] });
    expect(parseStackConfig({ ...rest, "okta:clientId": "0oa8f5j3ecb5w3dF35d7" }, FILE).config["okta:clientId"]).toBe("0oa8f5j3ecb5w3dF35d7");
  });

  test("fastPassKey: okta_verify by default, okta_verify_fastpass for Flexible Okta Verify, nothing else", () => {
    expect(parseStackConfig(valid(), FILE).settings.fastPassKey).toBe("okta_verify");
    expect(parseStackConfig({ ...valid(), [K("fastPassKey")]: "okta_verify_fastpass" }, FILE).settings.fastPassKey).toBe("okta_verify_fastpass");
    expect(problemsOf({ ...valid(), [K("fastPassKey")]: "okta_verify_push" })).toEqual([
      `${K("fastPassKey")}: expected "okta_verify" or "okta_verify_fastpass" (okta_verify_fastpass in orgs with Flexible Okta Verify authenticator configuration)`,
    ]);
  });

  // Each bad input, and the exact problem it must report (key path and what is expected).
  const badInputs: [string, RawStackConfig, string[]][] = [
    ["no test users key", (({ [K("testUsers")]: _, ...rest }) => rest)(valid()), [`${K("testUsers")}: is required: expected a list of 1 or more test users (logins or Okta user ids)`]],
    ["an empty test user list", { ...valid(), [K("testUsers")]: [] }, [`${K("testUsers")}: expected at least 1 test user`]],
    ["test users as one string", { ...valid(), [K("testUsers")]: "alice@acme.example" }, [`${K("testUsers")}: expected a list of 1 or more test users (logins or Okta user ids)`]],
    ["a test user that is neither login nor id", { ...valid(), [K("testUsers")]: ["alice@acme.example", "alice"] }, [`${K("testUsers")}[1]: expected a user's login (an email address such as alice@example.com) or an Okta user id (00u followed by 17 letters or digits)`]],
    ["a malformed user id", { ...valid(), [K("testUsers")]: ["00u123"] }, [`${K("testUsers")}[0]: expected a user's login (an email address such as alice@example.com) or an Okta user id (00u followed by 17 letters or digits)`]],
    ["a duplicate test user (case-insensitive)", { ...valid(), [K("testUsers")]: ["alice@acme.example", "Alice@acme.example"] }, [`${K("testUsers")}[1]: duplicate test user "Alice@acme.example" (already listed at index 0); list each user once`]],
    ["a plain http bookmark URL", { ...valid(), [K("bookmarkUrl")]: "http://www.okta.com/" }, [`${K("bookmarkUrl")}: expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused`]],
    ["a bookmark URL on localhost", { ...valid(), [K("bookmarkUrl")]: "https://localhost/" }, [`${K("bookmarkUrl")}: expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused`]],
    ["a bookmark URL on an IP address", { ...valid(), [K("bookmarkUrl")]: "https://10.0.0.1/" }, [`${K("bookmarkUrl")}: expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused`]],
    ["a bookmark URL that is not a URL", { ...valid(), [K("bookmarkUrl")]: "www.okta.com" }, [`${K("bookmarkUrl")}: expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused`]],
    ...["https://user:s3cret@intranet.acme.example/", "https://user@intranet.acme.example/", "https://:s3cret@Intranet.acme.example"].map((url): [string, RawStackConfig, string[]] => [
      `a bookmark URL with credentials (${url})`,
      { ...valid(), [K("bookmarkUrl")]: url },
      [`${K("bookmarkUrl")}: credentials in a URL are refused (value not shown): remove the user name and password (user:password@) before the host; every user assigned the bookmark could read them in its link`],
    ]),
    ["no bookmark URL", (({ [K("bookmarkUrl")]: _, ...rest }) => rest)(valid()), [`${K("bookmarkUrl")}: is required: expected an https URL such as https://example.com/`]],
    ["an empty bookmark label", { ...valid(), [K("bookmarkLabel")]: "  " }, [`${K("bookmarkLabel")}: expected a non-empty bookmark label`]],
    ["a policy name over 100 characters", { ...valid(), [K("policyName")]: "p".repeat(101) }, [`${K("policyName")}: expected a policy name of at most 100 characters`]],
    ["a rule named like the system catch-all", { ...valid(), [K("ruleName")]: "catch-all rule" }, [`${K("ruleName")}: must not be "Catch-all Rule": Okta reserves that name for the policy's system rule`]],
    ...["Catch\u2010all Rule", "Catch-all\u200b Rule", "\u200fCatch-all Rule", "Catch\u2011all\u00a0Rule", "\uff23atch-all Rule"].map((name): [string, RawStackConfig, string[]] => [
      `a rule name that reads as the catch-all (${JSON.stringify(name)})`,
      { ...valid(), [K("ruleName")]: name },
      [name.match(/\p{Cf}/u) ? `${K("ruleName")}: contains an invisible character (a zero-width space or joiner, or a direction mark; value not shown); remove it` : `${K("ruleName")}: must not be "Catch-all Rule": Okta reserves that name for the policy's system rule`],
    ]),
    ["a policy name with a zero-width space", { ...valid(), [K("policyName")]: "Require\u200bManaged Device" }, [`${K("policyName")}: contains an invisible character (a zero-width space or joiner, or a direction mark; value not shown); remove it`]],
    ["a bookmark label with a right-to-left mark", { ...valid(), [K("bookmarkLabel")]: "Check\u200f" }, [`${K("bookmarkLabel")}: contains an invisible character (a zero-width space or joiner, or a direction mark; value not shown); remove it`]],
    ["a login over 100 characters (Okta's limit)", { ...valid(), [K("testUsers")]: [`${"a".repeat(288)}@acme.example`] }, [`${K("testUsers")}[0]: expected a login of at most 100 characters (Okta's limit)`]],
    ["an unknown factor mode", { ...valid(), [K("factorMode")]: "3FA" }, [`${K("factorMode")}: expected "1FA" or "2FA"`]],
    ["an expiry that is not a date", { ...valid(), [K("expiresOn")]: "next week" }, [`${K("expiresOn")}: expected a calendar date as YYYY-MM-DD, such as 2026-12-31`]],
    ["an expiry on a day that does not exist", { ...valid(), [K("expiresOn")]: "2027-02-30" }, [`${K("expiresOn")}: expected a calendar date as YYYY-MM-DD, such as 2026-12-31`]],
    ["a misspelt project key", { ...valid(), [K("testUser")]: ["bob@acme.example"] }, [`${K("testUser")}: unknown key (did you mean ${K("testUsers")}?); known keys: ${PROJECT_KEYS}`]],
    ["a misspelt provider key", { ...valid(), "okta:orgname": "acme" }, [`okta:orgname: unknown key (did you mean okta:orgName?); known keys: ${OKTA_KEYS}`]],
    ["a key of another project", { ...valid(), "other-project:testUsers": ["a@b.example"] }, [`other-project:testUsers: unknown key (did you mean ${K("testUsers")}?); known keys: ${PROJECT_KEYS}, ${OKTA_KEYS}`]],
    ["an org URL instead of an org name", { ...valid(), "okta:orgName": "https://acme.okta.com" }, ["okta:orgName: expected the org name alone (acme for acme.okta.com), not a URL"]],
    ["an unknown Okta base URL", { ...valid(), "okta:baseUrl": "okta.example" }, ["okta:baseUrl: expected one of okta.com, oktapreview.com, okta-emea.com, okta-gov.com, okta.mil, okta-miltest.com, trexcloud.com"]],
    ["a plaintext API token", { ...valid(), "okta:apiToken": "00abcdefghijklmnopqrstuvwxyz0123456789ABCD" }, ["okta:apiToken: must be stored encrypted: a plaintext value was found (not shown). Remove it from the stack file and run `pulumi config set --secret okta:apiToken`"]],
    ["a plaintext private key", { ...valid(), "okta:clientId": "0oa8f5j3ecb5w3dF35d7", "okta:scopes": ["okta.apps.manage"], "okta:privateKey": "-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----" }, ["okta:privateKey: must be stored encrypted: a plaintext value was found (not shown). Remove it from the stack file and run `pulumi config set --secret okta:privateKey`"]],
    ["a scope that is not an Okta scope", { ...valid(), "okta:scopes": ["apps.manage"] }, ["okta:scopes[0]: expected an Okta scope such as okta.apps.manage"]],
    ["a retry count that is not a number", { ...valid(), "okta:maxRetries": "many" }, ["okta:maxRetries: expected a whole number of retries"]],
  ];

  test.each(badInputs)("refuses %s, naming the key and what is expected", (_label, raw, expected) => {
    expect(problemsOf(raw)).toEqual(expected);
  });

  test("the corpus covers at least 15 distinct bad inputs", () => {
    expect(new Set(badInputs.map(([label]) => label)).size).toBeGreaterThanOrEqual(15);
  });

  test("reports every problem at once, each line naming the stack file and the key", () => {
    const raw = { ...valid(), [K("testUsers")]: [], [K("bookmarkUrl")]: "http://x.example/", [K("factorMode")]: "none", "okta:apiToken": "plain-token-value" };
    let error: unknown;
    try {
      parseStackConfig(raw, "Pulumi.dev.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split("\n");
    expect(lines[0]).toBe("Pulumi.dev.yaml: invalid stack config (4 problems):");
    expect(lines.slice(1)).toEqual([
      `  Pulumi.dev.yaml: ${K("testUsers")}: expected at least 1 test user`,
      `  Pulumi.dev.yaml: ${K("bookmarkUrl")}: expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused`,
      `  Pulumi.dev.yaml: ${K("factorMode")}: expected "1FA" or "2FA"`,
      "  Pulumi.dev.yaml: okta:apiToken: must be stored encrypted: a plaintext value was found (not shown). Remove it from the stack file and run `pulumi config set --secret okta:apiToken`",
    ]);
    expect((error as Error).message).not.toContain("plain-token-value");
  });
});

describe("stack files", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdc-config-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the committed stack files are valid", () => {
    expect(listStacks(ROOT).map((stack) => stack.name)).toEqual(["dev", "prod"]);
    for (const { name, label } of listStacks(ROOT)) {
      expect(() => parseStackConfig(readProjectStack(ROOT, name).config, label)).not.toThrow();
    }
  });

  test("the committed stack files carry no ciphertext a real CLI could not decrypt", () => {
    for (const { file } of listStacks(ROOT)) {
      expect(fs.readFileSync(file, "utf8")).not.toMatch(/^\s*(secure|encryptionsalt|encryptedkey):/m);
    }
  });

  test("secure: values are read as secrets without their ciphertext", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: okta-managed-device-check\nruntime: nodejs\n");
    fs.copyFileSync(path.join(ROOT, "tests", "fixtures", "stacks", "Pulumi.secrets.yaml"), path.join(dir, "Pulumi.secrets.yaml"));
    const raw = readProjectStack(dir, "secrets").config;
    expect(raw["okta:apiToken"]).toBeInstanceOf(SecretConfigValue);
    expect((raw["okta:apiToken"] as SecretConfigValue).plaintext).toBeUndefined();
    expect(JSON.stringify(raw)).not.toContain("v1:9mZ3");
  });

  test("a bare key belongs to this project", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: okta-managed-device-check\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.x.yaml"), "config:\n  testUsers:\n    - a@b.example\n");
    expect(readProjectStack(dir, "x").config).toEqual({ [K("testUsers")]: '["a@b.example"]' });
  });

  test("a file that is not YAML is refused with a one-line reason", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: okta-managed-device-check\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.x.yaml"), "config: [unclosed\n");
    expect(() => readProjectStack(dir, "x")).toThrow(StackFileError);
    expect(() => readProjectStack(dir, "x")).toThrow(/^Pulumi\.x\.yaml: is not valid YAML \(/);
  });
});

describe("config handed to the program by Pulumi", () => {
  test("structured values arrive as JSON text and secret keys stay wrapped", () => {
    const raw = readPulumiRuntimeConfig(
      { [K("testUsers")]: '["a@b.example"]', "okta:apiToken": "decrypted-token", "okta:orgName": "acme" },
      (key) => key === "okta:apiToken",
    );
    expect(raw[K("testUsers")]).toBe('["a@b.example"]');
    expect(parseStackConfig({ ...raw, [K("bookmarkUrl")]: "https://www.okta.com/" }, FILE).settings.testUsers).toEqual(["a@b.example"]);
    expect(raw["okta:apiToken"]).toBeInstanceOf(SecretConfigValue);
    expect(String(raw["okta:apiToken"])).toBe("[secret]");
    expect(JSON.stringify(raw)).not.toContain("decrypted-token");
  });

  test("a token Pulumi did not mark secret is refused as plaintext", () => {
    const raw = readPulumiRuntimeConfig({ ...stringify(valid()), "okta:apiToken": "decrypted-token" }, () => false);
    expect(problemsOf(raw)).toEqual(["okta:apiToken: must be stored encrypted: a plaintext value was found (not shown). Remove it from the stack file and run `pulumi config set --secret okta:apiToken`"]);
  });
});

function stringify(raw: RawStackConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

describe("the engine's own keys", () => {
  test("pulumi: keys are left to Pulumi, whatever they hold", () => {
    const raw = { ...valid(), "pulumi:tags": { purpose: "okta-managed-device-check" }, "pulumi:disable-default-providers": ["*"] };
    expect(parseStackConfig(raw, FILE).settings.testUsers).toEqual(["alice@acme.example"]);
  });
});
