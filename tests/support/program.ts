import * as path from "path";
import { RawStackConfig } from "../../components/config";
import { readProjectStack } from "../../tools/stackConfig";
import "./sharedSdk";
import { CaptureResult, CapturedResource, captureProgram, toPulumiConfig } from "../../tools/plan/capture";
import type { TenantDirectory } from "../../tools/plan/providerContract";

export const ROOT = path.resolve(__dirname, "..", "..");

/** A shipped stack's config as the Pulumi CLI would hand it to the program (Pulumi.yaml merged), as the plan reads it. */
export function stackConfig(stack: string): RawStackConfig {
  return readProjectStack(ROOT, stack).config;
}

/** Runs `index.ts` under Pulumi's mocks with the given stack config, loading a fresh copy each time. */
export async function runProgram(
  raw: RawStackConfig,
  options: { stack?: string; preview?: boolean; tenant?: "mocked" | "unknown"; directory?: TenantDirectory } = {},
): Promise<CaptureResult> {
  const { config, secretKeys } = toPulumiConfig(raw);
  return captureProgram({
    stack: options.stack ?? "dev",
    config,
    secretKeys,
    preview: options.preview ?? false,
    tenant: options.tenant ?? "mocked",
    directory: options.directory,
    program: () => {
      let exported: unknown;
      jest.isolateModules(() => {
        exported = require("../../index");
      });
      return exported;
    },
  });
}

export function byType(resources: CapturedResource[], type: string): CapturedResource[] {
  return resources.filter((r) => r.type === type);
}

export function only(resources: CapturedResource[], type: string): CapturedResource {
  const found = byType(resources, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0];
}
