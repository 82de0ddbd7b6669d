import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, parseStackConfig, SecretConfigValue } from "../components/config";
import { readPulumiRuntimeConfig } from "../components/runtimeConfig";
import { StackFileError } from "../tools/stack/errors";
import { readProjectStack } from "../tools/stack/projectStack";

// Secrets on any key, ESC environments, and hostile values refused at the door.

const K = (name: string) => `okta-managed-device-check:${name}`;
const PROJECT_YAML = "name: okta-managed-device-check\nruntime: nodejs\n";
const BASE = "  testUsers: [alice@acme.example]\n  bookmarkUrl: https://www.okta.com/\n";
const TOKEN = "00abcTOKENdefghijklmnop";
const UNCHECKED = "is encrypted (secure:): its value cannot be checked without the tenant; the program checks the decrypted value when Pulumi runs it";
const HOSTILE = "contains a control character or a bidirectional override (value not shown); remove it";
const CANONICAL =
  'expected the URL in canonical form, exactly as a browser writes it (value not shown): no surrounding spaces, "https://" with both slashes, a lower-case host and a path ("https://example.com/", not "https://example.com")';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdc-hostile-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), PROJECT_YAML);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Reads `Pulumi.dev.yaml` with the given config lines as the plan does: Pulumi's reading, then the schema. */
function plan(configLines: string, extra = "") {
  fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `config:\n${configLines}${extra}`);
  const stack = readProjectStack(dir, "dev");
  return parseStackConfig(stack.config, stack.stackFile, { environments: stack.environments });
}

function problems(configLines: string): string[] {
  try {
    plan(configLines);
  } catch (error) {
    if (error instanceof ConfigError) {
      expect(error.message).not.toContain(TOKEN);
      return error.problems.map((p) => `${p.key}: ${p.message}`);
    }
    throw error;
  }
  throw new Error("expected the config to be refused");
}

describe("secrets on any key", () => {
  test("a secure: value on a plain key is accepted offline, shown as secret and listed as unchecked", () => {
    const parsed = plan(`${BASE}  bookmarkLabel:\n    secure: v1:made-up\n  okta:maxRetries:\n    secure: v1:made-up\n`);
    expect(parsed.settings.bookmarkLabel).toBe("[secret]");
    expect(parsed.secretKeys).toEqual([K("bookmarkLabel"), "okta:maxRetries"]);
    expect(parsed.unchecked).toEqual([
      { key: K("bookmarkLabel"), message: UNCHECKED },
      { key: "okta:maxRetries", message: UNCHECKED },
    ]);
  });

  test("a list with one secure: element makes the whole key secret, as Pulumi does", () => {
    const parsed = plan("  testUsers:\n    - alice@acme.example\n    - secure: v1:made-up\n  bookmarkUrl:\n    secure: v1:made-up\n");
    expect(parsed.settings.testUsers).toEqual(["[secret]"]);
    expect(parsed.settings.bookmarkUrl).toBe("[secret]");
    expect(parsed.unchecked.map((u) => u.key)).toEqual([K("testUsers"), K("bookmarkUrl")]);
  });

  test("at run time the decrypted value is checked, with the message a plaintext value gets", () => {
    const allConfig = { [K("testUsers")]: '["alice@acme.example"]', [K("bookmarkUrl")]: "http://www.okta.com/", [K("bookmarkLabel")]: "bell\u0007" };
    let error: unknown;
    try {
      parseStackConfig(readPulumiRuntimeConfig(allConfig, (key) => key !== K("testUsers")), "Pulumi.dev.yaml");
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      { key: K("bookmarkLabel"), message: HOSTILE },
      { key: K("bookmarkUrl"), message: "expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused" },
    ]);
  });

  test("the offline placeholder is read back as a secret without plaintext", () => {
    const raw = readPulumiRuntimeConfig({ [K("bookmarkLabel")]: "[secret]" }, () => true);
    expect(raw[K("bookmarkLabel")]).toBeInstanceOf(SecretConfigValue);
    expect((raw[K("bookmarkLabel")] as SecretConfigValue).plaintext).toBeUndefined();
  });
});

