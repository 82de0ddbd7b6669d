import { FakeOkta, FakeOktaOptions } from "../verify/fakeOkta";
import { API_TOKEN, fixedClock, makeProject, removeProjects, stackYaml, virtualClock } from "../verify/harness";
import { healthyTenant } from "../verify/tenantFixtures";
import { PEM, PUBLIC_KEY } from "../support/credentials";
import { ALICE, BOB, CAROL, ERIN, fleetDevice, fleetUsers, HANK, largeFleet, mixedFleet, runDevices } from "./fleetFixtures";

// `npm run devices` end to end, in-process, against the loopback tenant through @okta/okta-sdk-nodejs.

beforeAll(() => void require("@okta/okta-sdk-nodejs"), 30_000);
afterAll(removeProjects);

let fake: FakeOkta;
let projectDir: string;
const env = () => ({ OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: API_TOKEN });
const devices = (...argv: string[]) => runDevices(argv, env(), { projectDir, clock: fixedClock() });
const restart = async (fleet: Array<Record<string, unknown>>, options: FakeOktaOptions = {}) => {
  await fake.stop();
  fake = await FakeOkta.start({ ...healthyTenant(), devices: fleet }, { apiToken: API_TOKEN, ...options });
};

beforeAll(() => {
  projectDir = makeProject({ dev: stackYaml() });
});
beforeEach(async () => {
  fake = await FakeOkta.start({ ...healthyTenant(), devices: mixedFleet() }, { apiToken: API_TOKEN });
});
afterEach(() => fake.stop());

