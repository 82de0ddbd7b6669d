import type { FakeTenant } from "./fakeOkta";
import {
  AppRef,
  appInstanceTarget,
  appSsoEvent,
  GLOBAL_SESSION_RULE,
  MfaMethod,
  mfaVerificationEvent,
  ruleTarget,
  SignInDevice,
  signOnEvaluationEvent,
  udDeviceTarget,
} from "./fixtures/recordedEvents";

/** Okta objects shaped as the management API returns them, for the check a healthy `pulumi up` leaves. */

type Json = Record<string, unknown>;

export const IDS = {
  bookmark: "0oa1bkmrkchk0000d7x1",
  policy: "rst1rqmngdev0000d7x1",
  managedRule: "rul1mngdalwd0000d7x1",
  catchAllRule: "rul1ctchall00000d7x1",
  defaultPolicy: "rst1default00000d7x1",
} as const;

export const LABEL = "Managed Device Check";
export const POLICY_NAME = "Require Managed Device";
export const RULE_NAME = "Managed Device Allowed";

export interface TestUser {
  id: string;
  login: string;
  name: string;
}

export const ALICE: TestUser = { id: "00u1alice00000000001", login: "alice@acme.example", name: "Alice Anders" };
export const BOB: TestUser = { id: "00u1bob0000000000002", login: "bob@acme.example", name: "Bob Brandt" };
export const CAROL: TestUser = { id: "00u1carol00000000003", login: "carol@acme.example", name: "Carol Chen" };

export function bookmarkApp(overrides: Json = {}): Json {
  return {
    id: IDS.bookmark,
    name: "bookmark",
    label: LABEL,
    status: "ACTIVE",
    lastUpdated: "2025-06-01T09:00:00.000Z",
    created: "2025-06-01T09:00:00.000Z",
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { login: true } },
    features: [],
    signOnMode: "BOOKMARK",
    credentials: { userNameTemplate: { template: "${source.login}", type: "BUILT_IN" }, signing: {} },
    settings: { app: { requestIntegration: false, url: "https://www.okta.com/" }, notes: { admin: null, enduser: null } },
    _links: {
      uploadLogo: { href: `https://acme.okta.com/api/v1/apps/${IDS.bookmark}/logo`, hints: { allow: ["POST"] } },
      appLinks: [{ name: "login", href: `https://acme.okta.com/home/bookmark/${IDS.bookmark}/2557`, type: "text/html" }],
      accessPolicy: { href: `https://acme.okta.com/api/v1/policies/${IDS.policy}` },
      users: { href: `https://acme.okta.com/api/v1/apps/${IDS.bookmark}/users` },
      deactivate: { href: `https://acme.okta.com/api/v1/apps/${IDS.bookmark}/lifecycle/deactivate` },
    },
    ...overrides,
  };
}

export function accessPolicy(overrides: Json = {}): Json {
  return {
    id: IDS.policy,
    status: "ACTIVE",
    name: POLICY_NAME,
    description: "Temporary managed-device check (okta-managed-device-check): the catch-all denies; only a registered, managed device signing in with Okta Verify FastPass is allowed.",
    priority: 1,
    system: false,
    conditions: null,
    created: "2025-06-01T09:00:00.000Z",
    lastUpdated: "2025-06-01T09:00:00.000Z",
    type: "ACCESS_POLICY",
    _links: {
      self: { href: `https://acme.okta.com/api/v1/policies/${IDS.policy}`, hints: { allow: ["GET", "PUT", "DELETE"] } },
      rules: { href: `https://acme.okta.com/api/v1/policies/${IDS.policy}/rules`, hints: { allow: ["GET", "POST"] } },
      mappings: { href: `https://acme.okta.com/api/v1/policies/${IDS.policy}/mappings`, hints: { allow: ["GET", "POST"] } },
    },
    ...overrides,
  };
}

