import { devStackWith, plan, tempProject } from "./support";
import { expectNoCredential, PEM_ONE_LINE, TOKEN } from "../support/credentials";

// Every exit path of the plan with the provider's credential variables set, full of special
// characters (tests/support/credentials.ts): no part of any credential may appear in the output.

const ENV = { OKTA_API_TOKEN: TOKEN, OKTA_API_PRIVATE_KEY: PEM_ONE_LINE };
const TODAY = ["--today", "2026-06-01"];

let project: ReturnType<typeof tempProject>;
const saved = { ...process.env };
beforeAll(() => {
  project = tempProject({
    dev: devStackWith({}),
    // A token written in plain text in the stack file: refused (exit 2) without being echoed.
    plain: devStackWith({ "okta:apiToken": JSON.stringify(TOKEN) }),
  });
  // The program reads them from the process, as a Pulumi program would.
  Object.assign(process.env, ENV);
});
afterAll(() => {
  project.remove();
  process.env = saved;
});

describe.each([[], ["--json"]])("with %j", (...format: string[]) => {
  test.each<[string, number, string[]]>([
    ["clean", 0, ["--stack", "dev"]],
    ["a mandatory violation", 1, ["--stack", "dev", "--program", "tests/plan/fixtures/unsafeCatchAll.ts"]],
    ["a provider refusal", 1, ["--stack", "dev", "--program", "tests/plan/fixtures/appUserWithoutUsername.ts"]],
    ["a plaintext token in the stack file", 2, ["--stack", "plain"]],
    ["a usage error", 64, ["--stack", "dev", "--today", "tomorrow"]],
    ["a program that fails with the credentials in its message", 70, ["--stack", "dev", "--program", "tests/plan/fixtures/echoCredential.ts"]],
  ])("%s: exit %i without any credential in the output", async (name, exitCode, argv) => {
    const dirArgs = argv.includes("--program") ? [] : ["--dir", project.dir];
    const result = await plan([...argv, ...dirArgs, ...TODAY, ...format], { env: ENV });
    expect(result.code).toBe(exitCode);
    expectNoCredential(result);
    if (name.includes("credentials in its message")) expect(result.stdout).toContain("cannot sign in with [redacted] or [redacted]");
  });
});

test("a credential with a line break is refused up front, naming the variable only", async () => {
  const result = await plan(["--stack", "dev", ...TODAY], { env: { OKTA_API_TOKEN: `${TOKEN}\nsecond-line` } });
  expect(result.code).toBe(64);
  expect(result.stderr).toBe(
    "okta-managed-device-plan: OKTA_API_TOKEN contains a control character or a line break, which it cannot hold; set it again without one (its value is not shown)\nRun with --help for usage.\n",
  );
  expect(result.stdout).toBe("");
});
