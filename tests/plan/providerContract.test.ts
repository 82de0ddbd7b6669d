import "../support/sharedSdk";
import * as path from "path";
import * as okta from "@pulumi/okta";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { captureProgram, ProviderRefusal, type CaptureOptions } from "../../tools/plan/capture";
import { OFFLINE_TENANT } from "../../tools/plan/offlineTenant";
import { directoryOf, getUser, providerRefusals } from "../../tools/plan/providerContract";
import { goJsonUnmarshalError } from "../../tools/plan/goJson";
import { mockedTenant } from "../support/mockedTenant";
import { fastPassConstraint } from "../../policies/okta";
import { CHECK_RULE_INPUTS } from "../support/checkRule";

const BOOKMARK = "okta:app/bookmark:Bookmark";
const APP_USER = "okta:app/user:User";
const POLICY = "okta:index/appSignonPolicy:AppSignonPolicy";
const RULE = "okta:index/appSignonPolicyRule:AppSignonPolicyRule";

const VALID: Record<string, Record<string, unknown>> = {
  [BOOKMARK]: { label: "Managed Device Check", url: "https://www.okta.com/", authenticationPolicy: "rst1" },
  [APP_USER]: { appId: "0oa1", userId: "00u1", username: "alice@acme.example" },
  [POLICY]: { name: "Require Managed Device", description: "temporary", catchAll: false },
  [RULE]: { policyId: "rst1", ...CHECK_RULE_INPUTS },
};
const BOOKMARK_APP = { app: VALID[BOOKMARK] };

const sdkRequired = (attribute: string) => `Missing required argument: The argument "${attribute}" is required, but no definition was found.`;

describe("providerRefusals: each rule fires on an input that breaks it, with the provider's message", () => {
  test.each<[string, string, Record<string, unknown>, string[]]>([
    ["bookmark without label", BOOKMARK, { label: undefined }, [sdkRequired("label")]],
    ["bookmark without url", BOOKMARK, { url: undefined }, [sdkRequired("url")]],
    [
      "bookmark with skipAuthenticationPolicy and authenticationPolicy",
      BOOKMARK,
      { skipAuthenticationPolicy: false },
      ['Conflicting configuration arguments: "skip_authentication_policy": conflicts with authentication_policy'],
    ],
    ["app user without appId", APP_USER, { appId: undefined }, [sdkRequired("app_id")]],
    ["app user without userId", APP_USER, { userId: undefined }, [sdkRequired("user_id")]],
    [
      "app user of a bookmark without username",
      APP_USER,
      { username: undefined },
      ["'username' is required (the only exception is when the assigned app has 'SHARED_USERNAME_AND_PASSWORD' credentials scheme)"],
    ],
    [
      "app user of a bookmark with an empty username",
      APP_USER,
      { username: "" },
      ["'username' is required (the only exception is when the assigned app has 'SHARED_USERNAME_AND_PASSWORD' credentials scheme)"],
    ],
    [
      "policy without description",
      POLICY,
      { description: undefined },
      [
        "Missing Configuration for Required Attribute: Must set a configuration value for the description attribute as the provider has marked it as required.\n\n" +
          "Refer to the provider documentation or contact the provider developers for additional information about configurable attributes that are required.",
      ],
    ],
    ["rule without policyId", RULE, { policyId: undefined }, [sdkRequired("policy_id")]],
    [
      "rule with deviceIsRegistered false",
      RULE,
      { deviceIsRegistered: false, deviceIsManaged: undefined },
      ["'device_is_registered' can either be set to 'true' or should not be present in the configuration"],
    ],
    [
      "rule with deviceIsManaged but no deviceIsRegistered",
      RULE,
      { deviceIsRegistered: undefined, deviceIsManaged: false },
      ['Missing required argument: "device_is_managed": all of `device_is_managed,device_is_registered` must be specified'],
    ],
    ["rule with an empty constraint", RULE, { constraints: [""] }, ['expected "constraints[0]" JSON to not be empty, got ']],
    [
      "rule with an invalid second constraint",
      RULE,
      { constraints: [fastPassConstraint("okta_verify"), '{"possession":'] },
      [`"constraints[1]" contains an invalid JSON: unexpected end of JSON input`],
    ],
    ["rule with an invalid chain", RULE, { chains: ["{'a': 1}"] }, [`"chains[0]" contains an invalid JSON: invalid character '\\'' looking for beginning of object key string`]],
    [
      "rule with networkIncludes and networkExcludes",
      RULE,
      { networkIncludes: ["nzo1"], networkExcludes: ["nzo2"] },
      [
        'Conflicting configuration arguments: "network_includes": conflicts with network_excludes',
        'Conflicting configuration arguments: "network_excludes": conflicts with network_includes',
      ],
    ],
    [
      "rule with reAuthenticationFrequency and a chain's reauthenticateIn",
      RULE,
      { chains: ['{"reauthenticateIn":"PT0S"}'] },
      ["CANNOT set re_authentication_frequency AND reauthenticateIn in one or more entries in chains at the same time"],
    ],
  ])("%s", (_, type, change, expected) => {
    expect(providerRefusals(type, { ...VALID[type], ...change }, BOOKMARK_APP)).toEqual(expected);
  });

  test("a shared-credentials app refuses a username and accepts none", () => {
    const app = { app: { credentialsScheme: "SHARED_USERNAME_AND_PASSWORD" } };
    expect(providerRefusals(APP_USER, VALID[APP_USER], app)).toEqual([
      "'username' should not be set if it is assigned to the app with 'SHARED_USERNAME_AND_PASSWORD' credentials scheme",
    ]);
    expect(providerRefusals(APP_USER, { ...VALID[APP_USER], username: undefined }, app)).toEqual([]);
  });
});

