import * as pulumi from "@pulumi/pulumi";
import { noCheckOnOtherOrg } from "../../policies/noCheckOnOtherOrg";
import { TYPES } from "../../policies/okta";
import { checkResources, find, Res, resource, run } from "./harness";

const providerResource = (name: string, props: Record<string, unknown>) => resource(TYPES.oktaProvider, name, props);
const asProvider = (p: Res) => ({ urn: p.urn, type: p.type, name: p.name, props: p.props });
const FIX =
  "npm run verify reads the org from the stack's okta:orgName and okta:baseUrl, so a check created through another provider lives where nobody verifies it, possibly in a production org. " +
  "Fix: drop the provider option and set okta:orgName and okta:baseUrl in the stack config for the org the check belongs to.";

/** The check's resources, each on `provider`, with the stack's default provider for acme-preview.oktapreview.com beside it. */
function stackOn(provider: Res, withDefault = true): Res[] {
  const standard = providerResource("default_7_0_0", { orgName: "acme-preview", baseUrl: "oktapreview.com" });
  const resources = checkResources().map((r) => (r.type === TYPES.component ? r : { ...r, provider: asProvider(provider) }));
  return [...(withDefault ? [standard] : []), ...(provider.name.startsWith("default") ? [] : [provider]), ...resources];
}

describe("no-check-on-other-org", () => {
  it("passes the check on the stack's default provider, and an explicit provider for the same org", () => {
    const standard = providerResource("default_7_0_0", { orgName: "acme-preview", baseUrl: "oktapreview.com" });
    expect(run(noCheckOnOtherOrg, stackOn(standard))).toEqual([]);
    expect(run(noCheckOnOtherOrg, stackOn(providerResource("preview", { orgName: "acme-preview", baseUrl: "oktapreview.com" })))).toEqual([]);
  });

  it("rejects the check on an explicit provider for another org, naming what is created through it", () => {
    const production = providerResource("production", { orgName: "acme", baseUrl: "okta.com" });
    const resources = stackOn(production);
    const on = resources.filter((r) => r.provider).map((r) => `${r.type.split(":").pop()} ${r.name}`);
    expect(on).toContain("AppSignonPolicy check-policy");
    expect(run(noCheckOnOtherOrg, resources)).toEqual([
      {
        level: "mandatory",
        message: `The stack declares the Okta provider production for org acme.okta.com, not the stack's acme-preview.oktapreview.com, and ${on.join(", ")} are created through it. ${FIX}`,
        urn: production.urn,
      },
    ]);
  });

  it("rejects an explicit provider whose org is not known, and one in a stack without a default provider", () => {
    const unnamed = providerResource("other", {});
    expect(run(noCheckOnOtherOrg, [unnamed])).toEqual([{ level: "mandatory", message: `The stack declares the Okta provider other for an org its config does not name. ${FIX}`, urn: unnamed.urn }]);
    const production = providerResource("production", { orgName: "acme" });
    const found = run(noCheckOnOtherOrg, stackOn(production, false));
    expect(found.map((f) => f.message.split(". npm run verify")[0])).toEqual([
      "The stack declares the Okta provider production for org acme.okta.com, while the stack names no org of its own (okta:orgName), and AppSignonPolicy check-policy, AppSignonPolicyRule check-rule, Bookmark check-bookmark, User check-user-alice@acme.example are created through it",
    ]);
  });

  describe("with the org in the stack's config (PULUMI_CONFIG), and no default provider", () => {
    beforeEach(() => pulumi.runtime.setAllConfig({ "okta:orgName": "acme-preview", "okta:baseUrl": "oktapreview.com" }));
    afterEach(() => pulumi.runtime.setAllConfig({}));

    it("passes an explicit provider for that org and rejects one for another", () => {
      expect(run(noCheckOnOtherOrg, stackOn(providerResource("tenant", { orgName: "acme-preview", baseUrl: "oktapreview.com" }), false))).toEqual([]);
      const found = run(noCheckOnOtherOrg, stackOn(providerResource("production", { orgName: "acme" }), false));
      expect(found.map((f) => f.message.split(", and ")[0])).toEqual(["The stack declares the Okta provider production for org acme.okta.com, not the stack's acme-preview.oktapreview.com"]);
    });
  });

  it("is not applicable to a stack on its default provider only", () => {
    expect(run(noCheckOnOtherOrg, checkResources())).toEqual([]);
    expect(find(checkResources(), TYPES.bookmark).provider).toBeUndefined();
  });
});