describe("a mixed fleet", () => {
  test("text: counts per platform and state, the registered devices not managed with their users, exit 1", async () => {
    const result = await devices("--stack", "dev");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("devices: 12 devices read (1 page)\n");
    expect(result.stdout).toBe(
      [
        `Devices of ${fake.url} (stack dev): 12 devices read in 1 page`,
        "",
        "  Platform  Managed  Registered, not managed  Not registered  Users deactivated or suspended  No user  Devices",
        "  ANDROID         1                        0               1                               0        0        2",
        "  IOS             0                        1               0                               1        1        3",
        "  MACOS           1                        1               1                               1        0        4",
        "  WINDOWS         1                        1               0                               0        1        3",
        "  All             3                        3               2                               2        2       12",
        "  Set apart, outside the result: users deactivated or suspended (every user of the device), and no user linked to the device.",
        "",
        "Registered but not managed (3 devices):",
        `  - bob@acme.example: "Bob's MacBook Air" (MACOS, Mac14,2, guo1macbob000000d7x1), last updated 2025-06-14T08:30:00.000Z`,
        `  - bob@acme.example: "Shared iPad" (IOS, iPad13,18, guo1ipadshared00d7x1), last updated 2025-06-15T10:00:00.000Z`,
        `  - erin@acme.example: "ERIN-LAPTOP" (WINDOWS, Latitude 7440, guo1winerin0000d7x1a), last updated 2025-06-13T16:05:00.000Z`,
        "",
        "Their users (2), as a stack's test users (Pulumi.dev.yaml):",
        "  okta-managed-device-check:testUsers:",
        "    - bob@acme.example",
        "    - erin@acme.example",
        "As the members of an Okta group (user ids, for okta.group.Memberships or PUT /api/v1/groups/{groupId}/users/{userId}):",
        `  - ${BOB.id}`,
        `  - ${ERIN.id}`,
        "",
        "Next: each of these users signs in once with Okta FastPass on the device (the check's bookmark asks for it); then run devices again.",
        "",
        "Result: NOT MANAGED: 3 registered devices not managed yet (exit 1)",
        "",
      ].join("\n"),
    );
    // One page at the spec's largest page size, users embedded.
    expect(fake.requestsTo("/api/v1/devices").map((request) => request.query)).toEqual([{ expand: "user", limit: "200" }]);
  });

  test("--json: one document with the same facts and nothing on stderr", async () => {
    const result = await devices("--stack", "dev", "--json");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout);
    expect(report).toEqual({
      stack: "dev",
      orgUrl: fake.url,
      platform: null,
      complete: true,
      pages: 1,
      devices: 12,
      platforms: [
        { platform: "ANDROID", devices: 2, managed: 1, not_managed: 0, not_registered: 1, inactive_users: 0, without_user: 0 },
        { platform: "IOS", devices: 3, managed: 0, not_managed: 1, not_registered: 0, inactive_users: 1, without_user: 1 },
        { platform: "MACOS", devices: 4, managed: 1, not_managed: 1, not_registered: 1, inactive_users: 1, without_user: 0 },
        { platform: "WINDOWS", devices: 3, managed: 1, not_managed: 1, not_registered: 0, inactive_users: 0, without_user: 1 },
      ],
      total: { managed: 3, not_managed: 3, not_registered: 2, inactive_users: 2, without_user: 2 },
      notManaged: [
        { id: "guo1macbob000000d7x1", name: "Bob's MacBook Air", platform: "MACOS", model: "Mac14,2", status: "ACTIVE", lastUpdated: "2025-06-14T08:30:00.000Z", users: [{ id: BOB.id, login: BOB.login, status: "ACTIVE" }] },
        { id: "guo1ipadshared00d7x1", name: "Shared iPad", platform: "IOS", model: "iPad13,18", status: "ACTIVE", lastUpdated: "2025-06-15T10:00:00.000Z", users: [{ id: BOB.id, login: BOB.login, status: "ACTIVE" }] },
        { id: "guo1winerin0000d7x1a", name: "ERIN-LAPTOP", platform: "WINDOWS", model: "Latitude 7440", status: "ACTIVE", lastUpdated: "2025-06-13T16:05:00.000Z", users: [{ id: ERIN.id, login: ERIN.login, status: "ACTIVE" }] },
      ],
      users: [
        { id: BOB.id, login: BOB.login, status: "ACTIVE" },
        { id: ERIN.id, login: ERIN.login, status: "ACTIVE" },
      ],
      result: "not_managed",
      exitCode: 1,
    });
  });

  test("--csv: RFC 4180 quoting and CRLF record ends, one row per user of each device not managed, formulas defused", async () => {
    await restart([
      fleetDevice("guo1csvquote0000d7x1", 'Bob\'s "work" Mac, 2nd', "MACOS", '=HYPERLINK("https://evil.example","x")', [{ user: BOB, managementStatus: "NOT_MANAGED" }]),
      fleetDevice("guo1csvlines0000d7x1", "line one\nline two", "WINDOWS", "+cmd|' /C calc'!A0", [
        { user: ERIN, managementStatus: "NOT_MANAGED" },
        { user: ALICE, managementStatus: "NOT_MANAGED" },
      ]),
      fleetDevice("guo1csvreturn000d7x1", "return\r\nhere", "ANDROID", "\r=1+1", [{ user: CAROL, managementStatus: "NOT_MANAGED" }]),
      fleetDevice("guo1csvmanaged00d7x1", "@SUM(A1)", "MACOS", "-2+3", [{ user: HANK, managementStatus: "MANAGED" }]),
    ]);
    const result = await devices("--stack", "dev", "--csv");
    expect(result.exitCode).toBe(1);
    // Every record ends in CRLF (RFC 4180, section 2.1); the only other carriage returns a value held are shown as \u000d.
    expect(Buffer.from(result.stdout).toString("hex")).toBe(
      Buffer.from(
        [
          "login,userId,userStatus,platform,model,device,deviceId,deviceStatus,lastUpdated\r\n",
          `alice@acme.example,${ALICE.id},ACTIVE,WINDOWS,'+cmd|' /C calc'!A0,"line one\nline two",guo1csvlines0000d7x1,ACTIVE,2025-06-15T10:00:00.000Z\r\n`,
          `erin@acme.example,${ERIN.id},ACTIVE,WINDOWS,'+cmd|' /C calc'!A0,"line one\nline two",guo1csvlines0000d7x1,ACTIVE,2025-06-15T10:00:00.000Z\r\n`,
          `bob@acme.example,${BOB.id},ACTIVE,MACOS,"'=HYPERLINK(""https://evil.example"",""x"")","Bob's ""work"" Mac, 2nd",guo1csvquote0000d7x1,ACTIVE,2025-06-15T10:00:00.000Z\r\n`,
          `carol@acme.example,${CAROL.id},ACTIVE,ANDROID,"'\\u000d=1+1","return\\u000d\nhere",guo1csvreturn000d7x1,ACTIVE,2025-06-15T10:00:00.000Z\r\n`,
        ].join(""),
      ).toString("hex"),
    );
  });

  test("text: a device name with control characters is printed escaped", async () => {
    await restart([fleetDevice("guo1ansi00000000d7x1", "Mac\u001b]0;pwned\u0007\u001b[2J", "MACOS", "Mac15,6", [{ user: BOB, managementStatus: "NOT_MANAGED" }])]);
    const result = await devices("--stack", "dev");
    expect(result.stdout).toContain(`  - bob@acme.example: "Mac\\u001b]0;pwned\\u0007\\u001b[2J" (MACOS, Mac15,6, guo1ansi00000000d7x1), last updated 2025-06-15T10:00:00.000Z\n`);
    expect(result.stdout).not.toContain("\u001b");
  });
});