describe("ESC environments", () => {
  const MAY = (envs: string) => `is not in the stack file and may come from its ESC environment${envs.includes(",") ? "s" : ""} (${envs}): it cannot be checked without the tenant; the program checks it when Pulumi runs it`;

  test("imports listed: required keys and credentials may come from them, and the plan says so", () => {
    const parsed = plan("  okta:orgName: acme\n", "environment:\n  - acme/okta-dev\n  - acme/common\n");
    expect(parsed.unchecked).toEqual(
      [K("testUsers"), K("bookmarkUrl"), "okta:privateKey", "okta:apiToken", "okta:accessToken"].map((key) => ({ key, message: MAY("acme/okta-dev, acme/common") })),
    );
    expect(parsed.settings.testUsers).toEqual(["[secret]"]);
  });

  test("an inline definition is recognised: its literal values are read, the others are left to the environment", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `config:\n${BASE}environment:\n  imports:\n    - acme/okta\n  values:\n    pulumiConfig:\n      okta:apiToken: \${secrets.token}\n      bookmarkLabel: Check\n`);
    expect(readProjectStack(dir, "dev").environment).toEqual({ imports: ["acme/okta"], literals: { bookmarkLabel: "Check" }, unseenKeys: ["okta:apiToken"] });
    expect(readProjectStack(dir, "dev").config[K("bookmarkLabel")]).toBe("Check");
    expect(readProjectStack(dir, "dev").environments).toEqual(["acme/okta", "Pulumi.dev.yaml environment"]);
  });

  test("without an environment a missing required key is an error", () => {
    expect(problems("  okta:orgName: acme\n")).toEqual([
      `${K("testUsers")}: is required: expected a list of 1 or more test users (logins or Okta user ids)`,
      `${K("bookmarkUrl")}: is required: expected an https URL such as https://example.com/`,
    ]);
  });
});

describe("hostile text is refused, naming the key, never echoing the value", () => {
  test.each([
    ["a bell (C0)", "\\a"],
    ["a terminal escape", "\\e[2J"],
    ["a tab", "\\t"],
    ["a line break", "\\n"],
    ["DEL", "\\x7f"],
    ["a C1 control", "\\x85"],
    ["a right-to-left override", "\\u202e"],
    ["a bidirectional isolate", "\\u2066"],
  ])("%s in a label", (_label, escape) => {
    expect(problems(`${BASE}  bookmarkLabel: "IT ${escape} ${TOKEN}"\n`)).toEqual([`${K("bookmarkLabel")}: ${HOSTILE}`]);
  });

  test("in a list element, a provider key and a secret's decrypted value", () => {
    expect(problems(`  testUsers: ["alice@acme.example", "bob\\e]8;;@acme.example"]\n  bookmarkUrl: https://www.okta.com/\n  okta:clientId: "0oa\\u202e${TOKEN}"\n`)).toEqual([
      `${K("testUsers")}[1]: ${HOSTILE}`,
      `okta:clientId: ${HOSTILE}`,
    ]);
  });

  test("in a key name, which is shown escaped", () => {
    expect(problems(`${BASE}  "label\\e[31m": x\n`)).toEqual([`label\\u001b[31m: the key name contains a control character or a bidirectional override; remove it`]);
  });

  test("a private key may hold line breaks, nothing else", () => {
    const raw = readPulumiRuntimeConfig({ [K("testUsers")]: '["a@b.example"]', [K("bookmarkUrl")]: "https://www.okta.com/", "okta:privateKey": "-----BEGIN-----\nMII\r\n-----END-----\n" }, () => true);
    expect(() => parseStackConfig({ ...raw, [K("testUsers")]: '["a@b.example"]', [K("bookmarkUrl")]: "https://www.okta.com/" }, "Pulumi.dev.yaml")).not.toThrow();
    const bad = readPulumiRuntimeConfig({ "okta:privateKey": `-----BEGIN-----\n\u001b${TOKEN}` }, () => true);
    expect(() => parseStackConfig({ ...bad, [K("testUsers")]: '["a@b.example"]', [K("bookmarkUrl")]: "https://www.okta.com/" }, "Pulumi.dev.yaml")).toThrow(`okta:privateKey: ${HOSTILE}`);
  });
});

describe("the bookmark URL must already be canonical", () => {
  test.each([
    ["surrounding spaces", '" https://www.okta.com/ "'],
    ["https: without slashes", "https:www.okta.com/"],
    ["a host without a path", "https://www.okta.com"],
    ["an upper-case host", "https://WWW.okta.com/"],
    ["a default port", "https://www.okta.com:443/"],
    ["a dot segment", "https://www.okta.com/a/../b"],
  ])("refuses %s", (_label, url) => {
    expect(problems(`  testUsers: [alice@acme.example]\n  bookmarkUrl: ${url}\n`)).toEqual([`${K("bookmarkUrl")}: ${CANONICAL}`]);
  });

  test("refuses a URL longer than 2000 characters", () => {
    expect(problems(`  testUsers: [alice@acme.example]\n  bookmarkUrl: https://www.okta.com/${"a".repeat(2000)}\n`)).toEqual([`${K("bookmarkUrl")}: expected a URL of at most 2000 characters`]);
  });

  test("declares the URL exactly as written", () => {
    expect(plan(`  testUsers: [alice@acme.example]\n  bookmarkUrl: https://intranet.acme.example/check?x=1\n`).settings.bookmarkUrl).toBe("https://intranet.acme.example/check?x=1");
  });
});