describe("goJsonUnmarshalError: Go's encoding/json words, whatever the Node version", () => {
  const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 12)}... (${text.length} characters)` : JSON.stringify(text));
  const refused: [string, string][] = [
    // golang/go src/encoding/json/decode_test.go, unmarshalTests "syntax errors" and "raw value errors"
    ['{"X": "foo", "Y"}', "invalid character '}' after object key"],
    ["[1, 2, 3+]", "invalid character '+' after array element"],
    ['{"X":12x}', "invalid character 'x' after object key:value pair"],
    ["\x01 42", "invalid character '\\x01' looking for beginning of value"],
    [" 42 \x01", "invalid character '\\x01' after top-level value"],
    // golang/go src/encoding/json/scanner_test.go, TestIndentErrors
    ['{"X": "foo" "Y": "bar"}', "invalid character '\"' after object key:value pair"],
    // scanner.go: eof, quoteChar's special case for ', the literal states, the escape states
    ['{"possession":', "unexpected end of JSON input"],
    ["   ", "unexpected end of JSON input"],
    ["{'a': 1}", "invalid character '\\'' looking for beginning of object key string"],
    ["this is not JSON", "invalid character 'h' in literal true (expecting 'r')"],
    ["tr", "invalid character ' ' in literal true (expecting 'u')"],
    ['{"a": nul}', "invalid character '}' in literal null (expecting 'l')"],
    ['["\\x"]', "invalid character 'x' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ["[-]", "invalid character ']' in numeric literal"],
    ["[1.]", "invalid character ']' after decimal point in numeric literal"],
    ["1e+", "invalid character ' ' in exponent of numeric literal"],
    ["01", "invalid character '1' after top-level value"],
    ['{"a":"\t"}', "invalid character '\\t' in string literal"],
    ["{é}", "invalid character 'Ã' looking for beginning of object key string"],
    ["[\u00a0]", "invalid character 'Â' looking for beginning of value"],
    ["[\x7f]", "invalid character '\\x7f' looking for beginning of value"],
    ["[".repeat(10001), "invalid character '[' exceeded max depth"],
    // decode.go, convertNumber: strconv.ParseFloat's ErrRange (decode_test.go numberTests, "1e1000")
    ['{"a":[1, 1e1000, -1e999]}', "json: cannot unmarshal number 1e1000 into Go value of type float64"],
  ];
  test.each(refused.map(([text, expected]) => [shown(text), expected, text]))("%s: %s", (_, expected, text) => {
    expect(goJsonUnmarshalError(text)).toBe(expected);
  });

  test.each(
    [fastPassConstraint("okta_verify"), " {} ", "[]", "0", "-0.5E-3", "1e308", '"\\u00e9 \\n"', '{"a":[true,false,null,{"b":{}}]}', "[".repeat(10000) + "]".repeat(10000)].map((text) => [shown(text), text] as const),
  )("accepts %s", (_, text) => {
    expect(goJsonUnmarshalError(text)).toBeUndefined();
  });
});

describe("providerRefusals: valid and unknown inputs pass", () => {
  test.each(Object.keys(VALID))("the component's inputs for %s", (type) => {
    expect(providerRefusals(type, VALID[type], BOOKMARK_APP)).toEqual([]);
  });

  test("unknown values count as present and are never a violation", () => {
    expect(providerRefusals(BOOKMARK, { label: unknownValue, url: unknownValue, authenticationPolicy: unknownValue, skipAuthenticationPolicy: true })).toEqual([]);
    expect(providerRefusals(APP_USER, { appId: unknownValue, userId: unknownValue, username: unknownValue }, BOOKMARK_APP)).toEqual([]);
    expect(providerRefusals(POLICY, { description: unknownValue })).toEqual([]);
    expect(providerRefusals(RULE, { policyId: unknownValue, deviceIsRegistered: unknownValue, deviceIsManaged: true, constraints: [unknownValue] })).toEqual([]);
  });

  test("an assignment to an app the program does not declare is not judged on username", () => {
    expect(providerRefusals(APP_USER, { appId: "0oaExisting", userId: "00u1" })).toEqual([]);
  });
});

describe("getUser: the data source okta_user against a tenant directory", () => {
  const directory = directoryOf([
    { id: "00uAlice", login: "Alice@Acme.example", status: "ACTIVE" },
    { id: "00uGone", login: "gone@acme.example", status: "DEPROVISIONED" },
  ]);
  const byLogin = (value: string) => ({ searches: [{ name: "profile.login", value }], skipGroups: true, skipRoles: true });

  test("by id: the user, or the SDK's 404 text", () => {
    expect(getUser({ userId: "00uAlice" }, directory)).toEqual({ user: { id: "00uAlice", login: "Alice@Acme.example", status: "ACTIVE" } });
    expect(getUser({ userId: "00uNobody" }, directory)).toEqual({ error: "failed to get user: the API returned an error: Not found: Resource not found: 00uNobody (User)" });
  });

  test("by login: case-insensitive, deprovisioned users included, none found fails naming the search", () => {
    expect(getUser(byLogin("alice@acme.example"), directory)).toEqual({ user: { id: "00uAlice", login: "Alice@Acme.example", status: "ACTIVE" } });
    expect(getUser(byLogin("gone@acme.example"), directory)).toEqual({ user: { id: "00uGone", login: "gone@acme.example", status: "DEPROVISIONED" } });
    expect(getUser(byLogin("bob@acme.example"), directory)).toEqual({ error: 'no users found using search criteria: profile.login eq "bob@acme.example"' });
  });

  test("unknown inputs, or a search it cannot evaluate, give an unknown answer", () => {
    expect(getUser({ userId: unknownValue }, directory)).toEqual({ unknown: true });
    expect(getUser(byLogin(unknownValue as unknown as string), directory)).toEqual({ unknown: true });
    expect(getUser({ searches: [{ name: "profile.email", value: "a@b" }] }, directory)).toEqual({ unknown: true });
  });
});

describe("captureProgram: the mocks enforce the contract", () => {
  const options = (program: () => unknown, extra: Partial<CaptureOptions> = {}): CaptureOptions => ({ stack: "dev", config: {}, preview: true, tenant: mockedTenant(), program, ...extra });
  const refusalOf = (capture: Promise<unknown>) =>
    capture.then(
      () => undefined,
      (error: unknown) => (error instanceof ProviderRefusal ? error.refusals : error),
    );
  const lookUp = (login: string) => () => ({ status: okta.user.getUserOutput({ searches: [{ name: "profile.login", value: login }], skipGroups: true, skipRoles: true }).status });

  test("an app user without username on a bookmark, in an offline plan (ids unknown)", async () => {
    const fixture = path.join(__dirname, "fixtures", "appUserWithoutUsername.ts");
    const program = () => jest.isolateModules(() => require(fixture));
    expect(await refusalOf(captureProgram(options(program, { tenant: OFFLINE_TENANT })))).toEqual([
      {
        type: "okta:app/user:User",
        name: "bare-assignment",
        message: "'username' is required (the only exception is when the assigned app has 'SHARED_USERNAME_AND_PASSWORD' credentials scheme)",
      },
    ]);
  });

  test("getUser answers from the test's directory, DEPROVISIONED users included", async () => {
    const directory = directoryOf([{ id: "00uGone", login: "gone@acme.example", status: "DEPROVISIONED" }]);
    const result = await captureProgram(options(lookUp("Gone@acme.example"), { tenant: mockedTenant(directory) }));
    expect(result.outputs).toEqual({ status: "DEPROVISIONED" });
  });

  test("the default directory: every login is an ACTIVE user; an unknown tenant answers unknown", async () => {
    expect((await captureProgram(options(lookUp("alice@acme.example")))).outputs).toEqual({ status: "ACTIVE" });
    expect((await captureProgram(options(lookUp("alice@acme.example"), { tenant: OFFLINE_TENANT }))).outputs).toEqual({ status: unknownValue });
  });
});
