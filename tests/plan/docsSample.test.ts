// docs/plan.md shows "the dev stack on a fresh clone": that sample is the plan's output, kept true
// here (it had drifted behind the pack's policies once).
import * as fs from "fs";
import * as path from "path";
import { plan, ROOT } from "./support";

test("the dev stack's plan in docs/plan.md is what npm run plan -- --stack dev prints", async () => {
  const doc = fs.readFileSync(path.join(ROOT, "docs", "plan.md"), "utf8");
  const sample = /The dev stack on a fresh clone:\n\n```text\n([\s\S]*?)```\n/.exec(doc);
  expect(sample).not.toBeNull();
  const { code, stdout } = await plan(["--stack", "dev"]);
  expect(code).toBe(0);
  expect(sample?.[1]).toBe(stdout);
}, 60_000);
