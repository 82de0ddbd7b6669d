import type { PlanDocument } from "../../tools/plan/json";
import { devStackWith, plan, tempProject } from "../plan/support";

// The offline plan of a stack with a pilot group: its GroupAssignment shown, the pack passing.

const TODAY = ["--today", "2026-06-01"];

test("a stack with a pilot group instead of test users plans clean: one GroupAssignment, no user assignment, every policy passing", async () => {
  const project = tempProject({ pilot: devStackWith({ "okta-managed-device-check:testUsers": null, "okta-managed-device-check:testGroups": '["Pilot Devices"]' }) });
  try {
    const run = await plan(["--stack", "pilot", "--json", ...TODAY], { cwd: project.dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [stack] = (JSON.parse(run.stdout) as PlanDocument).stacks;
    expect(stack.status).toBe("clean");
    expect((stack.policies ?? []).filter((verdict) => verdict.verdict !== "pass")).toEqual([]);
    const assignments = (stack.resources ?? []).filter((resource) => resource.type === "okta:app/groupAssignment:GroupAssignment" || resource.type === "okta:app/user:User");
    expect(assignments.map((resource) => [resource.type, resource.name])).toEqual([["okta:app/groupAssignment:GroupAssignment", "managed-device-check-group-Pilot Devices"]]);
    expect(assignments[0].properties).toEqual([
      { label: "app", input: "appId", value: "(id of managed-device-check-bookmark: known after pulumi up)" },
      { label: "group", input: "groupId", value: '(looked up in tenant: group "Pilot Devices")' },
    ]);
  } finally {
    project.remove();
  }
}, 60_000);
