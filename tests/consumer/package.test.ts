// The package as a consumer gets it: `npm pack` (which builds it), installed from the tarball into a
// separate project offline (npm ci --offline from npm's cache), then used there by name: required,
// type-checked, declared under mocks, its policy pack started, its component provider asked for its schema.
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { startPolicyPack } from "../support/analyzerClient";
import { getSchema, startDeployment, startProvider } from "../provider/harness";
import { writeConsumerProject } from "./lockfile";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..", "..");
const NAME = "okta-managed-device-check";

let work: string;
let consumer: string;
let installed: string;
let tarballFiles: string[];
let readmeInstall: string[];

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "mdc-package-"));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const { stdout } = await run(npm, ["pack", "--json", "--pack-destination", work], { cwd: ROOT, timeout: 240_000 });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
  tarballFiles = packed.files.map((f) => f.path).sort();
  consumer = path.join(work, "consumer");
  fs.mkdirSync(consumer);
  const tarball = path.join(work, packed.filename);
  const manifest = JSON.parse(execFileSync("tar", ["-xOzf", tarball, "package/package.json"], { encoding: "utf8" })) as Record<string, unknown>;
  // Installed as the README's "Use the component" section shows: npm install <tarball> <the packages it names>.
  const install = /^npm install \.\/okta-managed-device-check-[\d.]+\.tgz (.+)$/m.exec(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
  if (!install) throw new Error("README.md: expected the install command, npm install ./okta-managed-device-check-<version>.tgz ...");
  readmeInstall = install[1].split(" ");
  writeConsumerProject(ROOT, tarball, manifest, consumer, readmeInstall);
  await run(npm, ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: consumer, timeout: 240_000 });
  installed = path.join(consumer, "node_modules", NAME);
}, 480_000);
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the tarball", () => {
  test("ships the compiled component and pack, the sources the provider reads, the pack folder, README and licence; nothing else", () => {
    const tops = [...new Set(tarballFiles.map((f) => f.split("/")[0]))].sort();
    expect(tops).toEqual(["LICENSE", "PulumiPlugin.yaml", "README.md", "components", "dist", "package.json", "policies", "tsconfig.json"]);
    expect(tarballFiles.filter((f) => f.startsWith("policies/"))).toEqual(["policies/PulumiPolicy.yaml", "policies/main.js", "policies/okta.ts", "policies/package.json"]);
    expect([...new Set(tarballFiles.filter((f) => f.startsWith("dist/")).map((f) => f.split("/")[1]))].sort()).toEqual(["components", "policies", "provider"]);
    expect(tarballFiles).toEqual(expect.arrayContaining(["dist/components/index.js", "dist/components/index.d.ts", "dist/components/index.js.map", "dist/policies/index.js", "dist/provider/index.js", "components/managedDeviceCheck.ts"]));
    expect(tarballFiles.filter((f) => /(^|\/)(tests|tools|scripts|\.github|\.ci)\/|Pulumi\.[^/]*\.yaml$|^index\.ts$/.test(f))).toEqual([]);
  });

  test("a consumer's install brings only what the component and the pack load: no Okta SDK, no YAML reader, no commands", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as Record<string, Record<string, string>>;
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["@pulumi/policy", "zod"]);
    expect(manifest.peerDependencies).toEqual({ "@pulumi/okta": "^7", "@pulumi/pulumi": "^3.204.0", typescript: ">=5.5.0" });
    // A required peer, so that npm (7 and later) installs it with the package: @pulumi/pulumi's run-plugin
    // registers ts-node with the shipped tsconfig.json before the provider's entry runs, and without a
    // typescript package it falls back to its bundled 3.8, which refuses that tsconfig (TS6046 on --target).
    expect(manifest.peerDependenciesMeta).toBeUndefined();
    expect(readmeInstall).toEqual(["@pulumi/pulumi", "@pulumi/okta"]);
    expect(fs.existsSync(path.join(consumer, "node_modules", "typescript", "package.json"))).toBe(true);
    expect(manifest.bin).toBeUndefined();
    expect(fs.existsSync(path.join(consumer, "node_modules", "@okta", "okta-sdk-nodejs"))).toBe(false);
    expect(fs.existsSync(path.join(consumer, "node_modules", "yaml"))).toBe(false);
  });
});

