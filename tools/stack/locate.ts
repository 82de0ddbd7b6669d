/**
 * Where a stack's config file is: the one place that turns a stack reference into a file, and the
 * one that names it in messages. pulumi/pulumi, sdk/go/common/workspace/paths.go:
 * `ProjectStackPath` (`Pulumi.<name><ext of the project file>`, in `stackConfigDir` when set,
 * relative to the project file's folder) and `qnameFileName`.
 */
import * as fs from "fs";
import * as path from "path";
import { isFile } from "./files";
import { UnknownStackError } from "./errors";
import { findProjectFile, readProject, type PulumiProject } from "./project";
import { isValidStackName, parseStackReference } from "./reference";

interface StackLocation {
  project: PulumiProject;
  /** The stack name: the last part of the reference. */
  name: string;
  /** The stack file, absolute. */
  file: string;
  /** The stack file as messages name it: relative to the project folder, e.g. `stacks/Pulumi.dev.yaml`. */
  label: string;
}

/** Locates a stack's file from a reference (`dev`, `acme/dev`, `acme/<project>/dev`); throws StackFileError / StackNameError. */
export function locateStack(projectDir: string, reference: string, project: PulumiProject = readProject(projectDir)): StackLocation {
  const name = parseStackReference(reference, project.name);
  const file = path.join(project.stackConfigDir, `Pulumi.${name}${project.extension}`);
  return { project, name, file, label: path.relative(projectDir, file) || file };
}

/**
 * Locates a stack whose file exists; throws {@link UnknownStackError} (the one wording of an unknown
 * stack, with the stacks that exist) when there is none, StackNameError for a bad reference.
 */
export function findStack(projectDir: string, reference: string, project: PulumiProject = readProject(projectDir)): StackLocation {
  const location = locateStack(projectDir, reference, project);
  const stacks = listStacks(projectDir, project);
  if (!stacks.some((stack) => stack.name === location.name)) {
    throw new UnknownStackError(`unknown stack ${JSON.stringify(reference)}: there is no ${location.label} in ${projectDir}. ${stacksThatExist(projectDir, project, stacks)}`);
  }
  return location;
}

/** "Stacks that exist: dev, prod", or how to create the first: the one wording of which stacks a project has. */
export function stacksThatExist(projectDir: string, project: PulumiProject, stacks: readonly StackLocation[] = listStacks(projectDir, project)): string {
  if (stacks.length > 0) return `Stacks that exist: ${stacks.map((stack) => stack.name).join(", ")}`;
  return `No stack files (${stackFilePattern(projectDir, project)}) exist in ${projectDir}; create one with: pulumi stack init <name>`;
}

/** How the project's stack files are named, for messages: `Pulumi.<stack>.yaml`, or `stacks/Pulumi.<stack>.yaml` with a stackConfigDir. */
function stackFilePattern(projectDir: string, project: PulumiProject): string {
  return path.join(path.relative(projectDir, project.stackConfigDir), `Pulumi.<stack>${project.extension}`);
}

/**
 * The stacks whose config files Pulumi would read, sorted: files named `Pulumi.<name><ext>` in the
 * stack config folder, with the project file's extension and a valid stack name. A folder without a
 * project file has none. (`pulumi stack ls` lists a backend's stacks; offline, the files are what there is.)
 */
export function listStacks(projectDir: string, project?: PulumiProject): StackLocation[] {
  if (!project && !findProjectFile(projectDir)) return [];
  const owner = project ?? readProject(projectDir);
  let files: string[];
  try {
    files = fs.readdirSync(owner.stackConfigDir);
  } catch {
    return [];
  }
  const stacks: StackLocation[] = [];
  for (const file of files.sort()) {
    if (!file.startsWith("Pulumi.") || !file.endsWith(owner.extension)) continue;
    const name = file.slice("Pulumi.".length, file.length - owner.extension.length);
    if (!isValidStackName(name) || !isFile(path.join(owner.stackConfigDir, file))) continue;
    stacks.push(locateStack(projectDir, name, owner));
  }
  return stacks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

