// The component's run-time argument check, as a JavaScript caller (or the component provider) meets
// it: the stack config's rules and messages, every problem at once, nothing registered.
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import * as pulumi from "@pulumi/pulumi";
import { FactorMode, FastPassKey, ManagedDeviceCheck } from "../components";
import { FASTPASS_KEYS } from "../policies/okta";
import { captureProgram, CaptureResult } from "../tools/plan/capture";
import { mockedTenant } from "./support/mockedTenant";

const run = promisify(execFile);
const URL_EXPECTED = "expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused";

/** Declares the check under mocks with the given arguments; the error thrown, if any, and what was registered. */
async function declare(args: unknown): Promise<{ thrown?: Error; result?: CaptureResult; failed?: Error }> {
  let thrown: Error | undefined;
  try {
    const result = await captureProgram({
      stack: "dev",
      config: {},
      preview: false,
      tenant: mockedTenant(),
      program: () => {
        try {
          new ManagedDeviceCheck("check", args as never);
        } catch (error) {
          thrown = error as Error;
        }
        return {};
      },
    });
    return { thrown, result };
  } catch (error) {
    return { thrown, failed: error as Error };
  }
}

const valid = () => ({ testUsers: ["alice@acme.example"], bookmarkUrl: "https://www.okta.com/" });

describe("arguments a JavaScript caller passes", () => {
  test("every bad argument is named with what is expected, all at once, and nothing is registered", async () => {
    const { thrown, result } = await declare({
      testUsers: "alice@acme.example",
      bookmarkUrl: "http://www.okta.com/",
      factorMode: "3FA",
      fastPassKey: "fastpass",
      expiresOn: "next tuesday",
    });
    expect(pulumi.RunError.isInstance(thrown)).toBe(true);
    expect(thrown?.message).toBe(
      [
        "ManagedDeviceCheck check: invalid arguments (5 problems):",
        "  testUsers: expected a list of 1 or more test users (logins or Okta user ids)",
        `  bookmarkUrl: ${URL_EXPECTED}`,
        '  factorMode: expected "1FA" or "2FA"',
        '  fastPassKey: expected "okta_verify" or "okta_verify_fastpass" (okta_verify_fastpass in orgs with Flexible Okta Verify authenticator configuration)',
        "  expiresOn: expected a calendar date as YYYY-MM-DD, such as 2026-12-31",
      ].join("\n"),
    );
    expect(result?.resources).toEqual([]);
  });

  const cases: [string, unknown, string[]][] = [
    ["no testUsers", { bookmarkUrl: "https://www.okta.com/" }, ["testUsers: is required: expected a list of 1 or more test users (logins or Okta user ids)"]],
    ["no arguments at all", undefined, ["args: expected an object with the arguments testUsers, testGroups, bookmarkLabel, bookmarkUrl, policyName, ruleName, factorMode, fastPassKey, expiresOn"]],
    ["a bookmarkUrl that is not a URL", { ...valid(), bookmarkUrl: "not a url" }, [`bookmarkUrl: ${URL_EXPECTED}`]],
    ["the same user twice", { ...valid(), testUsers: ["alice@acme.example", "ALICE@acme.example"] }, ['testUsers[1]: duplicate test user "ALICE@acme.example" (already listed at index 0); list each user once']],
    ["a login over 100 characters", { ...valid(), testUsers: [`${"a".repeat(90)}@acme.example`] }, ["testUsers[0]: expected a login of at most 100 characters (Okta's limit)"]],
    ["a rule name that reads as the catch-all", { ...valid(), ruleName: "Catch\u2010all Rule" }, ['ruleName: must not be "Catch-all Rule": Okta reserves that name for the policy\'s system rule']],
    ["a misspelt argument", { ...valid(), bookmarkURL: "https://www.okta.com/" }, ["bookmarkURL: is not an argument (did you mean bookmarkUrl?); the arguments are testUsers, testGroups, bookmarkLabel, bookmarkUrl, policyName, ruleName, factorMode, fastPassKey, expiresOn"]],
    ["testUsers as an Output", { ...valid(), testUsers: pulumi.output(["alice@acme.example"]) }, [
      "testUsers: expected a list of 1 or more test users (logins or Okta user ids), known when the component is declared (not an Output): it declares one assignment per user",
    ]],
  ];

  test.each(cases)("refuses %s, naming the argument, before anything is registered", async (_label, args, problems) => {
    const { thrown, result } = await declare(args);
    expect(thrown?.message.split("\n").slice(1).map((line) => line.trim())).toEqual(problems);
    expect(result?.resources).toEqual([]);
  });

  test("named enums: the values the stack accepts, exported for every caller", async () => {
    expect(FactorMode).toEqual({ OneFactor: "1FA", TwoFactor: "2FA" });
    expect(Object.values(FastPassKey)).toEqual([...FASTPASS_KEYS]);
    const { result } = await declare({ ...valid(), factorMode: FactorMode.OneFactor, fastPassKey: FastPassKey.OktaVerifyFastPass });
    const rule = result?.resources.find((r) => r.type === "okta:index/appSignonPolicyRule:AppSignonPolicyRule");
    expect(rule?.inputs).toMatchObject({
      factorMode: "1FA",
      constraints: ['{"possession":{"authenticationMethods":[{"key":"okta_verify_fastpass","method":"signed_nonce"}],"required":true}}'],
    });
  });

  test("plain values are normalised as the stack's are: names trimmed", async () => {
    const { result } = await declare({ ...valid(), testUsers: [" alice@acme.example "], policyName: "  IT policy " });
    expect(result?.resources.find((r) => r.type === "okta:index/appSignonPolicy:AppSignonPolicy")?.inputs.name).toBe("IT policy");
    expect(result?.resources.filter((r) => r.type === "okta:app/user:User").map((r) => r.name)).toEqual(["check-user-alice@acme.example"]);
  });
});