describe("used by name in the consumer's project", () => {
  async function declare(bookmarkUrl: string): Promise<Record<string, unknown>> {
    const script = path.join(consumer, "declare.js");
    fs.copyFileSync(path.join(__dirname, "declare.js"), script);
    const { stdout } = await run(process.execPath, [script, bookmarkUrl], { cwd: consumer, timeout: 60_000 });
    return JSON.parse(stdout.trim().split("\n").pop() as string) as Record<string, unknown>;
  }

  test("a unit test with Pulumi's mocks declares the check from the installed package", async () => {
    expect(await declare("https://intranet.example.com/")).toEqual({
      bookmarkUrl: "https://intranet.example.com/",
      userIds: ["00u00000000000000001"],
      declared: [
        `${NAME}:index:ManagedDeviceCheck device-check`,
        "okta:app/bookmark:Bookmark device-check-bookmark",
        "okta:app/user:User device-check-user-alice@example.com",
        "okta:index/appSignonPolicy:AppSignonPolicy device-check-policy",
        "okta:index/appSignonPolicyRule:AppSignonPolicyRule device-check-rule",
      ],
      resolvedFrom: path.join(fs.realpathSync(installed), "dist", "components", "index.js"),
    });
  }, 60_000);

  test("a JavaScript consumer passing an http URL gets an error naming bookmarkUrl, and nothing is registered", async () => {
    expect(await declare("http://intranet.example.com/")).toEqual({
      error:
        "ManagedDeviceCheck device-check: invalid arguments (1 problem):\n  bookmarkUrl: expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused",
      declared: [],
    });
  }, 60_000);

  test("a TypeScript program type-checks against the installed types", async () => {
    fs.copyFileSync(path.join(__dirname, "consumer.ts"), path.join(consumer, "consumer.ts"));
    fs.copyFileSync(path.join(__dirname, "tsconfig.json"), path.join(consumer, "tsconfig.json"));
    const tsc = path.join(consumer, "node_modules", "typescript", "bin", "tsc");
    await expect(run(process.execPath, [tsc, "-p", path.join(consumer, "tsconfig.json")], { cwd: consumer })).resolves.toEqual({ stdout: "", stderr: "" });
  }, 120_000);

  test("the policy pack runs from node_modules/okta-managed-device-check/policies, compiled", async () => {
    const pack = await startPolicyPack(path.join(installed, "policies"));
    try {
      const { info } = pack;
      expect(info.name).toBe(NAME);
      // The installed pack is the repository's pack, compiled: the same policies at the same levels.
      const here = await startPolicyPack(path.join(ROOT, "policies"));
      await here.stop();
      expect(info.policies).toEqual(here.info.policies);
      expect(info.policies.length).toBeGreaterThan(0);
    } finally {
      await pack.stop();
    }
  }, 120_000);

  test("the component provider starts from the package installed as the README shows (its peers, TypeScript among them) and infers its schema from the shipped sources", async () => {
    const deployment = await startDeployment([]);
    const runPlugin = path.join(consumer, "node_modules", "@pulumi", "pulumi", "cmd", "run-plugin");
    const provider = await startProvider([runPlugin, installed], installed, deployment.engine);
    try {
      const schema = await getSchema(provider.client);
      expect(schema.name).toBe(NAME);
      expect(Object.keys(schema.resources as object)).toEqual([`${NAME}:index:ManagedDeviceCheck`]);
      expect(Object.keys(schema.types as object)).toEqual([`${NAME}:index:FactorMode`, `${NAME}:index:FastPassKey`]);
    } finally {
      await provider.stop();
      await deployment.stop();
    }
  }, 180_000);
});
