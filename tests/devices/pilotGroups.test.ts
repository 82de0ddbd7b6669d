import { FakeOkta } from "../verify/fakeOkta";
import { API_TOKEN, fixedClock, makeProject, removeProjects, runVerify } from "../verify/harness";
import { ALICE, BOB, CAROL, healthyTenant, IDS, oktaUser, signOnEvaluation, TestUser } from "../verify/tenantFixtures";
import { fleetDevice, fleetUsers } from "./fleetFixtures";

// verify with a pilot group (okta-managed-device-check:testGroups): every member checked as a test user.

beforeAll(() => void require("@okta/okta-sdk-nodejs"), 30_000);
afterAll(removeProjects);

const GROUP_ID = "00g1pilotdevices0d7x";

/** A group as GroupApi.listGroups returns it (the spec's list-groups-examples: OKTA_GROUP, profile.name and description). */
function oktaGroup(id: string, name: string): Record<string, unknown> {
  return {
    id,
    created: "2025-06-01T09:00:00.000Z",
    lastUpdated: "2025-06-01T09:00:00.000Z",
    lastMembershipUpdated: "2025-06-10T09:00:00.000Z",
    objectClass: ["okta:user_group"],
    type: "OKTA_GROUP",
    profile: { name, description: "Devices in the FastPass pilot" },
    _links: { users: { href: `https://acme.okta.com/api/v1/groups/${id}/users` }, apps: { href: `https://acme.okta.com/api/v1/groups/${id}/apps` } },
  };
}

function stack(groups: string[], users: string[] = []): string {
  return [
    "config:",
    "  okta:orgName: acme",
    ...(users.length > 0 ? ["  okta-managed-device-check:testUsers:", ...users.map((user) => `    - ${user}`)] : []),
    "  okta-managed-device-check:testGroups:",
    ...groups.map((group) => `    - ${group}`),
    "  okta-managed-device-check:bookmarkUrl: https://www.okta.com/",
    "",
  ].join("\n");
}

/** A tenant whose bookmark is assigned to the group "Pilot Devices" of these members (and to the direct test users). */
async function pilotTenant(members: TestUser[], direct: TestUser[] = []): Promise<FakeOkta> {
  const tenant = healthyTenant(direct);
  tenant.users.push(...members.filter((member) => !direct.includes(member)).map(oktaUser));
  tenant.groups = [oktaGroup(GROUP_ID, "Pilot Devices"), oktaGroup("00g1pilotdevicesold0", "Pilot Devices (old)")];
  tenant.groupMembers = { [GROUP_ID]: members.map((member) => member.id) };
  tenant.groupAssignments = { [IDS.bookmark]: [GROUP_ID] };
  return FakeOkta.start(tenant, { apiToken: API_TOKEN });
}

const at = "2025-06-15T10:00:00.000Z";

