"use strict";
/**
 * The bench's `devices` part (scripts/bench.js): `npm run devices` against the loopback tenant
 * (tests/verify/fakeOkta.ts with its device routes) for 100, 1,000 and 10,000 devices: requests
 * (target: at most ceil(N / 200) + 10) and the wall time of the whole run in this process (the
 * SDK, the loopback server and JSON of every page included; the SDK loaded once beforehand); and
 * verify of a stack whose test users are a pilot group of 1,000 and 5,000 members, each with an
 * evaluation (one in ten denied): requests beside the System Log pages (target: at most
 * members / 1,000 + 20), the System Log pages, and the time.
 */
const fs = require("fs");
const os = require("os");
const path = require("path");

const { load, row, progress, seconds, median, elapsedMs } = require("./measure");

const TOKEN = "00aBenchTokenNeverPrinted0000000000000000";
const DEVICE_PAGE = 200;

async function benchDevices(runs) {
  const { FakeOkta } = load("tests", "verify", "fakeOkta");
  const { healthyTenant } = load("tests", "verify", "tenantFixtures");
  const { fleetUsers, largeFleet } = load("tests", "devices", "fleetFixtures");
  const { main } = load("tools", "devices", "cli");
  require("@okta/okta-sdk-nodejs");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-devices-bench-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: okta-managed-device-check\nruntime: nodejs\n");
  fs.writeFileSync(
    path.join(dir, "Pulumi.bench.yaml"),
    ["config:", "  okta:orgName: acme", "  okta-managed-device-check:testUsers:", "    - alice@acme.example", "  okta-managed-device-check:bookmarkUrl: https://www.okta.com/", ""].join("\n"),
  );
  try {
    for (const size of [100, 1_000, 10_000]) {
      progress(`devices: ${size.toLocaleString("en-US")} devices against the loopback tenant (${runs} runs)`);
      const fake = await FakeOkta.start({ ...healthyTenant([]), devices: largeFleet(fleetUsers(size)) }, { apiToken: TOKEN });
      try {
        const times = [];
        let requests = 0;
        let exitCode;
        for (let run = 0; run < runs; run++) {
          const before = fake.requests.length;
          const sink = { write: () => true };
          const start = process.hrtime.bigint();
          exitCode = await main(["--stack", "bench", "--json"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: TOKEN }, { stdout: sink, stderr: sink }, { projectDir: dir });
          times.push(elapsedMs(start));
          requests = fake.requests.length - before;
        }
        const bound = Math.ceil(size / DEVICE_PAGE) + 10;
        // Every tenth device is not managed: exit 1 is the expected answer.
        row(`devices, ${size.toLocaleString("en-US")} devices: requests`, `${requests}${exitCode === 1 ? "" : `, exit ${exitCode}`}`, `<= ${bound}`, requests <= bound && exitCode === 1);
        row(`devices, ${size.toLocaleString("en-US")} devices: time`, seconds(median(times)));
      } finally {
        await fake.stop();
      }
    }
    await benchPilotGroups(runs, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const GROUP_ID = "00g1benchpilot000d7x";
const MEMBER_PAGE = 1000;

async function benchPilotGroups(runs, dir) {
  const { FakeOkta } = load("tests", "verify", "fakeOkta");
  const fixtures = load("tests", "verify", "tenantFixtures");
  const { fleetUsers } = load("tests", "devices", "fleetFixtures");
  const { main } = load("tools", "verify", "cli");
  fs.writeFileSync(
    path.join(dir, "Pulumi.pilot.yaml"),
    ["config:", "  okta:orgName: acme", "  okta-managed-device-check:testGroups:", "    - Pilot Devices", "  okta-managed-device-check:bookmarkUrl: https://www.okta.com/", ""].join("\n"),
  );
  const published = new Date(Date.now() - 3_600_000).toISOString();
  for (const size of [1_000, 5_000]) {
    progress(`verify: a pilot group of ${size.toLocaleString("en-US")} members against the loopback tenant (${runs} runs)`);
    const members = fleetUsers(size);
    const tenant = fixtures.healthyTenant([]);
    tenant.users.push(...members.map(fixtures.oktaUser));
    tenant.groups = [{ id: GROUP_ID, type: "OKTA_GROUP", objectClass: ["okta:user_group"], profile: { name: "Pilot Devices", description: "bench" } }];
    tenant.groupMembers = { [GROUP_ID]: members.map((member) => member.id) };
    tenant.groupAssignments = { [fixtures.IDS.bookmark]: [GROUP_ID] };
    members.forEach((user, index) => tenant.logs.push(fixtures.signOnEvaluation({ user, published, result: index % 10 === 0 ? "DENY" : "ALLOW" })));
    const fake = await FakeOkta.start(tenant, { apiToken: TOKEN });
    try {
      const times = [];
      let requests = 0;
      let logs = 0;
      let exitCode;
      for (let run = 0; run < runs; run++) {
        fake.requests.length = 0;
        const sink = { write: () => true };
        const start = process.hrtime.bigint();
        exitCode = await main(["--stack", "pilot", "--json"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: TOKEN }, { stdout: sink, stderr: sink }, { projectDir: dir });
        times.push(elapsedMs(start));
        logs = fake.requestsTo("/api/v1/logs").length;
        requests = fake.requests.length - logs;
      }
      const bound = Math.ceil(size / MEMBER_PAGE) + 20;
      const label = `verify, a ${size.toLocaleString("en-US")}-member group`;
      row(`${label}: requests (+ System Log pages)`, `${requests} (+ ${logs})${exitCode === 1 ? "" : `, exit ${exitCode}`}`, `<= ${bound}`, requests <= bound && exitCode === 1);
      row(`${label}: time`, seconds(median(times)));
    } finally {
      await fake.stop();
    }
  }
}

module.exports = { benchDevices };
