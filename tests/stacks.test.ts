import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as listStacksCommand } from "../tools/stack/cli";
import { main as verify } from "../tools/verify/cli";
import { plan } from "./plan/support";
import { writeFiles } from "./support/projectFile";

// The one stack resolver, as `npm run stacks` and verify use it (pulumi/pulumi,
// sdk/go/common/workspace/paths.go `ProjectStackPath`; pkg/backend/backend.go
// `CurrentProjectContradictsWorkspace`).

const PROJECT = "name: okta-managed-device-check\nruntime: nodejs\n";
const STACK = "config:\n  okta:orgName: acme\n  okta-managed-device-check:testUsers: [alice@acme.example]\n  okta-managed-device-check:bookmarkUrl: https://www.okta.com/\n";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-stacks-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (files: Record<string, string>) => writeFiles(dir, files);

async function run(command: (io: { stdout: { write(t: string): boolean }; stderr: { write(t: string): boolean } }) => Promise<number>) {
  let stdout = "";
  let stderr = "";
  const code = await command({ stdout: { write: (t) => ((stdout += t), true) }, stderr: { write: (t) => ((stderr += t), true) } });
  return { code, stdout, stderr };
}

const stacks = (argv: string[]) => run((io) => listStacksCommand(argv, {}, io, dir));
const verifyIn = (argv: string[]) => run((io) => verify(argv, { OKTA_API_TOKEN: "00aStacksTestTokenNeverSent000000000000", OKTA_ORG_URL: "https://acme.okta.com" }, io, { projectDir: dir }));