describe("the result", () => {
  test("every registered device of an active user managed: exit 0, devices set apart do not count", async () => {
    await restart(mixedFleet().filter((device) => !["guo1macbob000000d7x1", "guo1ipadshared00d7x1", "guo1winerin0000d7x1a"].includes(String(device.id))));
    const result = await devices("--stack", "dev");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain("Registered but not managed");
    expect(result.stdout.split("\n").slice(-2)).toEqual(["Result: MANAGED: every registered device of an active user is managed (exit 0)", ""]);
  });

  test("--platform asks Okta for that platform only (search), case-insensitive", async () => {
    const android = await devices("--stack", "dev", "--platform", "android", "--json");
    expect(android.exitCode).toBe(0);
    expect(JSON.parse(android.stdout)).toMatchObject({ platform: "ANDROID", devices: 2, total: { managed: 1, not_managed: 0, not_registered: 1, inactive_users: 0, without_user: 0 } });
    const windows = await devices("--stack", "dev", "--platform", "WINDOWS");
    expect(windows.exitCode).toBe(1);
    expect(windows.stdout.split("\n")[0]).toBe(`Devices on WINDOWS of ${fake.url} (stack dev): 3 devices read in 1 page`);
    expect(fake.requestsTo("/api/v1/devices").map((request) => request.query.search)).toEqual(['profile.platform eq "ANDROID"', 'profile.platform eq "WINDOWS"']);
  });
});

describe("cost and pacing", () => {
  test.each([
    [2_000, 10],
    [1_001, 6],
  ])("%i devices under a limit of 3 requests a minute: %i device pages, at most ceil(N / 200) + 10 requests, no 429", async (size, pages) => {
    const clock = virtualClock();
    await restart(largeFleet(fleetUsers(size)), { rateLimit: { limit: 3, windowMs: 60_000 }, now: clock.now });
    let sent: readonly string[] = [];
    const result = await runDevices(["--stack", "dev", "--json"], env(), { projectDir, clock, onRequests: (requests) => (sent = requests) });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.devices).toBe(size);
    expect(report.total).toEqual({ managed: size - Math.ceil(size / 10), not_managed: Math.ceil(size / 10), not_registered: 0, inactive_users: 0, without_user: 0 });
    expect(report.users).toHaveLength(Math.ceil(size / 10));
    expect(fake.requestsTo("/api/v1/devices")).toHaveLength(pages);
    expect(fake.requests.length).toBeLessThanOrEqual(Math.ceil(size / 200) + 10);
    expect(sent).toHaveLength(fake.requests.length);
    expect(fake.violations).toEqual([]);
    // Three pages a minute: the read paused for each window to reset.
    expect(clock.sleeps.filter((ms) => ms > 0)).toHaveLength(Math.ceil(pages / 3) - 1);
  }, 30_000);
});

describe("progress", () => {
  test("on a terminal: one updating line, cleared before the report", async () => {
    await restart(largeFleet(fleetUsers(450)));
    const terminal = { write: () => undefined, isTTY: true, columns: 80 };
    const result = await runDevices(["--stack", "dev"], env(), { projectDir, clock: fixedClock() }, { stderr: terminal });
    expect(result.stderr).toBe(["devices: 200 devices read (1 page)", "devices: 400 devices read (2 pages)", "devices: 450 devices read (3 pages)", ""].map((line) => `\r\u001b[2K${line}`).join(""));
  });

  test("elsewhere: one plain line per page; with --json nothing", async () => {
    await restart(largeFleet(fleetUsers(450)));
    expect((await devices("--stack", "dev")).stderr).toBe("devices: 200 devices read (1 page)\ndevices: 400 devices read (2 pages)\ndevices: 450 devices read (3 pages)\n");
    expect((await devices("--stack", "dev", "--json")).stderr).toBe("");
  });
});

