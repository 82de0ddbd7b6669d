/**
 * Where a stack's config file is: the one place that turns a stack reference into a file, and the
 * one that names it in messages. pulumi/pulumi, sdk/go/common/workspace/paths.go:
 * `ProjectStackPath` (`Pulumi.<name><ext of the project file>`, in `stackConfigDir` when set,
 * relative to the project file's folder) and `qnameFileName`.
 */
import * as fs from "fs";
import * as path from "path";
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

/** How the project's stack files are named, for messages: `Pulumi.<stack>.yaml`, or `stacks/Pulumi.<stack>.yaml` with a stackConfigDir. */
export function stackFilePattern(projectDir: string, project: PulumiProject): string {
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

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