// As Okta answers it: terraform-provider-okta test/fixtures/vcr/idaas/TestAccResourceOktaAppSignOnPolicyRule_crud
// (system: true, priority 99, conditions null).
export function catchAllRule(access = "DENY"): Json {
  return {
    id: IDS.catchAllRule,
    status: "ACTIVE",
    name: "Catch-all Rule",
    priority: 99,
    created: "2025-06-01T09:00:00.000Z",
    lastUpdated: "2025-06-01T09:00:00.000Z",
    system: true,
    conditions: null,
    actions: {
      appSignOn: {
        access,
        verificationMethod: { factorMode: "2FA", type: "ASSURANCE", reauthenticateIn: "PT2H", constraints: [{ knowledge: { required: false }, possession: { required: false } }] },
      },
    },
    type: "ACCESS_POLICY",
  };
}

/** The rule as the provider creates it; `change` edits a copy the way an admin might in the console. */
export function managedDeviceRule(change: (rule: ManagedRuleShape) => void = () => undefined): Json {
  const rule: ManagedRuleShape = {
    id: IDS.managedRule,
    status: "ACTIVE",
    name: RULE_NAME,
    // The component sends priority: 1 (components/managedDeviceCheck.ts), which the provider passes on.
    priority: 1,
    created: "2025-06-01T09:00:00.000Z",
    lastUpdated: "2025-06-01T09:00:00.000Z",
    system: false,
    conditions: {
      people: { users: { exclude: [] } },
      network: { connection: "ANYWHERE" },
      riskScore: { level: "ANY" },
      device: { registered: true, managed: true, assurance: { include: [] } },
    },
    actions: {
      appSignOn: {
        access: "ALLOW",
        verificationMethod: {
          factorMode: "2FA",
          type: "ASSURANCE",
          reauthenticateIn: "PT0S",
          constraints: [{ possession: { authenticationMethods: [{ key: "okta_verify", method: "signed_nonce" }], required: true } }],
        },
      },
    },
    type: "ACCESS_POLICY",
  };
  change(rule);
  return rule as unknown as Json;
}

export interface ManagedRuleShape {
  id: string;
  status: string;
  name: string;
  priority: number;
  created: string;
  lastUpdated: string;
  system: boolean;
  conditions: { people: Json; network: Json; riskScore: Json; device: { registered?: boolean; managed?: boolean; assurance: Json } };
  actions: {
    appSignOn: {
      access: string;
      verificationMethod: {
        factorMode: string;
        type: string;
        reauthenticateIn: string;
        constraints: Array<{ possession?: { authenticationMethods?: Array<{ key: string; method: string }>; required?: boolean }; knowledge?: Json }>;
      };
    };
  };
  type: string;
}

/** A user as UserApi.getUser returns it (okta-sdk-nodejs src/types/generated/models/User.d.ts). */
export function oktaUser(user: TestUser): Json {
  const [firstName, lastName] = user.name.split(" ");
  return {
    id: user.id,
    status: "ACTIVE",
    created: "2024-01-10T08:00:00.000Z",
    activated: "2024-01-10T08:00:00.000Z",
    statusChanged: "2024-01-10T08:00:00.000Z",
    lastLogin: "2025-06-15T10:00:00.000Z",
    lastUpdated: "2024-01-10T08:00:00.000Z",
    passwordChanged: "2024-01-10T08:00:00.000Z",
    type: { id: "oty1default0000d7x1" },
    profile: { firstName, lastName, mobilePhone: null, secondEmail: null, login: user.login, email: user.login },
    credentials: { password: {}, provider: { type: "OKTA", name: "OKTA" } },
    _links: { self: { href: `https://acme.okta.com/api/v1/users/${user.id}` } },
  };
}

export interface DeviceLink {
  user: TestUser;
  managementStatus: "MANAGED" | "NOT_MANAGED";
}

/**
 * A device as `GET /api/v1/devices?expand=user` lists it (okta-sdk-nodejs models/Device.d.ts and
 * DeviceProfile.d.ts), its users in `_embedded.users` (DeviceListEmbedded.d.ts, DeviceUser.d.ts).
 */
