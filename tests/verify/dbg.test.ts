import { FakeOkta } from "./fakeOkta";
import { API_TOKEN, makeProject, runVerify, stackYaml, virtualClock } from "./harness";
import { cohort, device, healthyTenant, signOnEvaluation } from "./tenantFixtures";
test("dbg", async () => {
  const users = cohort(100);
  const fake = await FakeOkta.start(healthyTenant(users), { apiToken: API_TOKEN });
  for (const user of users) {
    fake.tenant.devices.push(device(`guo1${user.id.slice(10, 14)}dev0000000d7x1`.slice(0, 20), `${user.name}'s Mac`, "MACOS", [{ user, managementStatus: "MANAGED" }]));
    fake.tenant.logs.push(signOnEvaluation({ user, published: "2025-06-15T10:00:00.000Z", result: "ALLOW" }));
  }
  const dir = makeProject({ dev: stackYaml([], users.map((user) => user.login)) });
  const t = Date.now();
  const p = runVerify(["--stack", "dev", "--json"], { OKTA_ORG_URL: fake.url, OKTA_API_TOKEN: API_TOKEN }, { projectDir: dir, clock: virtualClock() });
  const timer = setInterval(() => console.log(Date.now() - t, fake.requests.length, fake.requests.slice(-1)[0]?.path), 2000);
  const r = await p;
  clearInterval(timer);
  console.log(Date.now() - t, r.exitCode, r.stderr, fake.requests.length);
  await fake.stop();
}, 100000);
