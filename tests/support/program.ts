import * as path from "path";
import { RawStackConfig } from "../../components/config";
import { readProjectStack } from "../../tools/stack/projectStack";
import "./sharedSdk";
import { CaptureResult, CapturedResource, captureProgram, type MockTenant } from "../../tools/plan/capture";
import { mockedTenant } from "./mockedTenant";

export const ROOT = path.resolve(__dirname, "..", "..");

/** A shipped stack's config as the Pulumi CLI would hand it to the program (Pulumi.yaml merged), as the plan reads it. */
export function stackConfig(stack: string): RawStackConfig {
  return readProjectStack(ROOT, stack).config;
}

/** Runs `index.ts` under Pulumi's mocks with the given stack config, loading a fresh copy each time; the tenant answers everything unless told otherwise. */
export async function runProgram(raw: RawStackConfig, options: { stack?: string; preview?: boolean; tenant?: MockTenant } = {}): Promise<CaptureResult> {
  return captureProgram({
    stack: options.stack ?? "dev",
    config: raw,
    preview: options.preview ?? false,
    tenant: options.tenant ?? mockedTenant(),
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
