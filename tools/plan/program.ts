/**
 * The program file the Pulumi CLI runs for a project, so that the plan plans that file and no other.
 * pulumi/pulumi, sdk/nodejs/cmd/run/run.ts (`run`, `resolveEntrypoint`; read in @pulumi/pulumi
 * 3.276's cmd/run/run.js): the program is `main:` (pkg/engine/project.go, `getPwdMain`, relative to
 * the project folder), else the project folder itself, whose entry point is the nearest
 * package.json's `exports` (a text, or "."'s text or `default`/`require`/`import`) or else its
 * `main`, when that file exists. What remains a folder is loaded with Node's `require(folder + "/")`:
 * the folder's package.json `main`, then `index.js`, then `index.ts` (ts-node registers `.ts` for a
 * TypeScript project).
 */
import * as fs from "fs";
import * as path from "path";
import { isDirectory, isFile } from "../stack/files";
import type { PulumiProject } from "../stack/project";

/** A project whose program the plan cannot find, or that Pulumi would not run: the user's to fix (invalid config). */
export class ProgramNotFound extends Error {}

// Node's lookup of a file (modules.js, `tryExtensions`), with ts-node's `.ts`.
const EXTENSIONS = ["", ".js", ".ts"];
const INDEX_FILES = ["index.js", "index.ts"];

/** The file Pulumi would run for the project; throws {@link ProgramNotFound} naming the project file and what was looked for. */
export function programOf(project: PulumiProject): string {
  const label = path.basename(project.file);
  const projectDir = path.dirname(project.file);
  if (project.main !== undefined) {
    if (!fs.existsSync(project.main)) {
      throw new ProgramNotFound(`${label}: main: ${project.main} does not exist (Pulumi would stop with "project 'main' could not be read"); point main: at the program file`);
    }
    return loadableFile(project.main) ?? refuse(`${label}: main: ${project.main} is a folder with no program Pulumi would run (its package.json "main", index.js or index.ts); point main: at the program file`);
  }
  const entry = packageEntryPoint(projectDir) ?? projectDir;
  return (
    loadableFile(entry) ??
    refuse(`${label}: no main:, and ${projectDir} holds no program Pulumi would run (package.json "exports" or "main", else ${INDEX_FILES.map((f) => path.join(projectDir, f)).join(" or ")}); point main: in ${label} at the program file`)
  );
}

function refuse(message: string): never {
  throw new ProgramNotFound(message);
}

/** run.ts: the nearest package.json's entry point (searched up from the project folder), when the file it names exists. */
function packageEntryPoint(projectDir: string): string | undefined {
  for (let dir = projectDir; ; dir = path.dirname(dir)) {
    const manifest = readManifest(dir);
    if (manifest !== undefined) {
      const { exports, main } = manifest;
      const dot = isObject(exports) ? exports["."] : undefined;
      const entry = typeof exports === "string" ? exports : typeof dot === "string" ? dot : isObject(dot) ? (dot.default ?? dot.require ?? dot.import) : exports === undefined ? main : undefined;
      if (typeof entry !== "string" || entry === "") return undefined;
      const file = path.join(dir, entry);
      return fs.existsSync(file) ? file : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** What `require(target)` loads: the file itself (or with an extension), or a folder's package.json `main` or index file. */
function loadableFile(target: string): string | undefined {
  if (isDirectory(target)) {
    const main = readManifest(target)?.main;
    const fromMain = typeof main === "string" && main !== "" ? fileWithExtension(path.join(target, main)) : undefined;
    return fromMain ?? INDEX_FILES.map((index) => path.join(target, index)).find(isFile);
  }
  return fileWithExtension(target);
}

function fileWithExtension(file: string): string | undefined {
  return EXTENSIONS.map((extension) => file + extension).find(isFile);
}

function readManifest(dir: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    return isObject(parsed) ? parsed : {};
  } catch (error) {
    // An unreadable manifest is one Pulumi reads as empty (run.ts, `packageObjectFromProjectRoot`).
    return (error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR" ? undefined : {};
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

