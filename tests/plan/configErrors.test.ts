import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PlanDocument } from "../../tools/plan/json";
import { devStackWith, plan, ROOT, tempProject } from "./support";
import { writeFiles } from "../support/projectFile";

// Config errors are the user's to fix: each names the file and the key and exits with the plan's
// documented code for it (2 invalid config, 64 usage), never 70 (internal error). Issue 17.

const TODAY = ["--today", "2026-06-01"];
const K = (name: string) => `okta-managed-device-check:${name}`;
const lines = (text: string) => text.split("\n").map((line) => line.trimEnd().replace(/ {2,}/g, "  "));
const PROJECT = "name: okta-managed-device-check\nruntime: nodejs\n";
// This checkout's program, by absolute path, for projects whose program is not what a test is about.
const MAIN = `main: ${JSON.stringify(path.join(ROOT, "index.ts"))}\n`;
const DEV = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-plan-config-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (files: Record<string, string>) => writeFiles(dir, files);

describe("the project file", () => {
  test.each([
    ["--dir without a project file", undefined],
    ["--dir /etc", "/etc"],
  ])("%s is a usage error naming the folder", async (_name, given) => {
    const target = given ?? write({ "Pulumi.dev.yaml": DEV });
    const { code, stdout, stderr } = await plan(["--stack", "dev", "--dir", target]);
    expect(code).toBe(64);
    expect(stdout).toBe("");
    expect(stderr).toBe(`okta-managed-device-plan: no Pulumi.yaml project file in ${target}: run the plan in the project directory or give it with --dir\nRun with --help for usage.\n`);
  });

  test.each([
    ["invalid YAML", "name: [x\n", "Pulumi.yaml: is not valid YAML (line 2, column 1: BAD_INDENT)"],
    ["no name", "runtime: nodejs\n", "Pulumi.yaml: project is missing a non-empty string 'name' attribute"],
    [
      "an unknown attribute of a config declaration",
      `${PROJECT}config:\n  bookmarkLabel:\n    typo: 1\n`,
      "Pulumi.yaml: config: bookmarkLabel: 'typo' not allowed; the allowed attributes are 'type', 'items', 'description', 'default', 'value', 'secret'",
    ],
    ["stackConfigDir with a text config:", `${PROJECT}config: settings\nstackConfigDir: stacks\n`, "Pulumi.yaml: Should not use both config and stackConfigDir to define the stack directory. Use only stackConfigDir instead."],
    ["main: that is not text", `${PROJECT}main: [index.ts]\n`, "Pulumi.yaml: main: expected the path of the program, as text"],
  ])("%s is invalid config (exit 2), in text and in JSON", async (_name, projectFile, message) => {
    write({ "Pulumi.yaml": projectFile, "Pulumi.dev.yaml": DEV });
    const text = await plan(["--stack", "dev", "--dir", dir]);
    expect([text.code, text.stdout, text.stderr]).toEqual([2, "", `okta-managed-device-plan: ${message}\n`]);
    const json = await plan(["--stack", "dev", "--dir", dir, "--json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ result: "error", exitCode: 2, error: message, warnings: [] });
  });

  test("--all with an invalid project file is invalid config too", async () => {
    write({ "Pulumi.yaml": "runtime: nodejs\n", "Pulumi.dev.yaml": DEV });
    expect((await plan(["--all", "--dir", dir])).code).toBe(2);
  });
});

describe("main: the program Pulumi would run", () => {
  test("a main: naming another program plans that program", async () => {
    write({ "Pulumi.yaml": `${PROJECT}main: ${JSON.stringify(path.join(__dirname, "fixtures", "unsafeCatchAll.ts"))}\n`, "Pulumi.dev.yaml": DEV });
    const { code, stdout } = await plan(["--stack", "dev", "--dir", dir, "--json", ...TODAY]);
    expect(code).toBe(1);
    const [dev] = (JSON.parse(stdout) as PlanDocument).stacks;
    expect(dev.resources?.map((r) => r.name)).toEqual(["unsafe-policy", "unsafe-bookmark", "unsafe-rule"]);
    expect(dev.policies?.find((p) => p.policyName === "no-catch-all-allow")?.verdict).toBe("mandatory");
  });

  test("a main: naming a file that does not exist is refused, naming the file and the key", async () => {
    write({ "Pulumi.yaml": `${PROJECT}main: src/index.ts\n`, "Pulumi.dev.yaml": DEV });
    const { code, stderr } = await plan(["--stack", "dev", "--dir", dir]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `okta-managed-device-plan: Pulumi.yaml: main: ${path.join(dir, "src", "index.ts")} does not exist (Pulumi would stop with "project 'main' could not be read"); point main: at the program file\n`,
    );
  });

  test("a main: naming a folder plans the file Node's require loads from it (its package.json main, else index.js or index.ts)", async () => {
    const unsafe = `export * from ${JSON.stringify(path.join(__dirname, "fixtures", "unsafeCatchAll"))};\n`;
    write({ "Pulumi.yaml": `${PROJECT}main: src\n`, "Pulumi.dev.yaml": DEV, "src/package.json": JSON.stringify({ main: "program" }), "src/program.ts": unsafe, "src/index.ts": "throw new Error('not this one');\n" });
    const { code, stdout } = await plan(["--stack", "dev", "--dir", dir, "--json", ...TODAY]);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as PlanDocument).stacks[0].resources?.map((r) => r.name)).toEqual(["unsafe-policy", "unsafe-bookmark", "unsafe-rule"]);
  });

  test("a main: naming a folder without a program is refused, naming the folder", async () => {
    write({ "Pulumi.yaml": `${PROJECT}main: src\n`, "Pulumi.dev.yaml": DEV, "src/package.json": "{}" });
    const { code, stderr } = await plan(["--stack", "dev", "--dir", dir]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `okta-managed-device-plan: Pulumi.yaml: main: ${path.join(dir, "src")} is a folder with no program Pulumi would run (its package.json "main", index.js or index.ts); point main: at the program file\n`,
    );
  });

  // Without main:, Pulumi runs the project folder (sdk/nodejs/cmd/run/run.ts): never this checkout's index.ts.
  test("no main: and no program in the project folder is refused, naming the files Pulumi would look for", async () => {
    write({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": DEV });
    const { code, stdout, stderr } = await plan(["--stack", "dev", "--dir", dir]);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toBe(
      `okta-managed-device-plan: Pulumi.yaml: no main:, and ${dir} holds no program Pulumi would run (package.json "exports" or "main", else ${path.join(dir, "index.js")} or ${path.join(dir, "index.ts")}); point main: in Pulumi.yaml at the program file\n`,
    );
  });

  test.each([
    ["the folder's index.ts", {}],
    ["package.json main", { "package.json": JSON.stringify({ main: "lib/program.ts" }), "index.ts": "throw new Error('not this one');\n" }],
    ["package.json exports", { "package.json": JSON.stringify({ exports: { ".": { default: "./lib/program.ts" } }, main: "index.ts" }), "index.ts": "throw new Error('not this one');\n" }],
  ])("no main: plans the project's own program: %s", async (_name, files: Record<string, string>) => {
    const unsafe = `export * from ${JSON.stringify(path.join(__dirname, "fixtures", "unsafeCatchAll"))};\n`;
    const program: Record<string, string> = files["package.json"] ? { "lib/program.ts": unsafe } : { "index.ts": unsafe };
    write({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": DEV, ...files, ...program });
    const { code, stdout } = await plan(["--stack", "dev", "--dir", dir, "--json", ...TODAY]);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as PlanDocument).stacks[0].resources?.map((r) => r.name)).toEqual(["unsafe-policy", "unsafe-bookmark", "unsafe-rule"]);
  });
});

describe("stack references", () => {
  test("a reference naming another project is refused as the Pulumi CLI refuses it", async () => {
    const { code, stderr } = await plan(["--stack", "acme/otherproject/dev"]);
    expect(code).toBe(64);
    expect(stderr.split("\n")[0]).toBe(`okta-managed-device-plan: --stack: provided project name "otherproject" doesn't match Pulumi.yaml: this project is okta-managed-device-check`);
  });

  // On Pulumi Cloud `--stack dev` names the dev stack of the user's default org: every command keeps the reference whole.
  test("a reference naming this project plans the stack named by its last part, and every command printed carries the reference as given", async () => {
    const reference = "acme/okta-managed-device-check/dev";
    const { code, stdout } = await plan(["--stack", reference, "--json", ...TODAY]);
    expect(code).toBe(0);
    const [dev] = (JSON.parse(stdout) as PlanDocument).stacks;
    expect([dev.stack, dev.stackFile]).toEqual([reference, "Pulumi.dev.yaml"]);
    const stacksNamed = (texts: string[]) => texts.flatMap((text) => [...text.matchAll(/--stack (\S+)/g)].map((m) => m[1]));
    expect(stacksNamed(dev.nextSteps)).toEqual([reference, reference, reference, reference]);
    const text = await plan(["--stack", reference, ...TODAY]);
    expect(stacksNamed([text.stdout])).toEqual([reference, reference, reference, reference]);
    expect(text.stdout.split("\n")[0]).toMatch(/^Offline plan of stack acme\/okta-managed-device-check\/dev \(Pulumi\.dev\.yaml\)/);
    // An expired check: the warning and the steps name pulumi destroy with the reference.
    const expired = (JSON.parse((await plan(["--stack", "acme/prod", "--json", "--today", "2027-06-01"])).stdout) as PlanDocument).stacks[0];
    expect(stacksNamed([...expired.warnings, ...expired.nextSteps])).toEqual(["acme/prod", "acme/prod", "acme/prod"]);
    expect(expired.nextSteps[0]).toBe("Remove it from the tenant: pulumi destroy --stack acme/prod");
  });

  test("the hint to plan again keeps --dir (and --program) as given", async () => {
    write({ "Pulumi.yaml": `${PROJECT}${MAIN}`, "Pulumi.dev.yaml": devStackWith({ [K("bookmarkUrl")]: "http://www.okta.com/" }), "Pulumi.web.yaml": DEV });
    const relative = path.relative(ROOT, dir);
    const invalid = (JSON.parse((await plan(["--stack", "dev", "--dir", relative, "--json"])).stdout) as PlanDocument).stacks[0];
    expect(invalid.nextSteps).toEqual([`Fix the keys above in Pulumi.dev.yaml, then run: npm run plan -- --stack dev --dir ${relative}`]);
    const spaced = path.join(dir, "my project");
    fs.mkdirSync(spaced);
    fs.copyFileSync(path.join(dir, "Pulumi.yaml"), path.join(spaced, "Pulumi.yaml"));
    fs.copyFileSync(path.join(dir, "Pulumi.dev.yaml"), path.join(spaced, "Pulumi.dev.yaml"));
    const quoted = (JSON.parse((await plan(["--stack", "dev", "--dir", spaced, "--json"])).stdout) as PlanDocument).stacks[0];
    expect(quoted.nextSteps).toEqual([`Fix the keys above in Pulumi.dev.yaml, then run: npm run plan -- --stack dev --dir '${spaced}'`]);
    const program = path.join(__dirname, "fixtures", "unsafeCatchAll.ts");
    const blocked = (JSON.parse((await plan(["--stack", "web", "--dir", relative, "--program", program, "--json", ...TODAY])).stdout) as PlanDocument).stacks[0];
    expect(blocked.nextSteps[1]).toBe(`Then plan again: npm run plan -- --stack web --dir ${relative} --program ${program}`);
  });

  test("stack files in stackConfigDir are named by their path in every message", async () => {
    write({ "Pulumi.yaml": `${PROJECT}${MAIN}stackConfigDir: stacks\n`, "stacks/Pulumi.dev.yaml": devStackWith({ [K("bookmarkUrl")]: "http://www.okta.com/" }) });
    const { code, stdout } = await plan(["--stack", "dev", "--dir", dir]);
    expect(code).toBe(2);
    expect(lines(stdout)).toContain(`${path.join("stacks", "Pulumi.dev.yaml")}: invalid stack config (1 problem):`);
    expect((await plan(["--stack", "prod", "--dir", dir])).stderr.split("\n")[0]).toBe(
      `okta-managed-device-plan: unknown stack "prod": there is no ${path.join("stacks", "Pulumi.prod.yaml")} in ${dir}. Stacks that exist: dev`,
    );
  });
});

describe("ESC environments and values the plan cannot see", () => {
  test("a stack leaving testUsers and bookmarkUrl to its ESC environment plans with them unchecked (cannot check offline, exit 0)", async () => {
    const project = tempProject({ esc: `environment:\n  - acme/okta\n${devStackWith({ [K("testUsers")]: null, [K("bookmarkUrl")]: null })}` });
    try {
      const { code, stdout } = await plan(["--stack", "esc", "--dir", project.dir, "--json", ...TODAY]);
      expect(code).toBe(0);
      const [esc] = (JSON.parse(stdout) as PlanDocument).stacks;
      expect(esc.status).toBe("unchecked");
      expect(esc.unchecked?.map((problem) => problem.key)).toEqual([K("testUsers"), K("bookmarkUrl"), "okta:privateKey", "okta:apiToken", "okta:accessToken"]);
      expect(esc.policies?.find((p) => p.policyName === "no-insecure-bookmark-url")?.verdict).toBe("unchecked");
      expect(esc.policies?.filter((p) => p.verdict === "mandatory")).toEqual([]);
      expect(stdout).not.toContain("problems):");
      expect(esc.nextSteps[2]).toMatch(/^On the device under test, each test user opens the "Managed Device Check" tile/);
    } finally {
      project.remove();
    }
  });

  test("a secure: bookmark URL reaches the policies as a value they cannot check, not as the placeholder", async () => {
    const project = tempProject({ sec: devStackWith({ [K("bookmarkUrl")]: "\n    secure: v1:bm90LWEtcmVhbC1jaXBoZXJ0ZXh0" }) });
    try {
      const { code, stdout } = await plan(["--stack", "sec", "--dir", project.dir, "--json", ...TODAY]);
      expect(code).toBe(0);
      const [sec] = (JSON.parse(stdout) as PlanDocument).stacks;
      const insecure = sec.policies?.find((p) => p.policyName === "no-insecure-bookmark-url");
      expect(insecure?.verdict).toBe("unchecked");
      expect(sec.status).toBe("unchecked");
      expect(JSON.stringify(insecure)).not.toContain('"[secret]", which is not a URL');
      expect(sec.resources?.find((r) => r.name === "managed-device-check-bookmark")?.inputs.url).toBe("[secret]");
    } finally {
      project.remove();
    }
  });

  const inline = (values: string) => `environment:\n  values:\n    pulumiConfig:\n${values}${devStackWith({ [K("bookmarkUrl")]: null })}`;

  test("an inline environment's plaintext API token is refused and never printed", async () => {
    const token = "00inlinePlaintextToken0000000000000000000";
    const project = tempProject({ esc: inline(`      okta:apiToken: ${token}\n      ${K("bookmarkUrl")}: https://www.okta.com/\n`) });
    try {
      const { code, stdout, stderr } = await plan(["--stack", "esc", "--dir", project.dir, ...TODAY]);
      expect(code).toBe(2);
      expect(lines(stdout)).toContain(
        "  Pulumi.esc.yaml: okta:apiToken: must be stored encrypted: a plaintext value was found (not shown). Remove it from the stack file and run `pulumi config set --secret okta:apiToken`",
      );
      expect(stdout + stderr).not.toContain(token);
    } finally {
      project.remove();
    }
  });

  test("an inline environment's http:// bookmark URL is refused like the stack file's", async () => {
    const project = tempProject({ esc: inline(`      ${K("bookmarkUrl")}: http://intranet.acme.example/\n`) });
    try {
      const { code, stdout } = await plan(["--stack", "esc", "--dir", project.dir, ...TODAY]);
      expect(code).toBe(2);
      expect(lines(stdout)).toContain(
        `  Pulumi.esc.yaml: ${K("bookmarkUrl")}: expected an https URL with a real host name (such as https://example.com/); http, IP literals, localhost and single-label hosts are refused`,
      );
    } finally {
      project.remove();
    }
  });

  test("an inline value the plan cannot evaluate (fn::secret) is left to the environment, unchecked", async () => {
    const project = tempProject({ esc: inline(`      okta:apiToken:\n        fn::secret: 00abc\n      ${K("bookmarkUrl")}: https://www.okta.com/\n`) });
    try {
      const { code, stdout } = await plan(["--stack", "esc", "--dir", project.dir, "--json", ...TODAY]);
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as PlanDocument).stacks[0].unchecked?.map((u) => u.key)).toEqual(["okta:privateKey", "okta:apiToken", "okta:accessToken"]);
      expect(stdout).not.toContain("00abc");
    } finally {
      project.remove();
    }
  });
});
