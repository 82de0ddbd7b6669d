import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../tools/plan/cli";
import { writeProjectFile } from "../support/projectFile";
import "../support/sharedSdk";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface PlanRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the plan command in-process; each plan loads the program afresh, as the CLI does. */
export async function plan(argv: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<PlanRun> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
  const code = await main(argv, options.env ?? {}, io, {
    cwd: options.cwd ?? ROOT,
    loadProgram: (file) => {
      let exported: unknown;
      jest.isolateModules(() => {
        exported = require(file);
      });
      return exported;
    },
  });
  return { code, stdout, stderr };
}

/** A temporary project directory with the given stack files (name -> YAML text). */
export function tempProject(stacks: Record<string, string>): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-plan-test-"));
  writeProjectFile(dir);
  for (const [stack, text] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The dev stack file with some lines replaced or added (`key: value` lines under config:). */
export function devStackWith(replace: Record<string, string | null>): string {
  let text = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
  for (const [key, value] of Object.entries(replace)) {
    const line = new RegExp(`^  ${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:.*\\n(    .*\\n)*`, "m");
    const next = value === null ? "" : `  ${key}: ${value}\n`;
    text = line.test(text) ? text.replace(line, next) : text + next;
  }
  return text;
}