describe("arguments given as Outputs", () => {
  test("a valid Output is checked once known and declared as given, secrets kept secret", async () => {
    const { result } = await declare({ ...valid(), bookmarkUrl: pulumi.output("https://intranet.acme.example/"), expiresOn: pulumi.secret("2027-01-31") });
    const bookmark = result?.resources.find((r) => r.type === "okta:app/bookmark:Bookmark");
    expect(bookmark?.inputs.url).toBe("https://intranet.acme.example/");
    const policy = result?.resources.find((r) => r.type === "okta:index/appSignonPolicy:AppSignonPolicy");
    // The engine's secret marker (sdk/nodejs/runtime/rpc.ts, specialSigKey and specialSecretSig).
    expect(policy?.inputs.description).toEqual({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: "Temporary managed-device check (okta-managed-device-check): the catch-all denies; only a registered, managed device signing in with Okta Verify FastPass is allowed. Expires 2027-01-31.",
    });
  });

  test.each([
    ["bookmarkUrl", "http://www.okta.com/", URL_EXPECTED],
    ["factorMode", "3FA", 'expected "1FA" or "2FA"'],
    ["expiresOn", "next tuesday", "expected a calendar date as YYYY-MM-DD, such as 2026-12-31"],
  ])("a bad Output for %s fails the update naming it, with the same message as a plain value", async (argument, value, expected) => {
    // The runtime's exit handler sets exit code 1 for the promises a failed program leaves behind; the outcome is on stdout.
    const stdout = await run(process.execPath, [path.join(__dirname, "consumer", "declareInChild.js"), argument, value], { cwd: path.join(__dirname, ".."), timeout: 60_000 }).then(
      (done) => done.stdout,
      (failed: { stdout: string }) => failed.stdout,
    );
    const outcome = JSON.parse(stdout.trim().split("\n").pop() as string) as { message: string };
    // Pulumi prefixes the properties the Output reached ('error serializing property "url": ...').
    expect(outcome.message).toMatch(/^(error serializing property "\w+": )+ManagedDeviceCheck check: /);
    expect(outcome.message.endsWith(`ManagedDeviceCheck check: invalid arguments (1 problem):\n  ${argument}: ${expected}`)).toBe(true);
  }, 60_000);
});
