import type { CapturedResource } from "./capture";

/** A resource option that would make `pulumi destroy` unsafe: it names the resource, the option, why and the fix. */
export interface OptionRefusal {
  type: string;
  name: string;
  option: "import" | "retainOnDelete";
  message: string;
}

/**
 * The options the policy pack cannot see (the Analyzer's resource options carry neither the import id
 * nor retainOnDelete: `AnalyzerResourceOptions` in @pulumi/pulumi's proto/analyzer_pb.d.ts), read from
 * the registration the program sends the engine (`RegisterResourceRequest.importId`, `retainOnDelete`
 * in proto/resource_pb.d.ts). The check must be created fresh and removed whole: an imported object
 * would be deleted by `pulumi destroy`, a retained one left behind.
 */
export function unsafeOptions(resources: readonly CapturedResource[], stack: string): OptionRefusal[] {
  const refusals: OptionRefusal[] = [];
  for (const { type, name, importId, retainOnDelete } of resources) {
    if (importId) {
      refusals.push({
        type,
        name,
        option: "import",
        message:
          `import: ${JSON.stringify(importId)} adopts an object that already exists in the tenant instead of creating one, ` +
          `and pulumi destroy --stack ${stack} would then delete that object (possibly a production policy or app). ` +
          "Fix: remove the import option and let the check create its own; never adopt a production object.",
      });
    }
    if (retainOnDelete) {
      refusals.push({
        type,
        name,
        option: "retainOnDelete",
        message:
          `retainOnDelete: true leaves it in the tenant when pulumi destroy --stack ${stack} runs, and the check must be fully removable. ` +
          "Fix: remove the retainOnDelete option.",
      });
    }
  }
  return refusals;
}