describe("provider keys hold what the provider takes", () => {
  test.each([
    ["a blank retry count", "  okta:maxRetries:\n", "okta:maxRetries: expected a whole number of retries"],
    ["a null retry count", "  okta:maxRetries: null\n", "okta:maxRetries: expected a whole number of retries"],
    ["a boolean retry count", "  okta:maxRetries: true\n", "okta:maxRetries: expected a whole number of retries"],
    ["a list as retry count", "  okta:maxRetries: [3]\n", "okta:maxRetries: expected a whole number of retries, not a list or map"],
    ["a retry count with a leading zero", '  okta:maxRetries: "03"\n', "okta:maxRetries: expected a whole number of retries"],
    ["a capacity over 100", "  okta:maxApiCapacity: 101\n", "okta:maxApiCapacity: expected a percentage of the rate limit from 1 to 100"],
    ["a blank client id", "  okta:clientId: ''\n", "okta:clientId: expected the OAuth service app's client id"],
    ["a boolean client id", "  okta:clientId: true\n", "okta:clientId: expected the OAuth service app's client id, not true or false"],
    ["a list as client id", "  okta:clientId: [0oa1]\n", "okta:clientId: expected the OAuth service app's client id, not a list or map"],
    ["a blank org name", "  okta:orgName:\n", "okta:orgName: expected the Okta org name, the first label of the org's host (acme for acme.okta.com)"],
    ["yes as a boolean", "  okta:backoff: yes\n", "okta:backoff: expected true or false"],
  ])("refuses %s", (_label, line, problem) => {
    expect(problems(`${BASE}${line}`)).toEqual([problem]);
  });

  test("accepts what the engine turns into the provider's types", () => {
    const parsed = plan(`${BASE}  okta:maxRetries: 5\n  okta:backoff: "true"\n  okta:orgName: 12345\n`);
    expect(parsed.config).toMatchObject({ "okta:maxRetries": 5, "okta:backoff": true, "okta:orgName": "12345" });
  });
});

describe("YAML tags and parser messages never show a value", () => {
  let warnings: jest.SpyInstance;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    warnings = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  });
  afterEach(() => {
    warnings.mockRestore();
    stderr.mockRestore();
  });

  function refusal(text: string): string {
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), text);
    try {
      readProjectStack(dir, "dev");
    } catch (error) {
      expect(error).toBeInstanceOf(StackFileError);
      return (error as Error).message;
    }
    throw new Error("expected the stack file to be refused");
  }

  afterEach(() => {
    expect(warnings).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  });

  test.each([
    ["!secret", `config:\n  okta:apiToken: !secret ${TOKEN}\n`, "Pulumi.dev.yaml: config.okta:apiToken: the YAML tag !secret is not supported (value not shown); remove the tag. To store a secret, run: pulumi config set --secret <key>"],
    ["a tag on a map", `config:\n  okta:apiToken: !vault {path: ${TOKEN}}\n`, "Pulumi.dev.yaml: config.okta:apiToken: the YAML tag !vault is not supported (value not shown); remove the tag. To store a secret, run: pulumi config set --secret <key>"],
    ["!!timestamp", `config:\n  expiresOn: !!timestamp 2027-01-31\n`, "Pulumi.dev.yaml: config.expiresOn: the YAML tag !!timestamp is not supported (value not shown); remove the tag. To store a secret, run: pulumi config set --secret <key>"],
    ["!!int on text", `config:\n  okta:maxRetries: !!int ${TOKEN}\n`, "Pulumi.dev.yaml: config.okta:maxRetries: cannot decode the value (not shown) as a !!int"],
  ])("%s is refused without the value", (_label, text, message) => {
    const shown = refusal(text);
    expect(shown).toBe(message);
    expect(shown).not.toContain(TOKEN);
  });

  test("a syntax error gives its position and code, not the offending text", () => {
    expect(refusal(`config:\n  - a\n  okta:apiToken: ${TOKEN}\n`)).toBe("Pulumi.dev.yaml: is not valid YAML (line 3, column 1: BAD_INDENT)");
    expect(refusal(`config:\n  okta:apiToken: "${TOKEN}\n`)).toMatch(/^Pulumi\.dev\.yaml: is not valid YAML \(line \d+, column \d+: [A-Z_]+\)$/);
  });
});
