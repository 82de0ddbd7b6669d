import type * as okta from "@okta/okta-sdk-nodejs";
import { FASTPASS_KEYS, FASTPASS_METHOD, FastPassKey } from "../../policies/okta";
import { DeviceStatus, searchManagement, withManagementStatus } from "./devices";
import { TenantReadError } from "./errors";
import type { FoundCheck, FoundUser } from "./findCheck";
import type { Tenant } from "./tenant";
import type { PreflightReport, ReadinessCheck, UserReadiness } from "./report";

/**
 * `--preflight`: before the user tries, every criterion the API can see, each with its fix:
 * - the org runs Identity Engine: `GET /.well-known/okta-organization` answers `pipeline: "idx"`
 *   (`"v1"` is Classic, which has no app authentication policies; WellKnownOrgMetadata.pipeline,
 *   PipelineType 'idx' | 'v1' in okta-sdk-nodejs src/types/generated/models/); read first, and a
 *   Classic org is reported as such before anything else is read;
 * - the org's FastPass form: `GET /api/v1/authenticators` lists `okta_verify_fastpass` in orgs with
 *   Flexible Okta Verify (AuthenticatorBase.key; DESIGN.md, issue 13);
 * - each test user exists, is ACTIVE and assigned (from finding the check);
 * - Okta Verify with FastPass is enrolled: a `signed_nonce` factor (UserFactor.factorType,
 *   UserFactorType in src/types/generated/models/UserFactorType.d.ts);
 * - at least one registered device, listed with its management status.
 * Each criterion stands alone: a read that fails for one (404, 403, 5xx, a missing scope) makes it
 * "cannot tell" (`ok: null`) with the reason, and the others are still read. What the API cannot see
 * (the MDM integration) is named as a manual step.
 */

export interface PreflightContext {
  stack: string;
  /** The stack's file as messages name it (tools/stack/locate.ts). */
  stackFile: string;
  fastPassKey: FastPassKey;
}

export interface PreflightOutcome {
  preflight: PreflightReport;
  advice: string[];
}

export interface EngineCheck {
  check: ReadinessCheck;
  classic: boolean;
}

const MANUAL_STEPS = [
  "the MDM integration is finished under Security > Device Integrations for each device's platform, BEFORE the FastPass sign-in (a sign-in before it leaves the device Registered, not Managed)",
  "each device under test is enrolled in the MDM, which deploys Okta Verify with the integration's managed app configuration",
];

const ENGINE = "Identity Engine";

export async function engineCheck(tenant: Tenant): Promise<EngineCheck> {
  const fix = "app authentication policies and FastPass device checks need an Identity Engine org; run the check in one (or upgrade this org to Identity Engine)";
  let pipeline: string;
  try {
    pipeline = String((await tenant.getOrgMetadata()).pipeline ?? "unknown");
  } catch (error) {
    return { check: cannotTell(ENGINE, error, "read GET /.well-known/okta-organization again once the org answers it"), classic: false };
  }
  const detail = pipeline === "idx" ? "the org runs Okta Identity Engine" : pipeline === "v1" ? "the org runs Okta Classic Engine" : `the org reports pipeline ${pipeline}`;
  return { check: { criterion: ENGINE, ok: pipeline === "idx", detail, fix }, classic: pipeline === "v1" };
}

/** A Classic org's preflight: the engine, nothing else (no authentication policy, bookmark check or FastPass device check exists there). */
export function classicOrgPreflight(engine: ReadinessCheck): PreflightReport {
  return { org: [engine], users: [], manualSteps: [] };
}

export async function runPreflight(tenant: Tenant, found: FoundCheck, context: PreflightContext, engine: EngineCheck): Promise<PreflightOutcome> {
  const advice: string[] = [];
  const org: ReadinessCheck[] = [engine.check, await fastPassFormCheck(tenant, context, advice)];
  const present = found.users.flatMap((entry) => (entry.user ? [entry.user.id] : []));
  const devices = await readDevicesEach(tenant, present);
  const users: UserReadiness[] = [];
  for (const entry of found.users) users.push(await userReadiness(tenant, entry, devices, context));
  return { preflight: { org, users, manualSteps: MANUAL_STEPS }, advice };
}

async function userReadiness(tenant: Tenant, entry: FoundUser, devices: Map<string, DevicesOrFailure>, context: PreflightContext): Promise<UserReadiness> {
  const user = entry.user;
  if (!user) {
    return {
      user: entry.requested,
      ready: false,
      checks: [{ criterion: "user exists", ok: false, detail: `no user ${entry.requested} exists in the tenant`, fix: `correct okta-managed-device-check:testUsers in ${context.stackFile}, then pulumi up --stack ${context.stack}` }],
    };
  }
  const owned = devices.get(user.id) ?? { devices: [] };
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
      fix: `list the user in okta-managed-device-check:testUsers of ${context.stackFile} and run: pulumi up --stack ${context.stack}`,
    },
    await fastPassEnrolment(tenant, user.id),
    registeredDevice(owned),
  ];
  return { user: entry.requested, userId: user.id, login: user.login, ready: checks.every((check) => check.ok === true), checks, ...("devices" in owned ? { devices: owned.devices } : {}) };
}

