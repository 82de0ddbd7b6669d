import type { FakeTenant } from "./fakeOkta";

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

let eventCount = 0;

export interface EvaluationSpec {
  user: TestUser;
  published: string;
  result: "ALLOW" | "DENY" | "CHALLENGE";
  /** The matched rule; default the managed-device rule for ALLOW, the catch-all for DENY. `null` leaves it out. */
  rule?: { id: string; name: string } | null;
  appId?: string;
  device?: { id: string; name: string; managed: boolean; registered: boolean };
}

/** A `policy.evaluate_sign_on` System Log event for the bookmark. */
export function signOnEvaluation(spec: EvaluationSpec): Json {
  const rule =
    spec.rule === null
      ? undefined
      : (spec.rule ?? (spec.result === "DENY" ? { id: IDS.catchAllRule, name: "Catch-all Rule" } : { id: IDS.managedRule, name: RULE_NAME }));
  const appId = spec.appId ?? IDS.bookmark;
  return {
    actor: { id: spec.user.id, type: "User", alternateId: spec.user.login, displayName: spec.user.name, detailEntry: null },
    client: {
      userAgent: { rawUserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)", os: "Mac OS X", browser: "SAFARI" },
      zone: "null",
      device: "Computer",
      id: null,
      ipAddress: "203.0.113.7",
      geographicalContext: { city: "Berlin", state: "Land Berlin", country: "Germany", postalCode: "10115", geolocation: { lat: 52.52, lon: 13.4 } },
    },
    device: spec.device
      ? { id: spec.device.id, name: spec.device.name, os_platform: "OSX", os_version: "14.5.0", managed: spec.device.managed, registered: spec.device.registered, device_integrator: null, disk_encryption_type: "ALL_INTERNAL_VOLUMES", screen_lock_type: "BIOMETRIC", jailbreak: null, secure_hardware_present: true }
      : null,
    authenticationContext: { authenticationProvider: null, credentialProvider: null, credentialType: null, issuer: null, interface: null, authenticationStep: 0, externalSessionId: "idxFakeSession" },
    displayMessage: "Evaluation of sign-on policy",
    eventType: "policy.evaluate_sign_on",
    outcome: { result: spec.result, reason: spec.result === "CHALLENGE" ? "Sign-on policy evaluation resulted in CHALLENGE" : `Sign-on policy evaluation resulted in ${spec.result}` },
    published: spec.published,
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    severity: spec.result === "DENY" ? "WARN" : "INFO",
    debugContext: { debugData: { requestUri: `/app/bookmark/${appId}/sso/saml`, url: `/home/bookmark/${appId}/2557` } },
    legacyEventType: null,
    transaction: { type: "WEB", id: `txn${++eventCount}`, detail: {} },
    uuid: `5f3c0e4a-0000-4000-8000-${String(eventCount).padStart(12, "0")}`,
    version: "0",
    request: { ipChain: [{ ip: "203.0.113.7", geographicalContext: null, version: "V4", source: null }] },
    target: [
      { id: appId, type: "AppInstance", alternateId: LABEL, displayName: LABEL, detailEntry: { signOnModeType: "BOOKMARK" } },
      ...(rule ? [{ id: rule.id, type: "Rule", alternateId: "unknown", displayName: rule.name, detailEntry: { policyType: "ACCESS_POLICY", policyRuleFactorMode: "2FA" } }] : []),
    ],
  };
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

/** A `user.authentication.auth_via_mfa` System Log event (the seed article's sign of a FastPass probe). */
export function mfaEvent(user: TestUser, published: string, result = "SUCCESS"): Json {
  const evaluation = signOnEvaluation({ user, published, result: "ALLOW" });
  return {
    ...evaluation,
    eventType: "user.authentication.auth_via_mfa",
    displayMessage: "Authentication of user via MFA",
    outcome: { result, reason: null },
    device: null,
    target: [
      { id: user.id, type: "User", alternateId: user.login, displayName: user.name, detailEntry: null },
      { id: "pfd1fastpass000d7x1", type: "AuthenticatorEnrollment", alternateId: "unknown", displayName: "Okta Verify", detailEntry: { methodTypeUsed: "Use Okta FastPass", methodUsedVerifiedProperties: "[DEVICE_BOUND, HARDWARE_PROTECTED]" } },
    ],
  };
}
