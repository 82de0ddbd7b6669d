import * as pulumi from "@pulumi/pulumi";
import * as okta from "@pulumi/okta";
import { EVERY_SIGN_IN, fastPassConstraint, OKTA_USER_ID, TYPES, withExpiry } from "../policies/okta";
import { argsProblemMessage, checkArgs } from "./checkArgs";
import { assignPilotGroups } from "./pilotGroups";
import { FactorMode, FastPassKey } from "./enums";
import { checkSetting, CheckSettings, RequiredSettingName, SettingName } from "./settings";

/** The component's type token. */
export const MANAGED_DEVICE_CHECK_TYPE = TYPES.component;

/**
 * The component's arguments. Written out for the component provider's schema, which reads this
 * interface; the compiler holds it to the settings table (`settings.ts`), which checks the values
 * at run time with the stack config's rules.
 */
export interface ManagedDeviceCheckArgs {
  /**
   * The test users, each a login or an Okta user id (`00u...`); either is looked up in the tenant to
   * learn the user's login and status. One assignment is declared per entry, so the list itself must
   * be known up front.
   */
  testUsers?: string[];
  /**
   * Pilot groups by exact name, beside or instead of `testUsers`: each is looked up in the tenant and
   * assigned with one `okta.app.GroupAssignment`, so that every member gets the bookmark. Must be known
   * up front, as `testUsers`.
   */
  testGroups?: string[];
  /** The bookmark's https URL: where the user lands once the device passes. */
  bookmarkUrl: pulumi.Input<string>;
  /** The bookmark's label on the End-User Dashboard. Default "Managed Device Check". */
  bookmarkLabel?: pulumi.Input<string>;
  /** The authentication policy's name, unique in the tenant. Default "Require Managed Device". */
  policyName?: pulumi.Input<string>;
  /** The managed-device rule's name. Default "Managed Device Allowed"; never "Catch-all Rule". */
  ruleName?: pulumi.Input<string>;
  /** `2FA` (default): FastPass plus another factor; `1FA`: FastPass alone. */
  factorMode?: pulumi.Input<FactorMode>;
  /**
   * The authenticator key FastPass goes by in the org: `okta_verify` (default), or
   * `okta_verify_fastpass` in orgs with Flexible Okta Verify authenticator configuration.
   */
  fastPassKey?: pulumi.Input<FastPassKey>;
  /** The date (YYYY-MM-DD) after which the check should be destroyed; recorded in the policy's description. */
  expiresOn?: pulumi.Input<string>;
}

// The interface above and the settings table name the same arguments, required the same way.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
const ARGS_MATCH_SETTINGS: SameKeys<keyof ManagedDeviceCheckArgs, SettingName> & SameKeys<RequiredKeys<ManagedDeviceCheckArgs>, RequiredSettingName> = true;
void ARGS_MATCH_SETTINGS;

/** What the component declares from: each setting checked, as a value or (for an Output argument) an Output checked once known. */
type Declared = { [K in keyof CheckSettings]: K extends "testUsers" | "testGroups" ? CheckSettings[K] : pulumi.Input<CheckSettings[K]> };

const isDeferred = (value: unknown) => pulumi.Output.isInstance(value) || value instanceof Promise;

/**
 * A temporary Bookmark app, assigned only to the test users and guarded by its own authentication
 * policy: the catch-all rule denies, and the single rule allows a registered and managed device
 * signing in with Okta Verify FastPass, prompting every time. A test user who can open the
 * bookmark is on a managed device; `pulumi destroy` removes all of it.
 */
export class ManagedDeviceCheck extends pulumi.ComponentResource {
  public readonly policy: okta.AppSignonPolicy;
  public readonly rule: okta.AppSignonPolicyRule;
  public readonly bookmark: okta.app.Bookmark;
  /** One assignment per test user, in the order of `testUsers`. */
  public readonly assignments: okta.app.User[];
  /** One assignment per pilot group, in the order of `testGroups`. */
  public readonly groupAssignments: okta.app.GroupAssignment[];
  /** The Okta user ids of the test users, in the order of `testUsers`. */
  public readonly assignedUserIds: pulumi.Output<string[]>;

