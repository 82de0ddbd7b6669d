import type { PlanDocument } from "../../tools/plan/json";
import { devStackWith, plan, tempProject } from "./support";

// What the policy pack cannot see, or sees only on update (#17, docs/policies.md "What no policy can
// see"), and the plan therefore catches: `import:` and `retainOnDelete`, ids swapped in an apply, and
// values only the tenant knows. Each fixture in tests/plan/fixtures changes one thing of the hand-written
// check (handWrittenCheck.ts), planned against the dev stack as `npm run plan -- --program <fixture>` plans it.

const TODAY = ["--today", "2026-06-01"];
const FIXTURES = "tests/plan/fixtures";

/** Lines of the output with trailing spaces removed, and the column padding collapsed to two spaces. */
const lines = (text: string) => text.split("\n").map((line) => line.trimEnd().replace(/ {2,}/g, "  "));

async function planFixture(fixture: string, ...extra: string[]) {
  const run = await plan(["--stack", "dev", "--program", `${FIXTURES}/${fixture}.ts`, ...TODAY, ...extra]);
  return { ...run, out: lines(run.stdout) };
}

/** The verdict lines (`  VIOLATION  <policy>  (<level>)`) that are not a pass. */
const notPassing = (out: string[]) => out.filter((line) => /^ {2}(ADVISORY|VIOLATION|UNCHECKED|disabled) /.test(line));

test("the hand-written check unchanged plans clean (exit 0): each variant below differs from it in one thing", async () => {
  const { code, out } = await planFixture("handWrittenCheckPlain");
  expect(code).toBe(0);
  expect(notPassing(out)).toEqual([]);
  expect(out).toContain("  authentication policy  (id of check-policy: known after pulumi up)");
  expect(out).toContain("  okta:app/user:User  check-user  app  (id of check-bookmark: known after pulumi up)");
  expect(out[out.length - 2]).toBe("Result: clean: every policy passes (exit 0).");
});

describe("an id swapped in an apply is refused as on update (the apply runs on the plan's stand-in ids)", () => {
  test.each([
    [
      "the bookmark's authenticationPolicy",
      "launderedBookmarkPolicy",
      "no-bookmark-on-policy-outside-stack",
      "  authentication policy  rst1default2policy34",
      'mandatory on check-bookmark: Bookmark check-bookmark is not guarded by the check\'s policy: its authenticationPolicy is computed from AppSignonPolicy check-policy but is "rst1default2policy34", not that policy\'s id "(id of AppSignonPolicy check-policy: known after pulumi up)". ' +
        'The test users would sign in through that other policy, which decides nothing about the device, so a "managed" verdict would be false. Fix: set authenticationPolicy to the id of the policy the check creates (authenticationPolicy: policy.id), unchanged.',
    ],
    [
      "the rule's policyId",
      "launderedRulePolicy",
      "no-rule-on-policy-outside-stack",
      "  policy  rst1default2policy34",
      'mandatory on check-rule: AppSignonPolicyRule check-rule adds rules to a policy this stack does not create: its policyId is computed from AppSignonPolicy check-policy but is "rst1default2policy34", not that policy\'s id "(id of AppSignonPolicy check-policy: known after pulumi up)". ' +
        "Editing an existing tenant policy changes sign-in for every app that uses it, possibly production apps, and pulumi destroy does not restore it. Fix: set policyId to the id of the policy the check creates (policyId: policy.id), unchanged.",
    ],
    [
      "the assignment's appId",
      "launderedAssignmentApp",
      "no-bookmark-assignment-beyond-test-users",
      "  okta:app/user:User  check-user  app  0oa1production2app34",
      'mandatory on check-user: User check-user assigns an app this stack does not create: its appId is computed from Bookmark check-bookmark but is "0oa1production2app34", not that bookmark\'s id "(id of Bookmark check-bookmark: known after pulumi up)". ' +
        "Assigning users or groups to an existing app changes who can reach it, and the check has no reason to touch other apps. Fix: assign only the check's bookmark (appId: bookmark.id), unchanged.",
    ],
  ])("%s: exit 1, %s violates %s, the table shows the swapped id", async (_what, fixture, policy, row, finding) => {
    const { code, out, stderr } = await planFixture(fixture);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(out).toContain(row);
    expect(notPassing(out)).toEqual([`  VIOLATION  ${policy}  (mandatory)`]);
    expect(out[out.indexOf(`  VIOLATION  ${policy}  (mandatory)`) + 1]).toBe(`  ${finding}`);
    expect(out[out.length - 2]).toBe(`Result: mandatory policy violation (${policy}) (exit 1).`);
  });
});

