import * as pulumi from "@pulumi/pulumi";
import * as okta from "@pulumi/okta";
import { EVERY_SIGN_IN, fastPassConstraint, FastPassKey, OKTA_USER_ID, TYPES, withExpiry } from "../policies/okta";
import { CHECK_DEFAULTS } from "./defaults";

/** The component's type token. */
export const MANAGED_DEVICE_CHECK_TYPE = TYPES.component;

export interface ManagedDeviceCheckArgs {
  /**
   * The test users, each a login or an Okta user id (`00u...`); either is looked up in the tenant to
   * learn the user's login and status. One assignment is declared per entry, so the list itself must
   * be known up front.
   */
  testUsers: string[];
  /** The bookmark's https URL: where the user lands once the device passes. */
  bookmarkUrl: pulumi.Input<string>;
  /** The bookmark's label on the End-User Dashboard. Default "Managed Device Check". */
  bookmarkLabel?: pulumi.Input<string>;
  /** The authentication policy's name, unique in the tenant. Default "Require Managed Device". */
  policyName?: pulumi.Input<string>;
  /** The managed-device rule's name. Default "Managed Device Allowed". */
  ruleName?: pulumi.Input<string>;
  /** `1FA` or `2FA` (default): whether FastPass alone or FastPass plus another factor. */
  factorMode?: pulumi.Input<"1FA" | "2FA">;
  /**
   * The authenticator key FastPass goes by in the org: `okta_verify` (default), or
   * `okta_verify_fastpass` in orgs with Flexible Okta Verify authenticator configuration.
   */
  fastPassKey?: FastPassKey;
  /** The date (YYYY-MM-DD) after which the check should be destroyed; recorded in the policy's description. */
  expiresOn?: string;
}

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
  /** The Okta user ids of the test users, in the order of `testUsers`. */
  public readonly assignedUserIds: pulumi.Output<string[]>;

  constructor(name: string, args: ManagedDeviceCheckArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MANAGED_DEVICE_CHECK_TYPE, name, {}, opts);
    if (args.testUsers.length === 0) {
      throw new Error(`ManagedDeviceCheck ${name}: testUsers must name at least 1 test user`);
    }

    // A rename is an in-place update in the provider; nothing the component sends forces a
    // replacement of the policy (resource_okta_app_signon_policy.go has no ForceNew field). Only
    // `pulumi up --replace` does, and then the new policy would take a name the old one still holds
    // in the tenant, so the old one goes first.
    this.policy = new okta.AppSignonPolicy(
      `${name}-policy`,
      {
        name: args.policyName ?? CHECK_DEFAULTS.policyName,
        description: withExpiry(POLICY_DESCRIPTION, args.expiresOn),
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
        name: args.ruleName ?? CHECK_DEFAULTS.ruleName,
        access: "ALLOW",
        deviceIsRegistered: true,
        deviceIsManaged: true,
        constraints: [fastPassConstraint(args.fastPassKey ?? CHECK_DEFAULTS.fastPassKey)],
        factorMode: args.factorMode ?? CHECK_DEFAULTS.factorMode,
        reAuthenticationFrequency: EVERY_SIGN_IN,
        priority: 1,
      },
      { parent: this },
    );

    this.bookmark = new okta.app.Bookmark(
      `${name}-bookmark`,
      {
        label: args.bookmarkLabel ?? CHECK_DEFAULTS.bookmarkLabel,
        url: args.bookmarkUrl,
        authenticationPolicy: this.policy.id,
      },
      { parent: this },
    );

    const users = args.testUsers.map((user) => this.lookUpActiveUser(name, user));
    this.assignments = args.testUsers.map(
      (user, index) =>
        // A Bookmark app has no credential scheme, so the provider requires the user's login as the
        // username (resource_okta_app_user.go, resourceAppUserCreate).
        new okta.app.User(`${name}-user-${user}`, { appId: this.bookmark.id, userId: users[index].id, username: users[index].login }, { parent: this }),
    );
    this.assignedUserIds = pulumi.all(users.map((user) => user.id));

    this.registerOutputs({ assignedUserIds: this.assignedUserIds });
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

const POLICY_DESCRIPTION =
  "Temporary managed-device check (okta-managed-device-check): the catch-all denies; only a registered, managed device signing in with Okta Verify FastPass is allowed.";
