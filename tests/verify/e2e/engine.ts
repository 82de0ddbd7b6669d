import { oktaError } from "../fakeOkta";
import { lines } from "../harness";
import { ALICE, device, IDS } from "../tenantFixtures";
import { useFakeTenant } from "./session";

const ALICE_MAC = device("guo1alicemac0000d7x1", "Alice's MacBook Pro", "MACOS", [{ user: ALICE, managementStatus: "MANAGED" }]);

const CLASSIC_LINES = [
  "Preflight of the org:",
  "  FIX  Identity Engine: the org runs Okta Classic Engine",
  "       fix: app authentication policies and FastPass device checks need an Identity Engine org; run the check in one (or upgrade this org to Identity Engine)",
  "",
  "Result: NOT READY: fix what is listed for each user, then run the preflight again (exit 5)",
  "",
];
const ENGINE_READ = "GET /.well-known/okta-organization";
const FIND_CHECK_READS = ["GET /api/v1/apps", "GET /api/v1/policies", `GET /api/v1/policies/${IDS.policy}/rules`, `GET /api/v1/apps/${IDS.bookmark}/users`];

/** The org's engine (`GET /.well-known/okta-organization`): first with --preflight; otherwise only when a run reaches no verdict for someone. */
export function engineSuites(): void {
  const session = useFakeTenant();
  const sent = () => session.fake.requests.map((request) => `${request.method} ${request.path}`);

  test("--preflight names a Classic Engine org first with its fix, whatever would fail after it: exit 5, no stack trace", async () => {
    session.fake.tenant.pipeline = "v1";
    session.fake.faults.push({ path: "/api/v1/policies", status: 400, times: 5, body: oktaError("E0000001", "Api validation failed: type") });
    const { exitCode, stdout, stderr } = await session.verify("--stack", "dev", "--preflight");
    expect([exitCode, stderr]).toEqual([5, ""]);
    expect(lines(stdout).slice(1)).toEqual(CLASSIC_LINES);
    expect(sent()).toEqual([ENGINE_READ]);
  });

  test("without --preflight a Classic Engine org is named with its fix, exit 5 as in the preflight, once no sign-in has an evaluation: the engine read last", async () => {
    session.fake.tenant.pipeline = "v1";
    const { exitCode, stdout, stderr } = await session.verify("--stack", "dev");
    expect([exitCode, stderr]).toEqual([5, ""]);
    expect(lines(stdout).slice(1)).toEqual(CLASSIC_LINES);
    expect(sent()).toEqual([...FIND_CHECK_READS, "GET /api/v1/logs", ENGINE_READ]);
  });

  test("without --preflight a Classic Engine org where the check is not found is named with its fix (exit 5), not as drift, and no System Log is read", async () => {
    session.fake.tenant.pipeline = "v1";
    session.fake.tenant.policies = [];
    const { exitCode, stdout, stderr } = await session.verify("--stack", "dev");
    expect([exitCode, stderr]).toEqual([5, ""]);
    expect(lines(stdout).slice(1)).toEqual(CLASSIC_LINES);
    expect(sent()).toEqual(["GET /api/v1/apps", "GET /api/v1/policies", `GET /api/v1/apps/${IDS.bookmark}/users`, ENGINE_READ]);
  });

  test.each([["--preflight"], ["--since", "2h"]])("--json on a Classic Engine org says what was read and what was not (%p)", async (...flags: string[]) => {
    session.fake.tenant.pipeline = "v1";
    const { exitCode, stdout } = await session.verify("--stack", "dev", "--json", ...flags);
    expect(exitCode).toBe(5);
    const report = JSON.parse(stdout);
    expect(report).not.toHaveProperty("window");
    expect(report).not.toHaveProperty("check");
    expect(report.unread).toEqual([
      "the check (bookmark, authentication policy, rules): a Classic Engine org has no app authentication policies",
      "the System Log (no sign-in can be evaluated by the check's policy)",
      "the test users and their devices",
    ]);
    expect(report.preflight.org).toEqual([expect.objectContaining({ criterion: "Identity Engine", ok: false, detail: "the org runs Okta Classic Engine" })]);
    expect([report.result, report.exitCode]).toEqual(["not_ready", 5]);
  });

  test.each<[string, "ALLOW" | "DENY", number]>([
    ["MANAGED", "ALLOW", 0],
    ["denied", "DENY", 1],
  ])("without --preflight a run where every test user is %s reads no engine: a rule of the check decided, so the org runs Identity Engine", async (_verdict, result, code) => {
    session.fake.tenant.devices.push(ALICE_MAC);
    session.signIns({ user: ALICE, published: "2025-06-15T10:00:00.000Z", result });
    const { exitCode, stderr } = await session.verify("--stack", "dev", "--user", ALICE.login);
    expect([exitCode, stderr]).toEqual([code, ""]);
    expect(sent()).not.toContain(ENGINE_READ);
    expect(sent().slice(0, FIND_CHECK_READS.length + 1)).toEqual([...FIND_CHECK_READS, "GET /api/v1/logs"]);
  });

  test("without --preflight a failed engine read leaves the run's result as it was: no evaluation yet (exit 2)", async () => {
    session.fake.faults.push({ path: "/.well-known/okta-organization", status: 500, body: oktaError("E0000009", "Internal Server Error") });
    const { exitCode, stdout, stderr } = await session.verify("--stack", "dev", "--user", ALICE.login);
    expect([exitCode, stderr]).toEqual([2, ""]);
    expect(lines(stdout)).toContain("Result: INCOMPLETE: at least one test user has no evaluation yet (exit 2)");
    expect(lines(stdout)).not.toContain("Preflight of the org:");
    expect(sent()).toEqual([...FIND_CHECK_READS, "GET /api/v1/logs", ENGINE_READ]);
  });
}
