import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { ROOT } from "./support/program";

const run = promisify(execFile);
const RUNNER = path.join(__dirname, "support", "runLikePulumi.js");

async function loadLikePulumi(program: string): Promise<{ code: number; result: Record<string, unknown> }> {
  try {
    const { stdout } = await run(process.execPath, [RUNNER, ROOT, program, "dev"], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, result: JSON.parse(stdout.trim().split("\n").pop() as string) };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, result: JSON.parse(failed.stdout.trim().split("\n").pop() as string) };
  }
}

describe("the program on the Pulumi CLI's TypeScript path", () => {
  test("index.ts type-checks and runs with the project's own typescript and ts-node", async () => {
    const { code, result } = await loadLikePulumi("index.ts");
    expect(code).toBe(0);
    expect(result.typescript).toBe(require("typescript/package.json").version);
    expect(result.typescriptPath).toBe(path.join(ROOT, "node_modules", "typescript", "lib", "typescript.js"));
    expect(result.tsnodePath).toBe(path.join(ROOT, "node_modules", "ts-node", "dist", "index.js"));
    expect(result.declared).toEqual([
      "okta-managed-device-check:index:ManagedDeviceCheck managed-device-check",
      "okta:app/bookmark:Bookmark managed-device-check-bookmark",
      "okta:app/user:User managed-device-check-user-alice@acme.example",
      "okta:index/appSignonPolicy:AppSignonPolicy managed-device-check-policy",
      "okta:index/appSignonPolicyRule:AppSignonPolicyRule managed-device-check-rule",
    ]);
  }, 60_000);

  test("a type error in a program is refused on that path (type checking is on)", async () => {
    const dir = fs.mkdtempSync(path.join(ROOT, "tests", ".tmp-"));
    try {
      const program = path.join(dir, "bad.ts");
      fs.writeFileSync(program, 'import { ManagedDeviceCheck } from "../../components";\nnew ManagedDeviceCheck("x", { testUsers: "a@b.example", bookmarkUrl: "https://a.example/" });\n');
      const { code, result } = await loadLikePulumi(program);
      expect(code).toBe(3);
      expect(result.error).toMatch(/TS2322: Type 'string' is not assignable to type 'string\[\]'/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
