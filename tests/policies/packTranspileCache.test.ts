/**
 * policies/main.js in a checkout: the sources are transpiled once per version into
 * node_modules/.cache and loaded from there, so a changed source must be transpiled afresh and an
 * unchanged one reused. Run on a copy of the pack (its own node_modules of links to this
 * checkout's), started as the CLI starts it (tests/support/analyzerClient.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { startPolicyPack } from "../support/analyzerClient";

const ROOT = path.resolve(__dirname, "..", "..");
const DESCRIPTION = "Flags a managed-device check whose expiry date (Expires YYYY-MM-DD. in the policy description) has passed.";

let copy: string;
const cacheOf = (dir: string) => path.join(dir, "node_modules", ".cache", "okta-managed-device-check-policies");
const versions = () => fs.readdirSync(cacheOf(copy)).sort();

async function descriptionOfNoExpiredCheck(): Promise<string | undefined> {
  const pack = await startPolicyPack(path.join(copy, "policies"));
  try {
    return pack.info.policies.find((policy) => policy.name === "no-expired-check")?.description;
  } finally {
    await pack.stop();
  }
}

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), "okta-pack-cache-"));
  fs.cpSync(path.join(ROOT, "policies"), path.join(copy, "policies"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "tsconfig.json"), path.join(copy, "tsconfig.json"));
  fs.mkdirSync(path.join(copy, "node_modules"));
  for (const entry of fs.readdirSync(path.join(ROOT, "node_modules")).filter((name) => name !== ".cache")) {
    fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(copy, "node_modules", entry));
  }
});

afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

test("the checkout's pack is transpiled once, reused while its sources are unchanged, and transpiled afresh when one changes", async () => {
  expect(await descriptionOfNoExpiredCheck()).toBe(DESCRIPTION);
  const first = versions();
  expect(first).toHaveLength(1);
  const transpiledAt = fs.statSync(path.join(cacheOf(copy), first[0], "index.js")).mtimeMs;

  expect(await descriptionOfNoExpiredCheck()).toBe(DESCRIPTION);
  expect(versions()).toEqual(first);
  expect(fs.statSync(path.join(cacheOf(copy), first[0], "index.js")).mtimeMs).toBe(transpiledAt);

  const source = path.join(copy, "policies", "noExpiredCheck.ts");
  fs.writeFileSync(source, fs.readFileSync(source, "utf8").replace(DESCRIPTION, "Changed in the copy."));
  expect(await descriptionOfNoExpiredCheck()).toBe("Changed in the copy.");
  const second = versions();
  expect(second).toHaveLength(1);
  expect(second).not.toEqual(first);
}, 120_000);

test("the transpiled pack does not load @pulumi/okta (its classes are used as types only)", async () => {
  await descriptionOfNoExpiredCheck();
  const [version] = versions();
  const probe = [
    `require(${JSON.stringify(path.join(cacheOf(copy), version, "policies.js"))}).policies();`,
    `console.log(JSON.stringify(Object.keys(require.cache).filter((file) => file.includes("${path.sep}@pulumi${path.sep}okta${path.sep}"))));`,
  ].join("\n");
  const result = spawnSync(process.execPath, ["-e", probe], { cwd: copy, encoding: "utf8" });
  expect(result.stderr).toBe("");
  expect(JSON.parse(result.stdout)).toEqual([]);
}, 120_000);
