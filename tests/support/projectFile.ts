import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Writes this project's Pulumi.yaml into another folder, its `main:` naming this checkout's
 * index.ts by absolute path (pkg/engine/project.go, `getPwdMain`, takes one), so that a stack there
 * runs the program Pulumi would run for it.
 */
export function writeProjectFile(dir: string): void {
  const text = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
  const main = `main: ${JSON.stringify(path.join(ROOT, "index.ts"))}`;
  if (!/^main: .*$/m.test(text)) throw new Error("Pulumi.yaml: expected a main: line to point at this checkout's program");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), text.replace(/^main: .*$/m, main));
}

/** Writes each file (a path relative to `dir`, its folders made as needed) and returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