  constructor(name: string, args: ManagedDeviceCheckArgs, opts?: pulumi.ComponentResourceOptions) {
    // Checked before anything is registered, the component itself included.
    const checked = checkArgs(args, isDeferred);
    if (checked.problems.length > 0) throw new pulumi.RunError(argsProblemMessage(`ManagedDeviceCheck ${name}`, checked.problems));
    super(MANAGED_DEVICE_CHECK_TYPE, name, {}, opts);

    const given = args as unknown as Record<SettingName, unknown>;
    const settings = Object.fromEntries(
      (Object.keys(checked.values) as SettingName[]).map((setting) => [setting, checked.values[setting]]).concat(checked.deferred.map((setting) => [setting, this.checkOnceKnown(name, setting, given[setting])])),
    ) as Declared;

    // A rename is an in-place update in the provider; nothing the component sends forces a
    // replacement of the policy (resource_okta_app_signon_policy.go has no ForceNew field). Only
    // `pulumi up --replace` does, and then the new policy would take a name the old one still holds
    // in the tenant, so the old one goes first.
    this.policy = new okta.AppSignonPolicy(
      `${name}-policy`,
      {
        name: settings.policyName,
        description: mapInput(settings.expiresOn, (expiresOn) => withExpiry(POLICY_DESCRIPTION, expiresOn)),
        catchAll: false,
      },
      { parent: this, deleteBeforeReplace: true },
    );

    // Replaced only when its policyId changes (its one ForceNew field, resource_okta_app_signon_policy_rule.go),
    // that is into a new policy, where its name is free: the default create-first order is safe.
    this.rule = new okta.AppSignonPolicyRule(
      `${name}-rule`,
      {
        policyId: this.policy.id,
        name: settings.ruleName,
        access: "ALLOW",
        deviceIsRegistered: true,
        deviceIsManaged: true,
        constraints: [mapInput(settings.fastPassKey, fastPassConstraint)],
        factorMode: settings.factorMode,
        reAuthenticationFrequency: EVERY_SIGN_IN,
        priority: 1,
      },
      { parent: this },
    );

    this.bookmark = new okta.app.Bookmark(
      `${name}-bookmark`,
      {
        label: settings.bookmarkLabel,
        url: settings.bookmarkUrl,
        authenticationPolicy: this.policy.id,
      },
      { parent: this },
    );

    const users = settings.testUsers.map((user) => this.lookUpActiveUser(name, user));
    this.assignments = settings.testUsers.map(
      (user, index) =>
        // A Bookmark app has no credential scheme, so the provider requires the user's login as the
        // username (resource_okta_app_user.go, resourceAppUserCreate). Assigned only once the rule
        // exists: before it, the tile could only deny, which would read as "not managed".
        new okta.app.User(`${name}-user-${user}`, { appId: this.bookmark.id, userId: users[index].id, username: users[index].login }, { parent: this, dependsOn: [this.rule] }),
    );
    this.assignedUserIds = pulumi.all(users.map((user) => user.id));
    this.groupAssignments = assignPilotGroups(this, name, settings.testGroups, this.bookmark.id, [this.rule]);

    this.registerOutputs({ assignedUserIds: this.assignedUserIds });
  }

  /** An argument given as an Output, checked with the same rules once its value is known. */
  private checkOnceKnown(name: string, setting: SettingName, value: unknown): pulumi.Output<unknown> {
    return (pulumi.output(value) as pulumi.Output<unknown>).apply((known: unknown) => {
      const result = checkSetting(setting, known);
      if ("problems" in result) throw new pulumi.ResourceError(argsProblemMessage(`ManagedDeviceCheck ${name}`, result.problems), this);
      return result.value;
    });
  }

  /**
   * Looks a test user up by login or by id. The provider's data source fails by itself, naming the
   * search, when no user has the login (data_source_okta_user.go); it does return users who cannot
   * sign in, which are refused here.
   */
  private lookUpActiveUser(name: string, user: string): pulumi.Output<{ id: string; login: string }> {
    const query = OKTA_USER_ID.test(user) ? { userId: user } : { searches: [{ name: "profile.login", value: user }] };
    return okta.user.getUserOutput({ ...query, skipGroups: true, skipRoles: true }, { parent: this }).apply((found) => {
      if (found.status !== "ACTIVE") {
        throw new pulumi.ResourceError(
          `ManagedDeviceCheck ${name}: test user ${user} is ${found.status}, not ACTIVE, and cannot sign in to open the bookmark; activate the user in Okta or remove them from testUsers`,
          this,
        );
      }
      return { id: found.id, login: found.login };
    });
  }
}

/** `f(value)`, as a plain value when the value is plain and as an Output when it is one. */
function mapInput<T, U>(value: pulumi.Input<T>, f: (value: T) => U): pulumi.Input<U> {
  return isDeferred(value) ? (pulumi.output(value) as pulumi.Output<T>).apply(f) : f(value as T);
}

const POLICY_DESCRIPTION =
  "Temporary managed-device check (okta-managed-device-check): the catch-all denies; only a registered, managed device signing in with Okta Verify FastPass is allowed.";
