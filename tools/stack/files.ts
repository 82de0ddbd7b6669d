import * as fs from "fs";

/** True when `file` is a regular file (following links); false when it is missing or cannot be read. */
export function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** True when `dir` is a directory (following links); false when it is missing or cannot be read. */
export function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
