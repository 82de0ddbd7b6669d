/**
 * The plan's exit codes and when each is given, exactly as docs/plan.md's table states them (a test
 * holds the table to this list): the usage prints them from here.
 */
export const PLAN_EXIT_CODES: readonly { codes: string; when: string }[] = [
  {
    codes: "0",
    when: "every mandatory policy passes: `clean`, `advisory` (findings that do not block) or `unchecked` (a check the plan cannot make offline: a secret, an ESC value, a user looked up in the tenant)",
  },
  {
    codes: "1",
    when: "a mandatory policy is violated (`pulumi up --policy-pack policies` would refuse it), the provider would refuse an input (`pulumi up` would fail), or a resource has `import:` or `retainOnDelete` (the pack cannot see them; `pulumi destroy` would delete an object the check did not create, or leave one behind)",
  },
  {
    codes: "2",
    when: "the stack's config is invalid (or its file is not YAML), or the project file is one Pulumi would refuse (not YAML, no `name`, an unknown config attribute, `stackConfigDir` with a text `config:`, a `main:` that names nothing, no program where Pulumi would look for one: a `main:` folder, or without `main:` the project folder, with no `package.json` entry, `index.js` or `index.ts`)",
  },
  {
    codes: "64",
    when: "usage error: an unknown flag, no `--stack`/`--all`, a stack with no stack file, a stack reference to another project, a `--dir` without a project file",
  },
  {
    codes: "70",
    when: "the program itself failed under the mocks, or an internal error",
  },
  {
    codes: "74",
    when: "the plan could not be written: a full disk (`> /dev/full`), a pipe closed early",
  },
  {
    codes: "130, 143, 129",
    when: "stopped by the first Ctrl-C, SIGTERM or SIGHUP (the plan has nothing to show before it is done)",
  },
];
