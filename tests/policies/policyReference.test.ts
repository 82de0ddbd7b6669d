import * as fs from "fs";
import { policyReference, REFERENCE_FILE, REGENERATE_COMMAND } from "../../scripts/policy-reference";

describe("docs/policies.md", () => {
  it("is the reference generated from the pack as it is", () => {
    const committed = fs.existsSync(REFERENCE_FILE) ? fs.readFileSync(REFERENCE_FILE, "utf8") : "";
    if (committed !== policyReference()) {
      throw new Error(`docs/policies.md is not the reference generated from the policy pack; run \`${REGENERATE_COMMAND}\` and commit the result.`);
    }
  });
});
