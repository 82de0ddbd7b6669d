import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, parseStackConfig, SecretConfigValue } from "../components/config";
import { StackFileError, StackNameError } from "../tools/stack/errors";
import { listStacks, locateStack } from "../tools/stack/locate";
import { readProject } from "../tools/stack/project";
import { readProjectStack } from "../tools/stack/projectStack";
import { parseStackReference } from "../tools/stack/reference";
import { readPulumiRuntimeConfig } from "../components/runtimeConfig";
import { byType, only, runProgram } from "./support/program";
import { writeFiles } from "./support/projectFile";

// Stack config as the Pulumi CLI reads it before it runs the program (pulumi/pulumi:
// sdk/go/common/workspace/{paths,loaders,project}.go, pkg/workspace/config.go,
// sdk/go/common/resource/config/{key,object}.go; YAML as gopkg.in/yaml.v3 decodes it).

const K = (name: string) => `okta-managed-device-check:${name}`;
const PROJECT_YAML = "name: okta-managed-device-check\nruntime: nodejs\n";
const FIXTURES = path.join(__dirname, "fixtures", "pulumi");

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdc-pulumi-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const project = (files: Record<string, string>) => writeFiles(dir, files);

/** What the program does with the config Pulumi hands it: every value as text, secrets decrypted. */
function runtime(config: Record<string, string | SecretConfigValue>): string[] {
  const allConfig = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v instanceof SecretConfigValue ? (v.plaintext as string) : v]));
  const secret = new Set(Object.keys(config).filter((k) => config[k] instanceof SecretConfigValue));
  try {
    parseStackConfig(readPulumiRuntimeConfig(allConfig, (k) => secret.has(k)), "Pulumi.dev.yaml");
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.key}: ${p.message}`);
    throw error;
  }
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.key}: ${p.message}`);
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("where Pulumi finds stack files", () => {
  test("beside the project file, with its extension", () => {
    project({ "Pulumi.yml": PROJECT_YAML });
    expect(locateStack(dir, "dev").file).toBe(path.join(dir, "Pulumi.dev.yml"));
  });

  test("in stackConfigDir, relative to the project file", () => {
    project({ "Pulumi.yaml": `${PROJECT_YAML}stackConfigDir: stacks\n` });
    expect(locateStack(dir, "dev")).toMatchObject({ file: path.join(dir, "stacks", "Pulumi.dev.yaml"), label: path.join("stacks", "Pulumi.dev.yaml") });
  });

  test("a text config: is the old spelling of stackConfigDir; both at once are refused", () => {
    project({ "Pulumi.yaml": `${PROJECT_YAML}config: settings\n` });
    expect(readProject(dir).stackConfigDir).toBe(path.join(dir, "settings"));
    project({ "Pulumi.yaml": `${PROJECT_YAML}config: settings\nstackConfigDir: stacks\n` });
    expect(() => readProject(dir)).toThrow("Pulumi.yaml: Should not use both config and stackConfigDir to define the stack directory. Use only stackConfigDir instead.");
  });

  test("Pulumi.json is found before Pulumi.yaml, and its stacks are .json files", () => {
    project({ "Pulumi.yaml": PROJECT_YAML, "Pulumi.json": '{"name":"okta-managed-device-check","runtime":"nodejs"}', "Pulumi.dev.json": '{"config":{"okta-managed-device-check:maxThings":3}}' });
    expect(locateStack(dir, "dev").file).toBe(path.join(dir, "Pulumi.dev.json"));
    expect(readProjectStack(dir, "dev").config).toEqual({ [K("maxThings")]: "3" });
  });

  test("a stack reference names its file by the stack name alone", () => {
    project({ "Pulumi.yaml": PROJECT_YAML });
    expect(locateStack(dir, "acme/dev")).toMatchObject({ name: "dev", file: path.join(dir, "Pulumi.dev.yaml"), label: "Pulumi.dev.yaml" });
    expect(locateStack(dir, "acme/okta-managed-device-check/dev")).toMatchObject({ name: "dev", file: path.join(dir, "Pulumi.dev.yaml"), label: "Pulumi.dev.yaml" });
  });

  test.each([
    ["", "invalid stack name: a stack name may not be empty"],
    ["dev stack", "invalid stack name: a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character at position 3"],
    ["../prod", "invalid stack name: the organization and project parts may only contain alphanumeric, hyphens, underscores, or periods"],
    ["a".repeat(101), "invalid stack name: a stack name cannot exceed 100 characters"],
    ["a/b/c/d", "invalid stack name: expected <stack>, <org>/<stack> or <org>/<project>/<stack>"],
    ['acme/other-project/dev', 'provided project name "other-project" doesn\'t match Pulumi.yaml: this project is okta-managed-device-check'],
    ["dev\u001b[2J", "invalid stack name: a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character at position 3"],
  ])("refuses the stack name %j", (name, message) => {
    expect(() => parseStackReference(name, "okta-managed-device-check")).toThrow(StackNameError);
    expect(() => parseStackReference(name, "okta-managed-device-check")).toThrow(message);
  });

  test("lists only the files Pulumi would read, each stack once", () => {
    project({
      "Pulumi.yaml": `${PROJECT_YAML}stackConfigDir: stacks\n`,
      "stacks/Pulumi.dev.yaml": "config: {}\n",
      "stacks/Pulumi.dev.yml": "config: {}\n",
      "stacks/Pulumi.prod.json": "{}",
      "stacks/Pulumi.bad name.yaml": "config: {}\n",
      "stacks/Pulumi.yaml.bak": "",
      "stacks/Pulumi.team-a.yaml": "config: {}\n",
      "Pulumi.beside.yaml": "config: {}\n",
    });
    fs.mkdirSync(path.join(dir, "stacks", "Pulumi.folder.yaml"));
    expect(listStacks(dir).map((stack) => [stack.name, stack.label])).toEqual([
      ["dev", path.join("stacks", "Pulumi.dev.yaml")],
      ["team-a", path.join("stacks", "Pulumi.team-a.yaml")],
    ]);
  });

  test("a folder without a project file has no stacks", () => {
    project({ "Pulumi.dev.yaml": "config: {}\n" });
    expect(listStacks(dir)).toEqual([]);
  });

  test("a stack without a file has the project's config only, as pulumi stack init leaves it", () => {
    project({ "Pulumi.yaml": `${PROJECT_YAML}config:\n  bookmarkLabel: Check\n` });
    expect(readProjectStack(dir, "fresh").config).toEqual({ [K("bookmarkLabel")]: "Check" });
  });
});