describe("import: and retainOnDelete, which the pack cannot see, are refused (exit 1, no resource table)", () => {
  const IMPORT_POLICY =
    'Pulumi.dev.yaml: check-policy (okta:index/appSignonPolicy:AppSignonPolicy): import: "rst1production2pol34" adopts an object that already exists in the tenant instead of creating one, ' +
    "and pulumi destroy --stack dev would then delete that object (possibly a production policy or app). Fix: remove the import option and let the check create its own; never adopt a production object.";
  const RESULT = "Result: resource options the policy pack cannot see would make pulumi destroy unsafe (exit 1).";

  test("import: of an existing policy", async () => {
    const { code, out } = await planFixture("importedPolicy");
    expect(code).toBe(1);
    expect(out.slice(2, 4)).toEqual([IMPORT_POLICY, ""]);
    expect(out).toContain("No resources planned.");
    expect(out).not.toContain("  TYPE  NAME  PROPERTY  VALUE");
    expect(out).toContain("  1. Fix the program (tests/plan/fixtures/importedPolicy.ts): import is an option the policy pack cannot see, so pulumi up --policy-pack policies would not stop it.");
    expect(out[out.length - 2]).toBe(RESULT);
  });

  test("retainOnDelete on the check's policy", async () => {
    const { code, out } = await planFixture("retainedPolicy");
    expect(code).toBe(1);
    expect(out[2]).toBe(
      "Pulumi.dev.yaml: check-policy (okta:index/appSignonPolicy:AppSignonPolicy): retainOnDelete: true leaves it in the tenant when pulumi destroy --stack dev runs, and the check must be fully removable. Fix: remove the retainOnDelete option.",
    );
    expect(out[out.length - 2]).toBe(RESULT);
  });

  test("import: and retainOnDelete on the bookmark: each is named, in JSON too", async () => {
    const { code, stdout } = await planFixture("importedBookmark", "--json");
    expect(code).toBe(1);
    const [dev] = (JSON.parse(stdout) as PlanDocument).stacks;
    expect(dev).toMatchObject({ status: "unsafe-option", exitCode: 1 });
    expect(dev.resources).toBeUndefined();
    expect(dev.error?.split("\n")).toEqual([
      'Pulumi.dev.yaml: check-bookmark (okta:app/bookmark:Bookmark): import: "0oa1production2app34" adopts an object that already exists in the tenant instead of creating one, ' +
        "and pulumi destroy --stack dev would then delete that object (possibly a production policy or app). Fix: remove the import option and let the check create its own; never adopt a production object.",
      "Pulumi.dev.yaml: check-bookmark (okta:app/bookmark:Bookmark): retainOnDelete: true leaves it in the tenant when pulumi destroy --stack dev runs, and the check must be fully removable. Fix: remove the retainOnDelete option.",
    ]);
  });

  test("the check's resources on an explicit provider for another org: the pack's no-check-on-other-org refuses it (exit 1)", async () => {
    const { code, out } = await planFixture("otherOrgProvider");
    expect(code).toBe(1);
    expect(notPassing(out)).toEqual(["  VIOLATION  no-check-on-other-org  (mandatory)"]);
    expect(out[out.indexOf("  VIOLATION  no-check-on-other-org  (mandatory)") + 1]).toBe(
      "  mandatory on production-org: The stack declares the Okta provider production-org for org acme.okta.com, not the stack's acme-preview.oktapreview.com. " +
        "npm run verify reads the org from the stack's okta:orgName and okta:baseUrl, so a check created through another provider lives where nobody verifies it, possibly in a production org. " +
        "Fix: drop the provider option and set okta:orgName and okta:baseUrl in the stack config for the org the check belongs to.",
    );
    expect(out[out.length - 2]).toBe("Result: mandatory policy violation (no-check-on-other-org) (exit 1).");
  });
});