test("a pilot group beside a test user: each member checked, the summary counted, the members not managed in full", async () => {
  const members = fleetUsers(6);
  const fake = await pilotTenant([...members, ALICE], [ALICE]);
  const [m1, m2, m3, m4] = members;
  fake.tenant.logs.push(
    signOnEvaluation({ user: ALICE, published: at, result: "ALLOW" }),
    signOnEvaluation({ user: m1, published: at, result: "ALLOW" }),
    signOnEvaluation({ user: m2, published: at, result: "ALLOW" }),
    signOnEvaluation({ user: m3, published: at, result: "DENY" }),
    signOnEvaluation({ user: m4, published: at, result: "DENY" }),
  );
  fake.tenant.devices.push(fleetDevice("guo1m3mac0000000d7x1", "User 00003's Mac", "MACOS", "Mac15,6", [{ user: m3, managementStatus: "NOT_MANAGED" }]));
  const dir = makeProject({ pilot: stack(["Pilot Devices"], [ALICE.login]) });
  const result = await runVerify(["--stack", "pilot", "--json"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: API_TOKEN }, { projectDir: dir, clock: fixedClock() });
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(1);
  const report = JSON.parse(result.stdout);
  expect(report.drift).toEqual([]);
  expect(report.pilot).toEqual({ groups: [{ name: "Pilot Devices", id: GROUP_ID, members: 7 }], members: { managed: 2, not_managed: 2, no_evaluation: 2 } });
  // Alice is a test user and a member: checked once, as the test user.
  expect(report.users.map((user: { login: string; group?: string; verdict: string }) => [user.login, user.group ?? null, user.verdict])).toEqual([
    [ALICE.login, null, "managed"],
    [m1.login, "Pilot Devices", "managed"],
    [m2.login, "Pilot Devices", "managed"],
    [m3.login, "Pilot Devices", "not_managed"],
    [m4.login, "Pilot Devices", "not_managed"],
    [members[4].login, "Pilot Devices", "no_evaluation"],
    [members[5].login, "Pilot Devices", "no_evaluation"],
  ]);
  const m3Verdict = report.users[3];
  expect(m3Verdict.devices).toEqual([{ id: "guo1m3mac0000000d7x1", name: "User 00003's Mac", platform: "MACOS", status: "ACTIVE", registered: true, managementStatus: "NOT_MANAGED" }]);
  expect(m3Verdict.likelyCauses.length).toBeGreaterThan(0);
  // A member is checked with its group: the next step runs verify for the stack, not --user (which names test users only).
  expect(m3Verdict.nextSteps.filter((step: string) => step.includes("npm run verify"))).not.toEqual([]);
  expect(m3Verdict.nextSteps.join("\n")).not.toContain("--user");
  // One System Log query; members in one page; the group's assignment read once.
  expect(fake.requestsTo("/api/v1/logs")).toHaveLength(1);
  expect(fake.requestsTo(`/api/v1/groups/${GROUP_ID}/users`).map((request) => request.query)).toEqual([{ limit: "1000" }]);
  expect(fake.requestsTo("/api/v1/groups").map((request) => request.query)).toEqual([{ search: 'profile.name eq "Pilot Devices"' }]);
  expect(fake.requestsTo(`/api/v1/apps/${IDS.bookmark}/groups/${GROUP_ID}`)).toHaveLength(1);
  await fake.stop();
});

test("text: the summary, the members not managed in full, the others by count", async () => {
  const members = fleetUsers(14);
  const fake = await pilotTenant(members);
  fake.tenant.logs.push(signOnEvaluation({ user: members[0], published: at, result: "ALLOW" }), signOnEvaluation({ user: members[1], published: at, result: "DENY" }));
  const dir = makeProject({ pilot: stack(["Pilot Devices"]) });
  const result = await runVerify(["--stack", "pilot"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: API_TOKEN }, { projectDir: dir, clock: fixedClock() });
  expect(result.exitCode).toBe(1);
  const out = result.stdout.split("\n");
  expect(out).toContain(`Pilot group "Pilot Devices" (${GROUP_ID}): 14 members`);
  expect(out).toContain("Members: 1 managed, 1 not managed, 12 not yet evaluated");
  expect(out).toContain(`${members[1].login} (group "Pilot Devices"): NOT MANAGED`);
  expect(out).not.toContain(`${members[0].login} (group "Pilot Devices"): MANAGED`);
  expect(out).toContain(`Members with no evaluation yet (12): ${members.slice(2, 12).map((member) => member.login).join(", ")}, and 2 more`);
  // No test users listed by themselves: the app's assignments (which carry every member) are not read.
  expect(fake.requestsTo(`/api/v1/apps/${IDS.bookmark}/users`)).toHaveLength(0);
  await fake.stop();
});

test("a pilot group missing from the tenant, or not assigned to the bookmark: drift, exit 3", async () => {
  const fake = await pilotTenant(fleetUsers(2));
  fake.tenant.groupAssignments = {};
  const dir = makeProject({ pilot: stack(["Pilot Devices", "Pilot Laptops"]) });
  const result = await runVerify(["--stack", "pilot", "--json"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: API_TOKEN }, { projectDir: dir, clock: fixedClock() });
  expect(result.exitCode).toBe(3);
  expect(JSON.parse(result.stdout).drift).toEqual([
    {
      kind: "group_not_assigned",
      message: `the group "Pilot Devices" (${GROUP_ID}) is not assigned to the bookmark`,
      fix: "list the group in okta-managed-device-check:testGroups in Pulumi.pilot.yaml and run: pulumi up --refresh --stack pilot",
    },
    { kind: "group_missing", message: 'no group named "Pilot Laptops" exists in the tenant', fix: "create the group, or correct okta-managed-device-check:testGroups in Pulumi.pilot.yaml; then pulumi up --stack pilot" },
  ]);
  await fake.stop();
});