export function device(id: string, displayName: string, platform: string, links: DeviceLink[], registered = true): Json {
  return {
    id,
    status: "ACTIVE",
    created: "2025-06-10T08:00:00.000Z",
    lastUpdated: "2025-06-15T10:00:00.000Z",
    profile: { displayName, platform, manufacturer: "Apple Inc.", model: "MacBookPro18,3", osVersion: "14.5.0", serialNumber: `SN${id.slice(-6)}`, udid: `udid-${id}`, registered, secureHardwarePresent: true, diskEncryptionType: "ALL_INTERNAL_VOLUMES" },
    resourceId: id,
    resourceDisplayName: { value: displayName, sensitive: false },
    resourceType: "UDDevice",
    resourceAlternateId: null,
    _links: { self: { href: `https://acme.okta.com/api/v1/devices/${id}`, hints: { allow: ["GET", "PATCH", "PUT"] } }, users: { href: `https://acme.okta.com/api/v1/devices/${id}/users` } },
    _embedded: {
      users: links.map((link) => ({
        created: "2025-06-10T08:00:00.000Z",
        managementStatus: link.managementStatus,
        screenLockType: "BIOMETRIC",
        user: oktaUser(link.user),
      })),
    },
  };
}

export interface EvaluationSpec {
  user: TestUser;
  published: string;
  result: "ALLOW" | "DENY" | "CHALLENGE";
  /**
   * The check's rule the event names after the global session policy's: default the managed-device
   * rule for ALLOW and CHALLENGE, the catch-all for DENY. `null` leaves it out.
   */
  rule?: { id?: string; name: string } | null;
  /** Whether the global session policy's rule comes first, as in Identity Engine (default true). */
  globalRule?: boolean;
  appId?: string;
  /** The device Okta saw, as a UDDevice target of the evaluation. */
  device?: SignInDevice;
  /** Every target, in place of the ones above (a Classic event, say). */
  targets?: Json[];
  session?: string;
}

const BOOKMARK: AppRef = { id: IDS.bookmark, label: LABEL };
export const MANAGED_RULE = { id: IDS.managedRule, name: RULE_NAME } as const;
export const CATCH_ALL_RULE = { id: IDS.catchAllRule, name: "Catch-all Rule" } as const;

/** The sign-in session of a user's events, unless a test says otherwise. */
const sessionOf = (user: TestUser) => `idx${user.id.slice(3)}Session`;

/** A `policy.evaluate_sign_on` System Log event for the bookmark, in the recorded Identity Engine shape (fixtures/recordedEvents.ts). */
export function signOnEvaluation(spec: EvaluationSpec): Json {
  const rule = spec.rule === null ? undefined : (spec.rule ?? (spec.result === "DENY" ? CATCH_ALL_RULE : MANAGED_RULE));
  const app = spec.appId ? { id: spec.appId, label: LABEL } : BOOKMARK;
  const evaluationResult = spec.result === "ALLOW" ? "AUTHENTICATED" : spec.result === "CHALLENGE" ? "CHALLENGE" : undefined;
  const targets = spec.targets ?? [
    appInstanceTarget(app, evaluationResult),
    ...(spec.globalRule === false ? [] : [ruleTarget(GLOBAL_SESSION_RULE)]),
    ...(rule ? [ruleTarget(rule, "2FA")] : []),
    ...(spec.device ? [udDeviceTarget(spec.device)] : []),
  ];
  return signOnEvaluationEvent({ actor: spec.user, published: spec.published, result: spec.result, target: targets, session: spec.session ?? sessionOf(spec.user) });
}

export interface SignInSpec {
  user: TestUser;
  /** When the deciding evaluation is published. */
  at: string;
  result: "ALLOW" | "DENY";
  /** The authenticators of the sign-in, in order (default the password, then the FastPass probe). */
  methods?: MfaMethod[];
  /** The device Okta saw: a UDDevice target of the evaluation and, when allowed, the device block of user.authentication.sso. */
  device?: SignInDevice;
  session?: string;
}

