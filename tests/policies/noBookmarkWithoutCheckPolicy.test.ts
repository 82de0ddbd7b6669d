import { noBookmarkWithoutCheckPolicy } from "../../policies/noBookmarkWithoutCheckPolicy";
import { TYPES } from "../../policies/okta";
import { resource, run, UNKNOWN } from "./harness";

const bookmark = (props: Record<string, unknown>) => resource(TYPES.bookmark, "check-bookmark", { label: "Managed Device Check", url: "https://www.okta.com/", ...props });
const check = (props: Record<string, unknown>) => run(noBookmarkWithoutCheckPolicy, [bookmark(props)]);
const FIX = "Fix: set authenticationPolicy to the check's AppSignonPolicy id and leave skipAuthenticationPolicy unset.";

describe("no-bookmark-without-check-policy", () => {
  it("passes a bookmark on a policy whose id is unknown (first preview) or known, and ignores other types", () => {
    expect(check({ authenticationPolicy: UNKNOWN })).toEqual([]);
    expect(check({ authenticationPolicy: "rst1a2b3c4d5e6f7g8h9", skipAuthenticationPolicy: false })).toEqual([]);
    expect(run(noBookmarkWithoutCheckPolicy, [resource("okta:app/oAuth:OAuth", "crm", {})])).toEqual([]);
  });

  it("rejects a bookmark that skips its authentication policy", () => {
    expect(check({ authenticationPolicy: UNKNOWN, skipAuthenticationPolicy: true })).toEqual([
      {
        level: "mandatory",
        message:
          "Bookmark check-bookmark: skipAuthenticationPolicy is true, so Okta guards it with the tenant's default authentication policy instead of the check's deny-by-default policy, " +
          `and an unmanaged device would be let through as if it were managed. ${FIX}`,
        urn: bookmark({}).urn,
      },
    ]);
  });

  it("rejects a bookmark with no authentication policy", () => {
    expect(check({})).toEqual([
      {
        level: "mandatory",
        message:
          "Bookmark check-bookmark: authenticationPolicy is not set, so Okta guards it with the tenant's default authentication policy, " +
          `which usually allows unmanaged devices: the check would report every device as managed. ${FIX}`,
        urn: bookmark({}).urn,
      },
    ]);
  });

  it.each([
    ["null", null],
    ["empty", ""],
    ["blank", "  "],
  ])("rejects an authenticationPolicy that is %s", (_what, authenticationPolicy) => {
    expect(check({ authenticationPolicy })).toEqual([
      {
        level: "mandatory",
        message:
          `Bookmark check-bookmark: authenticationPolicy is ${JSON.stringify(authenticationPolicy)}, so Okta guards it with the tenant's default authentication policy, ` +
          `which usually allows unmanaged devices: the check would report every device as managed. ${FIX}`,
        urn: bookmark({}).urn,
      },
    ]);
  });
});
