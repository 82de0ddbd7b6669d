import * as pulumi from "@pulumi/pulumi";
import * as okta from "@pulumi/okta";
import { EVERY_SIGN_IN, FASTPASS_CONSTRAINT } from "./constants";
import { DEFAULT_BOOKMARK_LABEL, DEFAULT_FACTOR_MODE, DEFAULT_POLICY_NAME, DEFAULT_RULE_NAME } from "./config";

/** The component's type token. */
export const MANAGED_DEVICE_CHECK_TYPE = "okta-managed-device-check:index:ManagedDeviceCheck";

export interface ManagedDeviceCheckArgs {
  /**
   * The test users, each a login (looked up in the tenant) or an Okta user id (`00u...`, used as
   * given). One assignment is declared per entry, so the list itself must be known up front.
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
  /** The date (YYYY-MM-DD) after which the check should be destroyed; recorded in the policy's description. */
  expiresOn?: string;
}

const OKTA_USER_ID = /^00u[0-9A-Za-z]{17}$/;

/**
 * A temporary Bookmark app, assigned only to the test users and guarded by its own authentication
 * policy: the catch-all rule denies, and the single rule allows a registered and managed device
 * signing in with Okta Verify FastPass, prompting every time. A test user who can open the
 * bookmark is on a managed device; `pulumi destroy` removes all of it.
 */
export class ManagedDeviceCheck extends pulumi.ComponentResource {
  public readonly bookmarkAppId: pulumi.Output<string>;
  public readonly bookmarkLabel: pulumi.Output<string>;
  public readonly bookmarkUrl: pulumi.Output<string>;
  public readonly policyId: pulumi.Output<string>;
  public readonly ruleId: pulumi.Output<string>;
  public readonly catchAllRuleId: pulumi.Output<string>;
  public readonly assignedUserIds: pulumi.Output<string[]>;
  public readonly nextStep: pulumi.Output<string>;

  constructor(name: string, args: ManagedDeviceCheckArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MANAGED_DEVICE_CHECK_TYPE, name, {}, opts);
    if (args.testUsers.length === 0) {
      throw new Error(`ManagedDeviceCheck ${name}: testUsers must name at least 1 test user`);
    }

    // Okta policy names are unique per tenant: a replacement must delete the old one first.
    const unique: pulumi.CustomResourceOptions = { parent: this, deleteBeforeReplace: true };

    const policy = new okta.AppSignonPolicy(
      `${name}-policy`,
      {
        name: args.policyName ?? DEFAULT_POLICY_NAME,
        description: describePolicy(args.expiresOn),
        catchAll: false,
      },
      unique,
    );

    const rule = new okta.AppSignonPolicyRule(
      `${name}-rule`,
      {
        policyId: policy.id,
        name: args.ruleName ?? DEFAULT_RULE_NAME,
        access: "ALLOW",
        deviceIsRegistered: true,
        deviceIsManaged: true,
        constraints: [FASTPASS_CONSTRAINT],
        factorMode: args.factorMode ?? DEFAULT_FACTOR_MODE,
        reAuthenticationFrequency: EVERY_SIGN_IN,
        priority: 1,
      },
      unique,
    );

    const bookmark = new okta.app.Bookmark(
      `${name}-bookmark`,
      {
        label: args.bookmarkLabel ?? DEFAULT_BOOKMARK_LABEL,
        url: args.bookmarkUrl,
        authenticationPolicy: policy.id,
      },
      { parent: this },
    );

    const userIds = args.testUsers.map((user) => this.resolveUserId(name, user));
    for (const [index, user] of args.testUsers.entries()) {
      new okta.app.User(`${name}-user-${user}`, { appId: bookmark.id, userId: userIds[index] }, { parent: this });
    }

    this.bookmarkAppId = bookmark.id;
    this.bookmarkLabel = bookmark.label;
    this.bookmarkUrl = bookmark.url;
    this.policyId = policy.id;
    this.ruleId = rule.id;
    this.catchAllRuleId = policy.defaultRuleId;
    this.assignedUserIds = pulumi.all(userIds);
    this.nextStep = pulumi.interpolate`On the device under test, ${describeUsers(args.testUsers)} open the "${bookmark.label}" tile on the Okta End-User Dashboard and sign in with Okta Verify (FastPass). If the app opens, the device is managed; if access is denied, it is not. Then read the outcome with: npm run verify -- --stack ${pulumi.getStack()}`;

    this.registerOutputs({
      bookmarkAppId: this.bookmarkAppId,
      bookmarkLabel: this.bookmarkLabel,
      bookmarkUrl: this.bookmarkUrl,
      policyId: this.policyId,
      ruleId: this.ruleId,
      catchAllRuleId: this.catchAllRuleId,
      assignedUserIds: this.assignedUserIds,
      nextStep: this.nextStep,
    });
  }

  private resolveUserId(name: string, user: string): pulumi.Output<string> {
    if (OKTA_USER_ID.test(user)) return pulumi.output(user);
    return okta.user
      .getUserOutput({ searches: [{ name: "profile.login", value: user }], skipGroups: true, skipRoles: true }, { parent: this })
      .apply((found) => {
        if (!found.id) throw new pulumi.ResourceError(`ManagedDeviceCheck ${name}: no Okta user has the login ${user}`, this);
        return found.id;
      });
  }
}

function describePolicy(expiresOn: string | undefined): string {
  const base = "Temporary managed-device check (okta-managed-device-check): the catch-all denies; only a registered, managed device signing in with Okta Verify FastPass is allowed.";
  return expiresOn ? `${base} Expires ${expiresOn}.` : base;
}

function describeUsers(users: string[]): string {
  if (users.length === 1) return `ask ${users[0]} to`;
  if (users.length <= 3) return `ask ${users.slice(0, -1).join(", ")} and ${users[users.length - 1]} each to`;
  return `ask each of the ${users.length} test users to`;
}