describe("Ctrl-C", () => {
  test("between two pages: the report covers what was read, exit 130", async () => {
    await restart(largeFleet(fleetUsers(450)));
    const controller = new AbortController();
    const stderr = { write: () => controller.abort() };
    const result = await runDevices(["--stack", "dev"], env(), { projectDir, clock: fixedClock() }, { stderr, signal: controller.signal });
    expect(result.exitCode).toBe(130);
    expect(result.stdout.split("\n")[0]).toBe(`Devices of ${fake.url} (stack dev): 200 devices read in 1 page`);
    expect(result.stdout.split("\n").slice(-2)).toEqual(["Result: INTERRUPTED: stopped by Ctrl-C after 200 devices; the counts cover only those (exit 130)", ""]);
    expect(fake.requestsTo("/api/v1/devices")).toHaveLength(1);
  });

  test("while waiting for the rate limit to reset: the same, in JSON", async () => {
    const controller = new AbortController();
    const clock = virtualClock(undefined, () => controller.abort());
    await restart(largeFleet(fleetUsers(450)), { rateLimit: { limit: 1, windowMs: 60_000 }, now: clock.now });
    const result = await runDevices(["--stack", "dev", "--json"], env(), { projectDir, clock }, { signal: controller.signal });
    expect(result.exitCode).toBe(130);
    expect(JSON.parse(result.stdout)).toMatchObject({ complete: false, devices: 200, pages: 1, result: "interrupted", exitCode: 130 });
    expect(fake.violations).toEqual([]);
  });
});

describe("credentials and failures", () => {
  test("an OAuth service app asks for okta.devices.read and okta.users.read only", async () => {
    await restart(mixedFleet(), { oauthApp: { clientId: "0oa1fleetclient00d7x1", publicKey: PUBLIC_KEY, grantedScopes: ["okta.devices.read", "okta.users.read"] } });
    const result = await runDevices(["--stack", "dev", "--json"], { OKTA_ORG_URL: fake.url, OKTA_API_CLIENT_ID: "0oa1fleetclient00d7x1", OKTA_API_PRIVATE_KEY: PEM }, { projectDir, clock: fixedClock() });
    expect(result.exitCode).toBe(1);
    expect(fake.tokenScopes).toEqual([["okta.devices.read", "okta.users.read"]]);
  });

  test("a missing scope: exit 4 with the scope named", async () => {
    await restart(mixedFleet(), { apiTokenDeniedScopes: ["okta.devices.read"] });
    const result = await devices("--stack", "dev");
    expect(result).toEqual({
      exitCode: 4,
      stdout: "",
      stderr:
        "devices: missing scope okta.devices.read: Okta refused GET /api/v1/devices (HTTP 403 E0000006 You do not have permission to perform the requested action); the API token's admin lacks the permission behind okta.devices.read\n",
    });
  });

  test("a rejected token: exit 4, as a JSON document with --json", async () => {
    const result = await runDevices(["--stack", "dev", "--json"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: "00aWrongTokenWrongToken" }, { projectDir, clock: fixedClock() });
    expect(result.exitCode).toBe(4);
    const message = "Okta rejected OKTA_API_TOKEN for GET /api/v1/devices (HTTP 401 E0000011 Invalid token provided): check the token is active and belongs to this org";
    expect(JSON.parse(result.stdout)).toEqual({ result: "error", exitCode: 4, error: message, warnings: [] });
    expect(result.stderr).toBe(`devices: ${message}\n`);
  });

  test.each([
    [[], "--stack <name> is required. Stacks that exist: dev"],
    [["--stack", "dev", "--platform", "LINUX"], "--platform LINUX: expected one of ANDROID, IOS, MACOS, WINDOWS"],
    [["--stack", "dev", "--since", "1d"], "unknown option --since"],
    [["--stack", "staging"], `unknown stack "staging": there is no Pulumi.staging.yaml in PROJECT. Stacks that exist: dev`],
  ])("usage %j: exit 64, nothing sent", async (argv, message) => {
    const result = await devices(...argv);
    expect(result).toEqual({ exitCode: 64, stdout: "", stderr: `devices: ${message.replace("PROJECT", projectDir)}\nRun with --help for usage.\n` });
    expect(fake.requests).toEqual([]);
  });

  test("--json with --csv: exit 64, the failure as a JSON document too (as for every --json run)", async () => {
    const result = await devices("--stack", "dev", "--json", "--csv");
    const message = "--json and --csv do not go together: choose one";
    expect(result.exitCode).toBe(64);
    expect(JSON.parse(result.stdout)).toEqual({ result: "error", exitCode: 64, error: message, warnings: [] });
    expect(result.stderr).toBe(`devices: ${message}\nRun with --help for usage.\n`);
  });

  test("--help prints the usage with the exit codes", async () => {
    const result = await devices("--help");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      "Exit codes: 0 every registered device managed, 1 some not, 4 tenant not readable, 64 usage, 70 internal error, 74 output not written, 130 Ctrl-C (143 SIGTERM, 129 SIGHUP): stopped, the report covers what was read.\n",
    );
  });
});
