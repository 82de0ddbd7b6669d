import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import { captureProgram } from "../tools/plan/capture";
import { mockedTenant } from "./support/mockedTenant";
import { ROOT } from "./support/program";

const run = promisify(execFile);

describe("the package as a library", () => {
  test("the public API is the component, its Args and its type token", () => {
    let api: Record<string, unknown> = {};
    jest.isolateModules(() => {
      api = require("okta-managed-device-check");
    });
    expect(Object.keys(api).sort()).toEqual(["MANAGED_DEVICE_CHECK_TYPE", "ManagedDeviceCheck"]);
    expect(api.MANAGED_DEVICE_CHECK_TYPE).toBe("okta-managed-device-check:index:ManagedDeviceCheck");
  });

  test("a consumer's TypeScript program type-checks against the published types", async () => {
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    await expect(run(process.execPath, [tsc, "-p", path.join(__dirname, "consumer", "tsconfig.json")], { cwd: ROOT })).resolves.toEqual({ stdout: "", stderr: "" });
  }, 60_000);

  test("a consumer's program declares the check for its own tenant by importing the package by name", async () => {
    const { resources } = await captureProgram({
      stack: "other",
      config: {},
      preview: false,
      tenant: mockedTenant(),
      program: () => {
        let exported: unknown;
        jest.isolateModules(() => {
          // The package name resolves to ./dist/components/index.js through package.json "exports".
          expect(require.resolve("okta-managed-device-check")).toBe(path.join(ROOT, "dist", "components", "index.js"));
          exported = require("okta-managed-device-check");
          const { ManagedDeviceCheck } = exported as typeof import("../components");
          new ManagedDeviceCheck("other-team", { testUsers: ["carol@other.example", "00u0000000000000000c"], bookmarkUrl: "https://other.example/", factorMode: "1FA" });
        });
        return {};
      },
    });
    expect(resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "okta-managed-device-check:index:ManagedDeviceCheck other-team",
      "okta:app/bookmark:Bookmark other-team-bookmark",
      "okta:app/user:User other-team-user-00u0000000000000000c",
      "okta:app/user:User other-team-user-carol@other.example",
      "okta:index/appSignonPolicy:AppSignonPolicy other-team-policy",
      "okta:index/appSignonPolicyRule:AppSignonPolicyRule other-team-rule",
    ]);
    expect(resources.find((r) => r.name === "other-team-rule")?.inputs.factorMode).toBe("1FA");
  });
});