describe("project-level config under the stack file", () => {
  test("defaults and values apply where the stack file is silent; the stack file wins", () => {
    project({
      "Pulumi.yaml": `${PROJECT_YAML}config:
  bookmarkLabel: From the project
  okta-managed-device-check:policyName:
    type: string
    default: Project policy
  okta-managed-device-check:ruleName:
    value: Project rule
  okta:baseUrl: oktapreview.com
  okta:orgName:
    value: acme
`,
      "Pulumi.dev.yaml": "config:\n  policyName: Stack policy\n  okta:orgName: acme-dev\n",
    });
    expect(readProjectStack(dir, "dev").config).toEqual({
      [K("bookmarkLabel")]: "From the project",
      [K("policyName")]: "Stack policy",
      [K("ruleName")]: "Project rule",
      "okta:baseUrl": "oktapreview.com",
      "okta:orgName": "acme-dev",
    });
  });

  test("a project key declared without a default is required", () => {
    project({ "Pulumi.yaml": `${PROJECT_YAML}config:\n  testUsers:\n    type: array\n    items:\n      type: string\n`, "Pulumi.dev.yaml": "config: {}\n" });
    expect(problemsOf(() => readProjectStack(dir, "dev"))).toEqual([`${K("testUsers")}: Stack 'dev' is missing configuration value 'testUsers' (required by Pulumi.yaml)`]);
  });

  test("typed keys are checked as Pulumi checks them: a YAML number is a string, a list is not", () => {
    project({
      "Pulumi.yaml": `${PROJECT_YAML}config:
  bookmarkLabel:
    type: string
  policyName:
    type: string
  retries:
    type: integer
  users:
    type: array
    items:
      type: string
`,
      "Pulumi.dev.yaml": "config:\n  bookmarkLabel: 42\n  policyName: [a]\n  retries: '7'\n  users: [a, 1]\n",
    });
    expect(problemsOf(() => readProjectStack(dir, "dev"))).toEqual([
      `${K("policyName")}: Stack 'dev' with configuration key 'policyName' must be of type 'string'`,
      `${K("users")}: Stack 'dev' with configuration key 'users' must be of type 'array<string>'`,
    ]);
  });

  test("secret: true requires an encrypted value; the encrypted value's type is left to the tenant", () => {
    project({ "Pulumi.yaml": `${PROJECT_YAML}config:\n  bookmarkUrl:\n    type: string\n    secret: true\n`, "Pulumi.dev.yaml": "config:\n  bookmarkUrl: https://www.okta.com/\n" });
    expect(problemsOf(() => readProjectStack(dir, "dev"))).toEqual([`${K("bookmarkUrl")}: Stack 'dev' with configuration key 'bookmarkUrl' must be encrypted as it's secret`]);
    project({ "Pulumi.dev.yaml": "config:\n  bookmarkUrl:\n    secure: v1:made-up\n" });
    expect(readProjectStack(dir, "dev").unchecked).toEqual([{ key: K("bookmarkUrl"), message: "is encrypted (secure:): its type 'string' cannot be checked without the tenant" }]);
  });

  test.each([
    ["both default and value", "  bookmarkLabel:\n    default: a\n    value: b\n", "Pulumi.yaml: config: bookmarkLabel: project config cannot have both a 'default' and 'value' attribute"],
    ["a typed default of the wrong type", "  retries:\n    type: integer\n    default: many\n", "Pulumi.yaml: config: retries: the default value is not of the expected type 'integer'"],
    ["an array without items", "  users:\n    type: array\n", "Pulumi.yaml: config: users: declares an array but does not specify the underlying type via the 'items' attribute"],
    ["a type on another namespace's key", "  okta:orgName:\n    type: string\n    value: acme\n", "Pulumi.yaml: config: okta:orgName: is not namespaced by the project and should not define a type"],
    ["a default on another namespace's key", "  okta:orgName:\n    default: acme\n", "Pulumi.yaml: config: okta:orgName: is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?"],
    ["an unknown attribute", "  bookmarkLabel:\n    defualt: a\n", "Pulumi.yaml: config: bookmarkLabel: 'defualt' not allowed; the allowed attributes are 'type', 'items', 'description', 'default', 'value', 'secret'"],
  ])("a project file with %s is refused as Pulumi refuses it", (_label, config, message) => {
    project({ "Pulumi.yaml": `${PROJECT_YAML}config:\n${config}` });
    expect(() => readProject(dir)).toThrow(StackFileError);
    expect(() => readProject(dir)).toThrow(message);
  });
});

