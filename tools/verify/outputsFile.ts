import * as fs from "fs";
import { z } from "zod";
import { UsageError } from "../command";
import type { CheckIds } from "./findCheck";

/** `--outputs <file>`: the ids of a saved `pulumi stack output --json`, read only from a regular file of a sane size. */

/** A stack's outputs are a few hundred bytes; anything this large is not them. */
const MAX_OUTPUTS_BYTES = 1024 * 1024;

const oktaId = (what: string) => z.string({ error: `expected ${what} as text` }).regex(/^[A-Za-z0-9]+$/, { error: `expected ${what} (letters and digits)` });

const outputsSchema = z.object({
  bookmarkAppId: oktaId("the bookmark app id"),
  policyId: oktaId("the policy id"),
  ruleId: oktaId("the rule id"),
  catchAllRuleId: oktaId("the catch-all rule id").optional(),
});

/** Reads a saved `pulumi stack output --json` (UTF-8 with or without a BOM, or UTF-16 as PowerShell's `>` writes it). */
export function readOutputsFile(file: string): CheckIds {
  const bytes = readRegularFile(file);
  let document: unknown;
  try {
    document = JSON.parse(decodeText(bytes));
  } catch {
    throw new UsageError(`--outputs ${file}: not JSON; save it with: pulumi stack output --json --stack <name> > ${file}`);
  }
  const result = outputsSchema.safeParse(document);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(document)"}: ${issue.message}`);
    throw new UsageError(`--outputs ${file}: not the outputs of this project's stack (${problems.join("; ")})`);
  }
  return result.data;
}

/** Text by its byte-order mark; UTF-16 without one is recognised by the zero bytes of ASCII. */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString("utf8");
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString("utf16le");
  if (bytes.length >= 4 && bytes.length % 2 === 0) {
    if (bytes[0] !== 0 && bytes[1] === 0 && bytes[3] === 0) return bytes.toString("utf16le");
    if (bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0) return Buffer.from(bytes).swap16().toString("utf16le");
  }
  return bytes.toString("utf8");
}

/**
 * The file's bytes, refused unless it is a regular file of at most MAX_OUTPUTS_BYTES: a FIFO or a
 * device such as /dev/zero would block or never end. Opened without blocking, then checked on the
 * open descriptor, so the file checked is the file read.
 */
function readRegularFile(file: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    throw new UsageError(`--outputs ${file}: cannot read the file`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UsageError(`--outputs ${file}: not a regular file (${stat.isFIFO() ? "a pipe" : stat.isDirectory() ? "a directory" : "a device or socket"}); save the outputs to a file first`);
    if (stat.size > MAX_OUTPUTS_BYTES) throw new UsageError(`--outputs ${file}: ${stat.size} bytes, more than the ${MAX_OUTPUTS_BYTES} a stack's outputs could take`);
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const count = fs.readSync(fd, bytes, read, stat.size - read, read);
      if (count === 0) break;
      read += count;
    }
    return bytes.subarray(0, read);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--outputs ${file}: cannot read the file`);
  } finally {
    fs.closeSync(fd);
  }
}
