import { noExpiredCheck } from "../../policies/noExpiredCheck";
import { TYPES } from "../../policies/okta";
import { cannotRun, resource, run, UNKNOWN, urn } from "./harness";

const on = (instant: string) => noExpiredCheck(() => new Date(instant));
const policyIn = (stack: string, description: unknown) => ({
  ...resource(TYPES.appSignonPolicy, "check-policy", { name: "Require Managed Device", description, catchAll: false }),
  urn: urn(TYPES.appSignonPolicy, "check-policy", { stack, parentType: TYPES.component }),
});
const described = (expiresOn: string) => `Temporary managed-device check (okta-managed-device-check): the catch-all denies. Expires ${expiresOn}.`;
const message = (expiresOn: string, today: string, stack: string) =>
  `The managed-device check expired on ${expiresOn} (today is ${today}, UTC), but its policy check-policy is still declared. ` +
  "A temporary check left in place keeps a bookmark and an extra authentication policy in the tenant that nobody watches. " +
  `Fix: run \`pulumi destroy --stack ${stack}\` once the test is done, or move expiresOn in the stack config if it is still needed.`;

describe("no-expired-check", () => {
  it.each([
    ["expires today", "2027-01-31T12:00:00Z", described("2027-01-31")],
    ["expires later", "2026-12-01T12:00:00Z", described("2027-01-31")],
    ["has no date", "2030-01-01T12:00:00Z", "Temporary managed-device check."],
    ["has a date that is not on the calendar", "2030-01-01T12:00:00Z", described("2027-02-30")],
    ["has the date in the middle", "2030-01-01T12:00:00Z", "Expires 2027-01-31. and more"],
  ])("passes a check that %s", (_what, now, description) => {
    expect(run(on(now), [policyIn("prod", description)])).toEqual([]);
  });

  it("flags, as advisory, a check whose date is before today (UTC), naming pulumi destroy for the URN's stack", () => {
    const policy = policyIn("prod", described("2027-01-31"));
    expect(run(on("2027-02-01T12:00:00Z"), [policy])).toEqual([{ level: "advisory", message: message("2027-01-31", "2027-02-01", "prod"), urn: policy.urn }]);
  });

  it("uses the UTC date, not local time", () => {
    expect(run(on("2027-01-31T23:59:59-05:00"), [policyIn("dev", described("2027-01-31"))]).map((r) => r.message)).toEqual([message("2027-01-31", "2027-02-01", "dev")]);
  });

  it("leaves an unknown description to the update", () => {
    const policy = policyIn("dev", UNKNOWN);
    expect(run(on("2030-01-01T12:00:00Z"), [policy])).toEqual([cannotRun("no-expired-check", ".description", policy.urn)]);
  });
});
