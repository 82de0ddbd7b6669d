import { FakeOkta } from "../fakeOkta";
import { API_TOKEN, fixedClock, makeProject, RunResult, runVerify, stackYaml } from "../harness";
import { healthyTenant, signOnEvaluation } from "../tenantFixtures";

/** A fake tenant, fresh for each test, and a project with a `dev` and an expired `prod` stack. */
export interface FakeTenantSession {
  fake: FakeOkta;
  projectDir: string;
  env(): Record<string, string>;
  verify(...argv: string[]): Promise<RunResult>;
  signIns(...events: Array<Parameters<typeof signOnEvaluation>[0]>): void;
  restart(options: Parameters<typeof FakeOkta.start>[1]): Promise<void>;
}

/** Registers the hooks of a FakeTenantSession in the calling describe block. */
export function useFakeTenant(): FakeTenantSession {
  const session: FakeTenantSession = {
    fake: undefined as unknown as FakeOkta,
    projectDir: "",
    env: () => ({ OKTA_ORG_URL: session.fake.url, OKTA_API_TOKEN: API_TOKEN }),
    verify: (...argv) => runVerify(argv, session.env(), { projectDir: session.projectDir, clock: fixedClock() }),
    signIns: (...events) => void session.fake.tenant.logs.push(...events.map(signOnEvaluation)),
    restart: async (options) => {
      await session.fake.stop();
      session.fake = await FakeOkta.start(healthyTenant(), { apiToken: API_TOKEN, ...options });
    },
  };
  beforeAll(() => {
    session.projectDir = makeProject({ dev: stackYaml(), prod: stackYaml(['okta-managed-device-check:expiresOn: "2025-06-14"']) });
  });
  beforeEach(async () => {
    session.fake = await FakeOkta.start(healthyTenant(), { apiToken: API_TOKEN });
  });
  afterEach(() => session.fake.stop());
  return session;
}
