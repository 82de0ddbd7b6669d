import { noInsecureBookmarkUrl } from "../../policies/noInsecureBookmarkUrl";
import { TYPES } from "../../policies/okta";
import { cannotRun, resource, run, UNKNOWN } from "./harness";

const bookmark = (props: Record<string, unknown>) => resource(TYPES.bookmark, "check-bookmark", { label: "Managed Device Check", authenticationPolicy: UNKNOWN, ...props });
const check = (props: Record<string, unknown>) => run(noInsecureBookmarkUrl, [bookmark(props)]);
const message = (problem: string) =>
  `Bookmark check-bookmark: ${problem}. Users reach this address right after the check lets them through; over plain http (or without a valid https URL) ` +
  "the page and anything sent to it can be read or altered on the way. Fix: use an https URL with a real host, such as https://www.okta.com/.";

describe("no-insecure-bookmark-url", () => {
  it("passes https URLs, and ignores other resource types", () => {
    expect(check({ url: "https://www.okta.com/", accessibilityErrorRedirectUrl: "https://help.example/" })).toEqual([]);
    expect(run(noInsecureBookmarkUrl, [resource(TYPES.appSignonPolicy, "check-policy", { url: "http://x.example/" })])).toEqual([]);
  });

  it.each([
    ["http://www.okta.com/", 'url is "http://www.okta.com/", which uses http instead of https'],
    ["ftp://files.example/", 'url is "ftp://files.example/", which uses ftp instead of https'],
    ["www.okta.com", 'url is "www.okta.com", which is not a URL'],
    [undefined, "url is unset"],
  ])("rejects the url %s", (url, problem) => {
    expect(check({ url })).toEqual([{ level: "mandatory", message: message(problem), urn: bookmark({}).urn }]);
  });

  it("checks the accessibility redirect URLs when set", () => {
    expect(check({ url: "https://www.okta.com/", accessibilityErrorRedirectUrl: "http://err.example/" }).map((r) => r.message)).toEqual([
      message('accessibilityErrorRedirectUrl is "http://err.example/", which uses http instead of https'),
    ]);
  });

  it("leaves an unknown URL to the update, after reporting the ones it could read", () => {
    expect(check({ url: UNKNOWN })).toEqual([cannotRun("no-insecure-bookmark-url", ".url", bookmark({}).urn)]);
    expect(check({ url: "http://www.okta.com/", accessibilityLoginRedirectUrl: UNKNOWN }).map((r) => r.level)).toEqual(["mandatory", "advisory"]);
  });

  it.each([
    ["https://admin:hunter2@intranet.example/", "intranet.example"],
    ["https://token@intranet.example/", "intranet.example"],
    ["http://admin:hunter2@intranet.example/", "intranet.example"],
  ])("rejects credentials in the URL without repeating them (%#)", (url, host) => {
    const found = check({ url });
    expect(found).toEqual([
      {
        level: "mandatory",
        message:
          `Bookmark check-bookmark: url carries a user name or password before its host "${host}". ` +
          "Every user assigned the bookmark can read them in the app's link, and they end up in browser history and proxy logs. Fix: remove user:password@ from the URL and sign in to the target another way.",
        urn: bookmark({}).urn,
      },
    ]);
    expect(found[0].message).not.toContain("hunter2");
  });

  it.each(["https://localhost/", "https://127.0.0.1/", "https://127.1.2.3:8443/x", "https://[::1]/", "https://app.localhost/", "https://0.0.0.0/", "https://LOCALHOST./"])(
    "rejects %s, the user's own machine",
    (url) => {
      expect(check({ url })).toEqual([
        {
          level: "mandatory",
          message:
            `Bookmark check-bookmark: url is ${JSON.stringify(url)}, which points at the user's own machine. ` +
            "Whatever listens there on the tester's device, not a known site, receives the user right after the check. Fix: use an https URL with a real host, such as https://www.okta.com/.",
          urn: bookmark({}).urn,
        },
      ]);
    },
  );
});
