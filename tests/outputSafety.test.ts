import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../tools/plan/cli";

// The plan's output, made safe by the same module as verify's (tools/safeText.ts): text a program or
// a stack brings reaches the terminal with its control and bidi characters shown as \u escapes,
// and the JSON document gives the value back unchanged.

const ROOT = path.resolve(__dirname, "..");
const HOSTILE = "label\u001b]0;owned\u0007 \u001b[2J\u202egnp.exe\u009b31m";
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let dir: string;
let program: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "output-safety-"));
  program = path.join(dir, "hostileProgram.js");
  fs.writeFileSync(program, `throw new Error(${JSON.stringify(`the program failed: ${HOSTILE}`)});\n`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function plan(argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const exitCode = await main(argv, {}, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } }, { cwd: ROOT });
  return { exitCode, stdout, stderr };
}

test("text: a program's error with terminal controls and a bidi override is shown escaped", async () => {
  const result = await plan(["--stack", "dev", "--today", "2025-06-15", "--program", program]);
  expect(result.exitCode).toBe(70);
  expect(result.stdout + result.stderr).not.toMatch(RAW_CONTROL);
  expect(result.stdout).toContain("label\\u001b]0;owned\\u0007 \\u001b[2J\\u202egnp.exe\\u009b31m");
}, 60_000);

test("--json: the same error reads back unchanged from the document, and no raw control character is printed", async () => {
  const result = await plan(["--stack", "dev", "--today", "2025-06-15", "--program", program, "--json"]);
  expect(result.exitCode).toBe(70);
  expect(result.stdout).not.toMatch(RAW_CONTROL);
  expect(JSON.stringify(JSON.parse(result.stdout))).toContain(JSON.stringify(HOSTILE).slice(1, -1));
}, 60_000);