/**
 * A whole sign-in to the bookmark as Identity Engine logs it: the evaluation that challenges, one
 * user.authentication.auth_via_mfa per authenticator, the deciding evaluation and, when allowed,
 * user.authentication.sso with the device block.
 */
export function signIn(spec: SignInSpec): Json[] {
  const at = Date.parse(spec.at);
  const time = (seconds: number) => new Date(at + seconds * 1000).toISOString();
  const session = spec.session ?? sessionOf(spec.user);
  const methods = spec.methods ?? ["password", "fastpass"];
  return [
    signOnEvaluation({ user: spec.user, published: time(-20), result: "CHALLENGE", session }),
    ...methods.map((method, index) => mfaVerificationEvent({ actor: spec.user, published: time(-15 + index * 5), method, session })),
    signOnEvaluation({ user: spec.user, published: spec.at, result: spec.result, device: spec.device, session }),
    ...(spec.result === "ALLOW" ? [appSsoEvent({ actor: spec.user, published: time(1), app: BOOKMARK, session, device: spec.device })] : []),
  ];
}

/** A device Okta saw at a sign-in: a Mac whose name is its hardware model. */
export function signInDevice(id: string, change: Partial<SignInDevice> = {}): SignInDevice {
  return { id, model: "Mac15,6", platform: "MACOS", osVersion: "14.5.0", managed: true, registered: true, ...change };
}

/** The tenant right after `pulumi up` for these users, with no sign-in yet. */
export function healthyTenant(users: TestUser[] = [ALICE, BOB, CAROL]): FakeTenant {
  return {
    apps: [bookmarkApp(), { ...bookmarkApp({ id: "0oa1other000000d7x1", name: "oidc_client", label: "Managed Device Check Portal" }) }],
    policies: [accessPolicy(), accessPolicy({ id: IDS.defaultPolicy, name: "Default Policy", system: true, priority: 2 })],
    rules: { [IDS.policy]: [managedDeviceRule(), catchAllRule()], [IDS.defaultPolicy]: [] },
    users: users.map(oktaUser),
    assignments: { [IDS.bookmark]: users.map((user) => user.id) },
    logs: [],
    devices: [],
  };
}

/** N test users with Okta-shaped ids (00u + 17 characters) and logins. */
export function cohort(size: number): TestUser[] {
  return Array.from({ length: size }, (_, index) => {
    const n = String(index + 1).padStart(4, "0");
    return { id: `00u1cohort${n}000000`.slice(0, 20), login: `user${n}@acme.example`, name: `User ${n}` };
  });
}

/** A user's factor as `GET /api/v1/users/{id}/factors` returns it (UserFactor: factorType, provider, status). */
export function factor(factorType: "signed_nonce" | "push" | "token:software:totp", status = "ACTIVE"): Json {
  return {
    id: `opf1${factorType.replace(/[^a-z]/g, "").slice(0, 10)}d7x1`,
    factorType,
    provider: "OKTA",
    vendorName: "OKTA",
    status,
    created: "2025-06-10T08:00:00.000Z",
    lastUpdated: "2025-06-10T08:00:00.000Z",
    profile: factorType === "signed_nonce" ? { credentialId: "alice@acme.example", deviceType: "SmartPhone_IPhone", keys: [], name: "Alice's MacBook Pro", platform: "MACOS", version: "14.5.0" } : { name: "Alice's iPhone", platform: "IOS" },
    _links: {},
  };
}

/** A `user.authentication.auth_via_mfa` System Log event of the user's sign-in (fixtures/recordedEvents.ts). */
export function mfaEvent(user: TestUser, published: string, method: MfaMethod = "fastpass"): Json {
  return mfaVerificationEvent({ actor: user, published, method, session: sessionOf(user) });
}