test.each([1_000, 5_000])("a %i-member group: at most members / 1,000 + 20 requests plus the System Log pages", async (size) => {
  const members = fleetUsers(size);
  const fake = await pilotTenant(members);
  members.forEach((member, index) => fake.tenant.logs.push(signOnEvaluation({ user: member, published: at, result: index % 10 === 0 ? "DENY" : "ALLOW" })));
  const dir = makeProject({ pilot: stack(["Pilot Devices"]) });
  try {
    const result = await runVerify(["--stack", "pilot", "--json"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: API_TOKEN }, { projectDir: dir, clock: fixedClock() });
    // The exit code with verify's stderr, so that a failure says why.
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 1, stderr: "" });
    expect(JSON.parse(result.stdout).pilot.members).toEqual({ managed: size - size / 10, not_managed: size / 10, no_evaluation: 0 });
    const logPages = fake.requestsTo("/api/v1/logs").length;
    expect(logPages).toBe(Math.ceil(size / 1000));
    expect(fake.requests.length - logPages).toBeLessThanOrEqual(Math.ceil(size / 1000) + 20);
  } finally {
    await fake.stop();
  }
}, 60_000);

test("a 5000-member group beside 3 test users: each test user's own assignment read, not the app's listing of every member; within the bound", async () => {
  // Carol is assigned through the group only (scope GROUP): assigned all the same.
  const members = [...fleetUsers(4_999), CAROL];
  const fake = await pilotTenant(members, [ALICE, BOB]);
  for (const user of [ALICE, BOB, ...members]) fake.tenant.logs.push(signOnEvaluation({ user, published: at, result: "ALLOW" }));
  const dir = makeProject({ pilot: stack(["Pilot Devices"], [ALICE.login, BOB.login, CAROL.login]) });
  const result = await runVerify(["--stack", "pilot", "--json"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: API_TOKEN }, { projectDir: dir, clock: fixedClock() });
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report.drift).toEqual([]);
  expect(report.pilot.members).toEqual({ managed: 4_999, not_managed: 0, no_evaluation: 0 });
  expect(report.users.slice(0, 3).map((user: { login: string; group?: string }) => [user.login, user.group ?? null])).toEqual([
    [ALICE.login, null],
    [BOB.login, null],
    [CAROL.login, null],
  ]);
  expect(fake.requestsTo(`/api/v1/apps/${IDS.bookmark}/users`)).toHaveLength(0);
  for (const user of [ALICE, BOB, CAROL]) expect(fake.requestsTo(`/api/v1/apps/${IDS.bookmark}/users/${user.id}`)).toHaveLength(1);
  const logPages = fake.requestsTo("/api/v1/logs").length;
  expect(logPages).toBe(6);
  expect(fake.requests.length - logPages).toBeLessThanOrEqual(5 + 20);
  await fake.stop();
}, 60_000);

test("with a pilot group, a test user assigned neither directly nor through the group: drift, exit 3", async () => {
  const fake = await pilotTenant(fleetUsers(3), [ALICE]);
  fake.tenant.users.push(oktaUser(BOB));
  const dir = makeProject({ pilot: stack(["Pilot Devices"], [ALICE.login, BOB.login]) });
  const result = await runVerify(["--stack", "pilot", "--json"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: API_TOKEN }, { projectDir: dir, clock: fixedClock() });
  expect(result.exitCode).toBe(3);
  expect(JSON.parse(result.stdout).drift.map((item: { kind: string; message: string }) => [item.kind, item.message])).toEqual([["user_not_assigned", `${BOB.login} is not assigned to the bookmark "Managed Device Check"`]]);
  expect(fake.requestsTo(`/api/v1/apps/${IDS.bookmark}/users/${BOB.id}`)).toHaveLength(1);
  await fake.stop();
});
