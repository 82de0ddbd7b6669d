import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
// The config modules alone: the components' index also loads @pulumi/pulumi, which verify does not need.
import { CheckSettings, ConfigError, parseStackConfig } from "../components/config";
import { listStacks, readStackFile, StackFileError, stackFileName } from "../components/stackConfigSource";
import type { OrgLocation } from "./connection";
import { UsageError } from "./errors";

export interface LoadedStack {
  stackFile: string;
  settings: CheckSettings;
  org: OrgLocation;
}

/** Reads and validates `Pulumi.<stack>.yaml`; every problem is a usage error (exit 64). */
export function loadStack(projectDir: string, stack: string): LoadedStack {
  const stackFile = stackFileName(stack);
  let stacks: string[];
  try {
    stacks = listStacks(projectDir);
  } catch {
    throw new UsageError(`cannot list the stack files in ${projectDir}`);
  }
  if (!stacks.includes(stack)) {
    throw new UsageError(`unknown stack "${stack}": ${stackFile} not found in ${projectDir}; ${describeStacks(stacks)}`);
  }
  try {
    const { settings, config } = parseStackConfig(readStackFile(path.join(projectDir, stackFile)), stackFile);
    return { stackFile, settings, org: { orgName: config["okta:orgName"] as string | undefined, baseUrl: config["okta:baseUrl"] as string | undefined } };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StackFileError) throw new UsageError(error.message);
    throw error;
  }
}

/** "existing stacks: dev, prod", for messages that must say which stacks there are. */
export function existingStacks(projectDir: string): string {
  try {
    return describeStacks(listStacks(projectDir));
  } catch {
    return `cannot list the stack files in ${projectDir}`;
  }
}

function describeStacks(stacks: string[]): string {
  return stacks.length > 0 ? `existing stacks: ${stacks.join(", ")}` : "no Pulumi.<stack>.yaml exists there";
}

/** The ids `pulumi stack output --json` reports for the check. */
export interface CheckIds {
  bookmarkAppId: string;
  policyId: string;
  ruleId: string;
  catchAllRuleId?: string;
}

const oktaId = (what: string) => z.string({ error: `expected ${what} as text` }).regex(/^[A-Za-z0-9]+$/, { error: `expected ${what} (letters and digits)` });

const outputsSchema = z.object({
  bookmarkAppId: oktaId("the bookmark app id"),
  policyId: oktaId("the policy id"),
  ruleId: oktaId("the rule id"),
  catchAllRuleId: oktaId("the catch-all rule id").optional(),
});

/** Reads a saved `pulumi stack output --json`; a missing or unusable file is a usage error. */
export function readOutputsFile(file: string): CheckIds {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`--outputs ${file}: cannot read the file`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
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
