import type { VerdictKind } from "./decision";
import type { PilotGroup } from "./pilotGroups";

/**
 * The pilot groups in verify's report: the members' verdicts counted (managed / not managed / not
 * yet), the not-managed ones shown in full as any test user, the others by count and name.
 */

export type VerdictCounts = Record<VerdictKind, number>;

export interface PilotSummary {
  groups: PilotGroup[];
  /** The members' verdicts (test users listed by themselves are not counted here). */
  members: VerdictCounts;
}

interface Verdicted {
  login: string;
  verdict: VerdictKind;
  group?: string;
}

/** How many logins of the members not evaluated yet the text names before "and N more". */
const NAMED_PENDING = 10;

export function pilotSummary(groups: PilotGroup[], users: readonly Verdicted[]): PilotSummary {
  const members: VerdictCounts = { managed: 0, not_managed: 0, no_evaluation: 0 };
  for (const user of users) if (user.group !== undefined) members[user.verdict]++;
  return { groups, members };
}

/** A user the text shows in full: every test user listed by itself, and the members not managed. */
export function shownInFull(user: Verdicted): boolean {
  return user.group === undefined || user.verdict === "not_managed";
}

export function renderPilotSummary(pilot: PilotSummary): string[] {
  const lines = pilot.groups.map((group) => `Pilot group "${group.name}"${group.id ? ` (${group.id})` : ""}: ${count(group.members, "member")}`);
  const { managed, not_managed, no_evaluation } = pilot.members;
  lines.push(`Members: ${managed.toLocaleString("en-US")} managed, ${not_managed.toLocaleString("en-US")} not managed, ${no_evaluation.toLocaleString("en-US")} not yet evaluated`);
  return lines;
}

export function renderPendingMembers(users: readonly Verdicted[]): string[] {
  const pending = users.filter((user) => user.group !== undefined && user.verdict === "no_evaluation").map((user) => user.login);
  if (pending.length === 0) return [];
  const more = pending.length > NAMED_PENDING ? `, and ${(pending.length - NAMED_PENDING).toLocaleString("en-US")} more` : "";
  return ["", `Members with no evaluation yet (${pending.length.toLocaleString("en-US")}): ${pending.slice(0, NAMED_PENDING).join(", ")}${more}`];
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}