describe("values as the program receives them", () => {
  test("YAML scalars become the text Pulumi hands the program (yaml.v3 resolution)", () => {
    project({
      "Pulumi.yaml": PROJECT_YAML,
      "Pulumi.dev.yaml": `config:
  a: 42
  b: 0x1F
  c: 0777
  d: 1_000
  e: 1.50
  f: true
  g: yes
  h: 2027-01-31
  i: "007"
  j:
  k: ~
  l: 12345678901234567890
  m: [1, two, {z: 1, a: null}]
  n: '<b>'
  o: [<b>]
  p: !!str 12
  q: !!float 3
  r: !!binary aGVsbG8=
`,
    });
    expect(readProjectStack(dir, "dev").config).toEqual({
      [K("a")]: "42",
      [K("b")]: "31",
      [K("c")]: "511",
      [K("d")]: "1000",
      [K("e")]: "1.5",
      [K("f")]: "true",
      [K("g")]: "yes",
      [K("h")]: "2027-01-31",
      [K("i")]: "007",
      [K("j")]: "",
      [K("k")]: "",
      [K("l")]: "12345678901234567890",
      [K("m")]: '[1,"two",{"a":null,"z":1}]',
      [K("n")]: "<b>",
      [K("o")]: '["\\u003cb\\u003e"]',
      [K("p")]: "12",
      [K("q")]: "3",
      [K("r")]: "hello",
    });
  });

  test("a numeric bookmark label is accepted as the text Pulumi passes", () => {
    project({ "Pulumi.yaml": PROJECT_YAML, "Pulumi.dev.yaml": "config:\n  testUsers: [alice@acme.example]\n  bookmarkUrl: https://www.okta.com/\n  bookmarkLabel: 2027\n" });
    const stack = readProjectStack(dir, "dev");
    expect(parseStackConfig(stack.config, stack.stackFile).settings.bookmarkLabel).toBe("2027");
  });

  test("merge keys and anchors work as in yaml.v3: written keys win, then earlier merge sources", () => {
    project({
      "Pulumi.yaml": PROJECT_YAML,
      "Pulumi.dev.yaml": `common: &common
  label: common
  url: https://common.example/
other: &other
  label: other
  policy: other
config:
  tags:
    label: mine
    <<: [*common, *other]
  users: &users [a@b.example]
  copy: *users
`,
    });
    expect(readProjectStack(dir, "dev").config).toEqual({
      [K("tags")]: '{"label":"mine","policy":"other","url":"https://common.example/"}',
      [K("users")]: '["a@b.example"]',
      [K("copy")]: '["a@b.example"]',
    });
  });

  test("a quoted << is an ordinary key; a merge of a non-map is refused", () => {
    project({ "Pulumi.yaml": PROJECT_YAML, "Pulumi.dev.yaml": "config:\n  tags:\n    '<<': x\n" });
    expect(readProjectStack(dir, "dev").config).toEqual({ [K("tags")]: '{"\\u003c\\u003c":"x"}' });
    project({ "Pulumi.dev.yaml": "config:\n  tags:\n    <<: [a]\n" });
    expect(() => readProjectStack(dir, "dev")).toThrow("Pulumi.dev.yaml: config.tags: map merge requires map or sequence of maps as the value");
  });

  test.each([
    ["a key written twice through the old config: form", "config:\n  okta:apiToken: a\n  okta:config:apiToken: b\n", "okta:apiToken: is written twice (as okta:apiToken and okta:config:apiToken); keep one"],
    ["a bare and a namespaced spelling of one key", "config:\n  testUsers: [a]\n  okta-managed-device-check:testUsers: [b]\n", `${K("testUsers")}: is written twice (as testUsers and ${K("testUsers")}); keep one`],
    ["a key with too many colons", "config:\n  okta:a:b: x\n", "okta:a:b: could not parse as a configuration key (configuration keys should be of the form `<namespace>:<name>`)"],
    ["a value Pulumi cannot store", "config:\n  x: .nan\n", `${K("x")}: holds .nan or .inf, which Pulumi cannot store (json: unsupported value)`],
  ])("refuses %s, naming the key", (_label, text, problem) => {
    project({ "Pulumi.yaml": PROJECT_YAML, "Pulumi.dev.yaml": text });
    expect(problemsOf(() => readProjectStack(dir, "dev"))).toEqual([problem]);
  });

  test("non-text map keys and unknown anchors are refused as Pulumi refuses them", () => {
    project({ "Pulumi.yaml": PROJECT_YAML, "Pulumi.dev.yaml": "config:\n  tags:\n    1: x\n" });
    expect(() => readProjectStack(dir, "dev")).toThrow("Pulumi.dev.yaml: config.tags: expected only string keys, found a non-text key");
    project({ "Pulumi.dev.yaml": "config:\n  tags: *nowhere\n" });
    expect(() => readProjectStack(dir, "dev")).toThrow(StackFileError);
  });

  test("a UTF-8 byte order mark is ignored, as loaders.go strips it", () => {
    project({ "Pulumi.yaml": PROJECT_YAML, "Pulumi.dev.yaml": "\ufeffconfig:\n  a: b\n" });
    expect(readProjectStack(dir, "dev").config).toEqual({ [K("a")]: "b" });
  });
});

