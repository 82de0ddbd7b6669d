import { StackNameError } from "./errors";

/**
 * The stack name in a stack reference: `dev`, `acme/dev` or `acme/<project>/dev`. Only the last part
 * names the stack (pkg/backend/httpstate/backend.go, `parseStackName`; pkg/backend/diy/store.go,
 * `ParseReference`), and it must pass sdk/go/common/tokens/stack_name.go, `ParseStackName`. A
 * reference to another project is refused as the CLI refuses it (pkg/backend/backend.go,
 * `CurrentProjectContradictsWorkspace`).
 */
export function parseStackReference(reference: string, project: string): string {
  const parts = reference.split("/");
  if (parts.length > 3 || parts.slice(0, -1).some((p) => p === "")) {
    throw new StackNameError("invalid stack name: expected <stack>, <org>/<stack> or <org>/<project>/<stack>");
  }
  if (parts.slice(0, -1).some((p) => p === "." || p === ".." || /[^A-Za-z0-9_.-]/.test(p))) {
    throw new StackNameError("invalid stack name: the organization and project parts may only contain alphanumeric, hyphens, underscores, or periods");
  }
  if (parts.length === 3 && parts[1] !== project) {
    throw new StackNameError(`provided project name "${parts[1]}" doesn't match Pulumi.yaml: this project is ${project}`);
  }
  const name = parts[parts.length - 1];
  if (name === "") throw new StackNameError("invalid stack name: a stack name may not be empty");
  if (name.length > 100) throw new StackNameError("invalid stack name: a stack name cannot exceed 100 characters");
  const bad = /[^A-Za-z0-9_.-]/.exec(name);
  if (bad) {
    throw new StackNameError(`invalid stack name: a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character at position ${bad.index}`);
  }
  return name;
}

export function isValidStackName(name: string): boolean {
  return name !== "" && name.length <= 100 && !/[^A-Za-z0-9_.-]/.test(name);
}
