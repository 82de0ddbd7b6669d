import { FASTPASS_KEYS, FASTPASS_METHOD, FastPassKey } from "../../policies/okta";
import { Tenant, TenantReadError } from "./client";
import type { FoundCheck } from "./findCheck";
import type { PreflightReport, ReadinessCheck, UserReadiness } from "./report";
import { readDevices } from "./verdicts";

/**
 * `--preflight`: before the user tries, every criterion the API can see, each with its fix:
 * - the org runs Identity Engine: `GET /.well-known/okta-organization` answers `pipeline: "idx"`
 *   (`"v1"` is Classic, which has no app authentication policies; WellKnownOrgMetadata.pipeline,
 *   PipelineType 'idx' | 'v1' in okta-sdk-nodejs src/types/generated/models/);
 * - the org's FastPass form: `GET /api/v1/authenticators` lists `okta_verify_fastpass` in orgs with
 *   Flexible Okta Verify (AuthenticatorBase.key; DESIGN.md, issue 13);
 * - each test user exists, is ACTIVE and assigned (from finding the check);
 * - Okta Verify with FastPass is enrolled: a `signed_nonce` factor (UserFactor.factorType,
 *   UserFactorType in src/types/generated/models/UserFactorType.d.ts);
 * - at least one registered device, listed with its management status.
 * What the API cannot see (the MDM integration) is named as a manual step.
 */

export interface PreflightContext {
  stack: string;
  fastPassKey: FastPassKey;
}

export interface PreflightOutcome {
  preflight: PreflightReport;
  advice: string[];
}

export async function runPreflight(tenant: Tenant, found: FoundCheck, context: PreflightContext): Promise<PreflightOutcome> {
  const advice: string[] = [];
  const org: ReadinessCheck[] = [await engineCheck(tenant), await fastPassFormCheck(tenant, context, advice)];
  const present = found.users.filter((user) => user.user);
  const devices = await readDevices(tenant, present.map((user) => user.user?.id as string));
  const users: UserReadiness[] = [];
  for (const entry of found.users) {
    const user = entry.user;
    if (!user) {
      users.push({
        user: entry.requested,
        ready: false,
        checks: [{ criterion: "user exists", ok: false, detail: `no user ${entry.requested} exists in the tenant`, fix: `correct okta-managed-device-check:testUsers in Pulumi.${context.stack}.yaml, then pulumi up --stack ${context.stack}` }],
      });
      continue;
    }
    const owned = devices.get(user.id) ?? [];
    const checks: ReadinessCheck[] = [
      {
        criterion: "user is active",
        ok: user.status === "ACTIVE",
        detail: `status ${user.status}`,
        fix: "activate the user (Directory > People) or pick an active test user: only an ACTIVE user can sign in",
      },
      {
        criterion: "assigned to the bookmark",
        ok: entry.assigned !== false,
        detail: entry.assigned === false ? "not assigned" : entry.assigned ? "assigned" : "unknown (no bookmark)",
        fix: `list the user in okta-managed-device-check:testUsers of Pulumi.${context.stack}.yaml and run: pulumi up --stack ${context.stack}`,
      },
      await fastPassEnrolment(tenant, user.id),
      {
        criterion: "registered device",
        ok: owned.some((device) => device.registered !== false && device.status === "ACTIVE"),
        detail:
          owned.length === 0
            ? "no device registered"
            : `${owned.length} device${owned.length === 1 ? "" : "s"}, ${owned.filter((device) => device.managementStatus === "MANAGED").length} managed so far`,
        fix: "on the device under test (one with secure hardware), install Okta Verify and add the account, so that Okta registers the device",
      },
    ];
    users.push({ user: entry.requested, userId: user.id, login: user.login, ready: checks.every((check) => check.ok), checks, devices: owned });
  }
  return {
    preflight: {
      org,
      users,
      manualSteps: [
        "the MDM integration is finished under Security > Device Integrations for each device's platform, BEFORE the FastPass sign-in (a sign-in before it leaves the device Registered, not Managed)",
        "each device under test is enrolled in the MDM, which deploys Okta Verify with the integration's managed app configuration",
      ],
    },
    advice,
  };
}

async function engineCheck(tenant: Tenant): Promise<ReadinessCheck> {
  const metadata = await tenant.getOrgMetadata();
  const pipeline = String(metadata.pipeline ?? "unknown");
  return {
    criterion: "Identity Engine",
    ok: pipeline === "idx",
    detail: pipeline === "idx" ? "the org runs Okta Identity Engine" : pipeline === "v1" ? "the org runs Okta Classic Engine" : `the org reports pipeline ${pipeline}`,
    fix: "app authentication policies and FastPass device checks need an Identity Engine org; run the check in one",
  };
}

async function fastPassFormCheck(tenant: Tenant, context: PreflightContext, advice: string[]): Promise<ReadinessCheck> {
  const criterion = "FastPass form";
  let keys: string[];
  try {
    keys = (await tenant.listAuthenticators()).map((authenticator) => String(authenticator.key));
  } catch (error) {
    if (error instanceof TenantReadError && error.message.startsWith("missing scope")) {
      return { criterion, ok: true, detail: `cannot tell without okta.authenticators.read (${error.message.split(":")[0]}); the stack sends ${context.fastPassKey}` };
    }
    throw error;
  }
  const perMethod = keys.includes("okta_verify_fastpass");
  const needed: FastPassKey = perMethod ? "okta_verify_fastpass" : FASTPASS_KEYS[0];
  const form = perMethod ? "per-method Okta Verify authenticators (Flexible Okta Verify): FastPass is okta_verify_fastpass" : "one Okta Verify authenticator: FastPass is okta_verify";
  if (needed !== context.fastPassKey) {
    advice.push(
      `the org uses ${form}; set okta-managed-device-check:fastPassKey to ${needed} in Pulumi.${context.stack}.yaml (pulumi config set okta-managed-device-check:fastPassKey ${needed} --stack ${context.stack}) so that the rule says what the org answers`,
    );
  }
  return { criterion, ok: true, detail: `the org uses ${form}; the stack needs okta-managed-device-check:fastPassKey ${needed}${needed === context.fastPassKey ? " (as set)" : ` (it sends ${context.fastPassKey})`}` };
}

async function fastPassEnrolment(tenant: Tenant, userId: string): Promise<ReadinessCheck> {
  const factors = await tenant.listFactors(userId);
  const fastPass = factors.filter((factor) => factor.factorType === FASTPASS_METHOD);
  const active = fastPass.some((factor) => factor.status === "ACTIVE");
  const push = factors.some((factor) => factor.factorType === "push");
  return {
    criterion: "Okta Verify with FastPass",
    ok: active,
    detail: active
      ? "enrolled (signed_nonce factor ACTIVE)"
      : fastPass.length > 0
        ? `signed_nonce factor ${fastPass.map((factor) => factor.status).join(", ")}`
        : push
          ? "Okta Verify is enrolled for push only: no signed_nonce (FastPass) factor"
          : "no signed_nonce (FastPass) factor",
    fix: "on the device under test, open Okta Verify, add (or re-add) the account and allow Okta FastPass, so that a signed_nonce factor is enrolled",
  };
}
