#!/usr/bin/env node
import { main } from "../verify/main";

main(process.argv.slice(2), process.env, process)
  .then((exitCode) => {
    process.exitCode = exitCode;
  })
  .catch((error: unknown) => {
    // main reports its own failures; this is the last guard against a stack trace.
    process.stderr.write(`verify: unexpected error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
    process.exitCode = 4;
  });