describe("a rule computed from values the plan does or does not know", () => {
  test("from the check's own policy id: the apply runs, and deviceIsManaged: false is a violation (exit 1)", async () => {
    const { code, out } = await planFixture("ruleFromPolicyId");
    expect(code).toBe(1);
    expect(out).toContain("  device conditions  registered, deviceIsManaged false");
    expect(notPassing(out)).toEqual(["  VIOLATION  no-allow-rule-without-managed-device  (mandatory)"]);
    expect(out[out.length - 2]).toBe("Result: mandatory policy violation (no-allow-rule-without-managed-device) (exit 1).");
  });

  test("from a user looked up in the tenant: cannot check offline, never clean, never a violation (exit 0)", async () => {
    const { code, out } = await planFixture("ruleFromLookup");
    expect(code).toBe(0);
    expect(out).toContain("  access  (known after pulumi up)");
    const policies = ["no-allow-rule-without-managed-device", "no-allow-rule-without-fastpass", "no-allow-rule-without-reauthentication", "no-narrowed-allow-rule"];
    expect(notPassing(out)).toEqual(policies.map((policy) => `  UNCHECKED  ${policy}  (mandatory)`));
    expect(out[out.indexOf("  UNCHECKED  no-allow-rule-without-managed-device  (mandatory)") + 1]).toBe(
      "  advisory on check-rule: can't run policy 'no-allow-rule-without-managed-device' from policy pack 'okta-managed-device-check@v0.1.0' during preview: string value at .access can't be known during preview",
    );
    expect(out[out.length - 2]).toBe(`Result: cannot check offline: policies ${policies.join(", ")} on check-rule (exit 0).`);
  });

  test("in JSON: status unchecked, each such policy's verdict unchecked, its findings undetermined", async () => {
    const { code, stdout } = await planFixture("ruleFromLookup", "--json");
    expect(code).toBe(0);
    const [dev] = (JSON.parse(stdout) as PlanDocument).stacks;
    expect(dev).toMatchObject({ status: "unchecked", exitCode: 0 });
    expect(dev.policies?.filter((p) => p.verdict !== "pass").map((p) => [p.policyName, p.verdict, p.findings.map((f) => f.undetermined)])).toEqual([
      ["no-allow-rule-without-managed-device", "unchecked", [true]],
      ["no-allow-rule-without-fastpass", "unchecked", [true]],
      ["no-allow-rule-without-reauthentication", "unchecked", [true]],
      ["no-narrowed-allow-rule", "unchecked", [true]],
    ]);
  });
});

describe("secrets and ESC values read the same way: cannot check offline, never a violation", () => {
  test.each([
    ["a secure: bookmark URL", { "okta-managed-device-check:bookmarkUrl": "\n    secure: v1:bm90LWEtcmVhbC1jaXBoZXJ0ZXh0" }, ""],
    ["a bookmark URL left to the ESC environment", { "okta-managed-device-check:bookmarkUrl": null }, "environment:\n  - acme/okta\n"],
  ])("%s: exit 0, the URL policy UNCHECKED, the keys named on the Result line", async (_what, replace, prefix) => {
    const project = tempProject({ sec: `${prefix}${devStackWith(replace)}` });
    try {
      const { code, stdout } = await plan(["--stack", "sec", "--dir", project.dir, ...TODAY]);
      expect(code).toBe(0);
      const out = lines(stdout);
      expect(notPassing(out)).toEqual(["  UNCHECKED  no-insecure-bookmark-url  (mandatory)"]);
      const keys = prefix ? "okta-managed-device-check:bookmarkUrl, okta:privateKey, okta:apiToken, okta:accessToken" : "okta-managed-device-check:bookmarkUrl";
      expect(out[out.length - 2]).toBe(`Result: cannot check offline: config ${keys}; policy no-insecure-bookmark-url on managed-device-check-bookmark (exit 0).`);
    } finally {
      project.remove();
    }
  });
});