describe("a stack file set Pulumi accepts runs the program as pulumi up would", () => {
  // tests/fixtures/pulumi: stackConfigDir, project defaults, a secret on a plain key, structured config.
  test("the merged config is what the program is handed", () => {
    const stack = readProjectStack(FIXTURES, "acme/dev");
    expect(stack.stackFile).toBe(path.join("stacks", "Pulumi.dev.yaml"));
    expect(stack.config).toEqual({
      "okta:orgName": "acme-preview",
      "okta:baseUrl": "oktapreview.com",
      [K("testUsers")]: '["alice@acme.example","00u1a2b3c4d5e6f7g8h9"]',
      [K("bookmarkUrl")]: "https://intranet.acme.example/check",
      [K("bookmarkLabel")]: "2027",
      [K("policyName")]: new SecretConfigValue(),
      [K("factorMode")]: "1FA",
      "okta:scopes": '["okta.apps.manage","okta.policies.manage"]',
      "okta:maxRetries": "5",
      "pulumi:tags": '{"purpose":"okta-managed-device-check"}',
    });
    const parsed = parseStackConfig(stack.config, stack.stackFile, { environments: stack.environments });
    expect(parsed.unchecked).toEqual([
      { key: K("policyName"), message: "is encrypted (secure:): its value cannot be checked without the tenant; the program checks the decrypted value when Pulumi runs it" },
    ]);
    expect(parsed.settings).toEqual({
      testUsers: ["alice@acme.example", "00u1a2b3c4d5e6f7g8h9"],
      bookmarkLabel: "2027",
      bookmarkUrl: "https://intranet.acme.example/check",
      policyName: "[secret]",
      ruleName: "Managed Device Allowed",
      factorMode: "1FA",
      fastPassKey: "okta_verify",
      expiresOn: undefined,
      testGroups: [],
    });
  });

  test("the program declares exactly what those settings say", async () => {
    const stack = readProjectStack(FIXTURES, "dev");
    const { resources } = await runProgram(stack.config, { stack: "dev" });
    const bookmark = only(resources, "okta:app/bookmark:Bookmark");
    expect(bookmark.inputs).toMatchObject({ label: "2027", url: "https://intranet.acme.example/check" });
    // A `secure:` setting reaches the resource as a secret (Pulumi's wire form), never as plain text.
    expect(only(resources, "okta:index/appSignonPolicy:AppSignonPolicy").inputs.name).toEqual({ [specialSigKey]: specialSecretSig, value: "[secret]" });
    expect(only(resources, "okta:index/appSignonPolicyRule:AppSignonPolicyRule").inputs).toMatchObject({ name: "Managed Device Allowed" });
    expect(byType(resources, "okta:app/user:User")).toHaveLength(2);
  });

  test("at run time the decrypted value is checked with the offline messages", () => {
    const stack = readProjectStack(FIXTURES, "dev");
    expect(runtime({ ...stack.config, [K("policyName")]: new SecretConfigValue("x".repeat(101)) })).toEqual([`${K("policyName")}: expected a policy name of at most 100 characters`]);
    expect(runtime({ ...stack.config, [K("policyName")]: new SecretConfigValue("IT policy") })).toEqual([]);
  });
});