describe("npm run stacks", () => {
  test("--json lists the stacks Pulumi would read, with their files, honouring stackConfigDir", async () => {
    write({ "Pulumi.yaml": `${PROJECT}stackConfigDir: stacks\n`, "stacks/Pulumi.dev.yaml": STACK, "stacks/Pulumi.prod.yaml": STACK, "Pulumi.beside.yaml": STACK, "stacks/Pulumi.bad name.yaml": STACK });
    const { code, stdout } = await stacks(["--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      project: "okta-managed-device-check",
      projectFile: "Pulumi.yaml",
      stackConfigDir: "stacks",
      stackFileExtension: ".yaml",
      stacks: [
        { name: "dev", file: path.join("stacks", "Pulumi.dev.yaml") },
        { name: "prod", file: path.join("stacks", "Pulumi.prod.yaml") },
      ],
    });
    expect((await stacks([])).stdout).toBe(`dev ${path.join("stacks", "Pulumi.dev.yaml")}\nprod ${path.join("stacks", "Pulumi.prod.yaml")}\n`);
  });

  test("Pulumi.json is found first, and its stacks are .json files", async () => {
    write({ "Pulumi.json": JSON.stringify({ name: "okta-managed-device-check", runtime: "nodejs" }), "Pulumi.yaml": PROJECT, "Pulumi.dev.json": "{}", "Pulumi.prod.yaml": STACK });
    expect(JSON.parse((await stacks(["--json"])).stdout).stacks).toEqual([{ name: "dev", file: "Pulumi.dev.json" }]);
  });

  test("no project file is a usage error; an invalid one is invalid config; none listed is not an error", async () => {
    expect(await stacks([])).toEqual({ code: 64, stdout: "", stderr: `okta-managed-device-stacks: no Pulumi.yaml project file in ${dir}: run it in the project directory or give it with --dir\nRun with --help for usage.\n` });
    write({ "Pulumi.yaml": "runtime: nodejs\n" });
    expect(await stacks(["--json"])).toEqual({
      code: 2,
      stdout: `${JSON.stringify({ result: "error", exitCode: 2, error: "Pulumi.yaml: project is missing a non-empty string 'name' attribute", warnings: [] }, null, 2)}\n`,
      stderr: "okta-managed-device-stacks: Pulumi.yaml: project is missing a non-empty string 'name' attribute\n",
    });
    write({ "Pulumi.yaml": PROJECT });
    expect(await stacks([])).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("verify finds stacks through the same resolver", () => {
  test("an invalid project file is a usage error naming the file and the key", async () => {
    write({ "Pulumi.yaml": `${PROJECT}config:\n  bookmarkLabel:\n    typo: 1\n`, "Pulumi.dev.yaml": STACK });
    const { code, stderr } = await verifyIn(["--stack", "dev"]);
    expect(code).toBe(64);
    expect(stderr.split("\n")[0]).toBe(
      "verify: Pulumi.yaml: config: bookmarkLabel: 'typo' not allowed; the allowed attributes are 'type', 'items', 'description', 'default', 'value', 'secret'",
    );
  });

  test("--stack missing names why no stack can be listed", async () => {
    write({ "Pulumi.yaml": "runtime: nodejs\n" });
    const { code, stderr } = await verifyIn([]);
    expect(code).toBe(64);
    expect(stderr.split("\n")[0]).toBe("verify: --stack <name> is required. Pulumi.yaml: project is missing a non-empty string 'name' attribute");
  });

  test("a reference naming another project is refused; an unknown stack names its file in stackConfigDir", async () => {
    write({ "Pulumi.yaml": `${PROJECT}stackConfigDir: stacks\n`, "stacks/Pulumi.dev.yaml": STACK });
    const other = await verifyIn(["--stack", "acme/otherproject/dev"]);
    expect([other.code, other.stderr.split("\n")[0]]).toEqual([64, `verify: --stack: provided project name "otherproject" doesn't match Pulumi.yaml: this project is okta-managed-device-check`]);
    const unknown = await verifyIn(["--stack", "prod"]);
    expect([unknown.code, unknown.stderr.split("\n")[0]]).toEqual([64, `verify: unknown stack "prod": there is no ${path.join("stacks", "Pulumi.prod.yaml")} in ${dir}. Stacks that exist: dev`]);
  });

  test("an unknown stack, and no stack at all, read the same in the plan and in verify: the resolver's one wording", async () => {
    write({ "Pulumi.yaml": `${PROJECT}stackConfigDir: stacks\n`, "stacks/Pulumi.dev.yaml": STACK });
    const planned = await plan(["--stack", "prod", "--dir", dir]);
    const verified = await verifyIn(["--stack", "prod"]);
    const message = `unknown stack "prod": there is no ${path.join("stacks", "Pulumi.prod.yaml")} in ${dir}. Stacks that exist: dev`;
    expect([planned.code, planned.stderr.split("\n")[0]]).toEqual([64, `okta-managed-device-plan: ${message}`]);
    expect([verified.code, verified.stderr.split("\n")[0]]).toEqual([64, `verify: ${message}`]);
    fs.rmSync(path.join(dir, "stacks"), { recursive: true });
    const none = `No stack files (${path.join("stacks", "Pulumi.<stack>.yaml")}) exist in ${dir}; create one with: pulumi stack init <name>`;
    expect((await verifyIn(["--stack", "prod"])).stderr.split("\n")[0]).toBe(`verify: unknown stack "prod": there is no ${path.join("stacks", "Pulumi.prod.yaml")} in ${dir}. ${none}`);
    expect((await plan(["--all", "--dir", dir])).stderr.split("\n")[0]).toBe(`okta-managed-device-plan: ${none}`);
    expect((await verifyIn([])).stderr.split("\n")[0]).toBe(`verify: --stack <name> is required. ${none}`);
  });

  test("--user outside the stack's test users names the stack file where they are listed", async () => {
    write({ "Pulumi.yaml": `${PROJECT}stackConfigDir: stacks\n`, "stacks/Pulumi.dev.yaml": STACK });
    const { code, stderr } = await verifyIn(["--stack", "acme/okta-managed-device-check/dev", "--user", "bob@acme.example"]);
    expect(code).toBe(64);
    expect(stderr.split("\n")[0]).toBe(
      `verify: --user bob@acme.example: not one of the stack's test users (okta-managed-device-check:testUsers in ${path.join("stacks", "Pulumi.dev.yaml")}: alice@acme.example)`,
    );
  });

  test("test users left to an ESC environment or encrypted are refused: verify would look up the placeholder", async () => {
    write({ "Pulumi.yaml": PROJECT, "Pulumi.esc.yaml": "environment:\n  - acme/okta\nconfig:\n  okta:orgName: acme\n", "Pulumi.sec.yaml": `${STACK.replace(/ {2}okta-managed-device-check:testUsers: .*\n/, "")}  okta-managed-device-check:testUsers:\n    secure: v1:bm90LWEtcmVhbA==\n` });
    const esc = await verifyIn(["--stack", "esc"]);
    expect([esc.code, esc.stderr.split("\n")[0]]).toEqual([
      64,
      "verify: Pulumi.esc.yaml: okta-managed-device-check:testUsers: is not in the stack file and may come from its ESC environment (acme/okta): it cannot be checked without the tenant; the program checks it when Pulumi runs it; verify reads the test users from the stack file, so list them there as plain text",
    ]);
    const sec = await verifyIn(["--stack", "sec"]);
    expect([sec.code, sec.stderr.split("\n")[0]]).toEqual([
      64,
      "verify: Pulumi.sec.yaml: okta-managed-device-check:testUsers: is encrypted (secure:): its value cannot be checked without the tenant; the program checks the decrypted value when Pulumi runs it; verify reads the test users from the stack file, so list them there as plain text",
    ]);
  });
});
