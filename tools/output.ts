import { OutputError } from "./errors";
import type { OutputStream } from "./redact";
import { safeOutput, safeValue } from "./safeText";

/**
 * The streams a command writes to: every write redacted, then made safe for a terminal (tools/safeText.ts),
 * and a write the stream refuses (a full disk, a closed pipe) turned into an OutputError (exit 74).
 * The progress line of a terminal is the only control sequence written, and only here; the CRLF
 * ending a CSV record is the only carriage return.
 */
export function safeStream(stream: OutputStream, name: "stdout" | "stderr", redact: (text: string) => string): OutputStream {
  const write = (text: string) => {
    try {
      return stream.write(text);
    } catch (error) {
      throw new OutputError(name, error);
    }
  };
  return {
    write: (text: string) => write(safeOutput(redact(text))),
    rewriteLine: (line: string) => write(`\r\u001b[2K${safeValue(redact(line))}`),
    writeRecords: (records: readonly string[], terminator: "\r\n") => write(records.map((record) => `${safeOutput(redact(record))}${terminator}`).join("")),
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  };
}

/** A Node stream's 'error' event (EPIPE on a pipe, ENOSPC on a file), remembered for the exit code. */
export function watchForWriteErrors(streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): () => OutputError | undefined {
  let failure: OutputError | undefined;
  for (const name of ["stdout", "stderr"] as const) {
    streams[name].on("error", (error: unknown) => {
      failure ??= new OutputError(name, error);
    });
  }
  return () => failure;
}