type DevicesOrFailure = { devices: DeviceStatus[]; statusUnknown?: string } | { failure: unknown };

/** Each user's devices on their own: one user's failed read does not hide the others'; a failed status search leaves the status UNKNOWN. */
async function readDevicesEach(tenant: Tenant, userIds: readonly string[]): Promise<Map<string, DevicesOrFailure>> {
  const owned = new Map<string, okta.UserDevice[]>();
  const result = new Map<string, DevicesOrFailure>();
  for (const userId of userIds) {
    try {
      owned.set(userId, await tenant.listUserDevices(userId));
    } catch (error) {
      if (!(error instanceof TenantReadError)) throw error;
      result.set(userId, { failure: error });
    }
  }
  let detailed: okta.DeviceList[] = [];
  let statusUnknown: string | undefined;
  try {
    detailed = await searchManagement(tenant, owned);
  } catch (error) {
    if (!(error instanceof TenantReadError)) throw error;
    statusUnknown = error.message;
  }
  for (const [userId, statuses] of withManagementStatus(owned, detailed)) result.set(userId, { devices: statuses, ...(statusUnknown ? { statusUnknown } : {}) });
  return result;
}

function registeredDevice(owned: DevicesOrFailure): ReadinessCheck {
  const criterion = "registered device";
  if ("failure" in owned) return cannotTell(criterion, owned.failure, "fix what stopped the read, then run the preflight again");
  const { devices } = owned;
  const managed = owned.statusUnknown ? `management status unknown (${owned.statusUnknown})` : `${devices.filter((device) => device.managementStatus === "MANAGED").length} managed so far`;
  return {
    criterion,
    ok: devices.some((device) => device.registered !== false && device.status === "ACTIVE"),
    detail: devices.length === 0 ? "no device registered" : `${devices.length} device${devices.length === 1 ? "" : "s"}, ${managed}`,
    fix: "on the device under test (one with secure hardware), install Okta Verify and add the account, so that Okta registers the device",
  };
}

async function fastPassFormCheck(tenant: Tenant, context: PreflightContext, advice: string[]): Promise<ReadinessCheck> {
  const criterion = "FastPass form";
  let keys: string[];
  try {
    keys = (await tenant.listAuthenticators()).map((authenticator) => String(authenticator.key));
  } catch (error) {
    // The scope is optional (docs/verify.md): without it the form is advice verify cannot give, not a failure.
    if (error instanceof TenantReadError && error.message.startsWith("missing scope")) {
      return { criterion, ok: true, detail: `cannot tell without okta.authenticators.read (${error.message.split(":")[0]}); the stack sends ${context.fastPassKey}` };
    }
    return cannotTell(criterion, error, "fix what stopped the read, then run the preflight again");
  }
  const perMethod = keys.includes("okta_verify_fastpass");
  const needed: FastPassKey = perMethod ? "okta_verify_fastpass" : FASTPASS_KEYS[0];
  const form = perMethod ? "per-method Okta Verify authenticators (Flexible Okta Verify): FastPass is okta_verify_fastpass" : "one Okta Verify authenticator: FastPass is okta_verify";
  if (needed !== context.fastPassKey) {
    advice.push(
      `the org uses ${form}; set okta-managed-device-check:fastPassKey to ${needed} in ${context.stackFile} (pulumi config set okta-managed-device-check:fastPassKey ${needed} --stack ${context.stack}) so that the rule says what the org answers`,
    );
  }
  return { criterion, ok: true, detail: `the org uses ${form}; the stack needs okta-managed-device-check:fastPassKey ${needed}${needed === context.fastPassKey ? " (as set)" : ` (it sends ${context.fastPassKey})`}` };
}

async function fastPassEnrolment(tenant: Tenant, userId: string): Promise<ReadinessCheck> {
  const criterion = "Okta Verify with FastPass";
  let factors: okta.UserFactor[];
  try {
    factors = await tenant.listFactors(userId);
  } catch (error) {
    return cannotTell(criterion, error, "fix what stopped the read, then run the preflight again");
  }
  const fastPass = factors.filter((factor) => factor.factorType === FASTPASS_METHOD);
  const active = fastPass.some((factor) => factor.status === "ACTIVE");
  const push = factors.some((factor) => factor.factorType === "push");
  return {
    criterion,
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

/** The criterion whose read failed: "cannot tell", with Okta's answer; anything but a tenant read failure is a bug and is thrown on. */
function cannotTell(criterion: string, error: unknown, fix: string): ReadinessCheck {
  if (!(error instanceof TenantReadError)) throw error;
  return { criterion, ok: null, detail: `cannot tell: ${error.message}`, fix };
}
