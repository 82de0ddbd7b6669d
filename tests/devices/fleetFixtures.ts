import { main, DevicesOptions } from "../../tools/devices/cli";
import type { OutputStream } from "../../tools/redact";
import { device, oktaUser, TestUser } from "../verify/tenantFixtures";

/** Fleets for the devices command: devices shaped as `GET /api/v1/devices?expand=user` lists them (tests/verify/fakeDirectory.ts). */

type Json = Record<string, unknown>;

export const person = (key: string, name: string): TestUser => ({ id: `00u1${key.padEnd(16, "0")}`.slice(0, 20), login: `${key}@acme.example`, name });

export const ALICE = person("alice", "Alice Anders");
export const BOB = person("bob", "Bob Brandt");
export const CAROL = person("carol", "Carol Chen");
export const DAVE = person("dave", "Dave Dietz");
export const ERIN = person("erin", "Erin Eames");
export const FRANK = person("frank", "Frank Fox");
export const GINA = person("gina", "Gina Gray");
export const HANK = person("hank", "Hank Hill");

type Link = { user: TestUser; managementStatus: "MANAGED" | "NOT_MANAGED"; userStatus?: string };

/** A device of the given platform and model; users' statuses (SUSPENDED, DEPROVISIONED) as UserStatus names them. */
export function fleetDevice(id: string, name: string, platform: string, model: string, links: Link[], registered = true, lastUpdated = "2025-06-15T10:00:00.000Z"): Json {
  const shaped = device(id, name, platform, links, registered);
  (shaped.profile as Json).model = model;
  shaped.lastUpdated = lastUpdated;
  const embedded = (shaped._embedded as { users: Json[] }).users;
  links.forEach((link, index) => {
    if (link.userStatus) embedded[index].user = { ...oktaUser(link.user), status: link.userStatus };
  });
  return shaped;
}

/**
 * Twelve devices, every state on four platforms:
 * managed 3 (Alice's Mac, Frank's PC, Hank's Pixel), registered but not managed 3 (Bob's Mac; Erin's PC;
 * the iPad Alice (MANAGED) shares with Bob (NOT_MANAGED)), not registered 2 (Dave's Mac, Hank's tablet),
 * of deactivated or suspended users 2 (Carol suspended, Gina deactivated), without a user 2.
 */
export function mixedFleet(): Json[] {
  return [
    fleetDevice("guo1macalice0000d7x1", "Alice's MacBook Pro", "MACOS", "MacBookPro18,3", [{ user: ALICE, managementStatus: "MANAGED" }]),
    fleetDevice("guo1macbob000000d7x1", "Bob's MacBook Air", "MACOS", "Mac14,2", [{ user: BOB, managementStatus: "NOT_MANAGED" }], true, "2025-06-14T08:30:00.000Z"),
    fleetDevice("guo1maccarol0000d7x1", "Carol's iMac", "MACOS", "iMac21,1", [{ user: CAROL, managementStatus: "NOT_MANAGED", userStatus: "SUSPENDED" }]),
    fleetDevice("guo1macdave00000d7x1", "Dave's Mac mini", "MACOS", "Macmini9,1", [{ user: DAVE, managementStatus: "NOT_MANAGED" }], false),
    fleetDevice("guo1winerin0000d7x1a", "ERIN-LAPTOP", "WINDOWS", "Latitude 7440", [{ user: ERIN, managementStatus: "NOT_MANAGED" }], true, "2025-06-13T16:05:00.000Z"),
    fleetDevice("guo1winfrank000d7x1a", "FRANK-DESKTOP", "WINDOWS", "OptiPlex 7010", [{ user: FRANK, managementStatus: "MANAGED" }]),
    fleetDevice("guo1winkiosk000d7x1a", "KIOSK-01", "WINDOWS", "OptiPlex 3000", []),
    fleetDevice("guo1ipadshared00d7x1", "Shared iPad", "IOS", "iPad13,18", [
      { user: BOB, managementStatus: "NOT_MANAGED" },
      { user: ALICE, managementStatus: "MANAGED" },
    ]),
    fleetDevice("guo1iphonegina0d7x1a", "Gina's iPhone", "IOS", "iPhone15,2", [{ user: GINA, managementStatus: "NOT_MANAGED", userStatus: "DEPROVISIONED" }]),
    fleetDevice("guo1iphonespare0d7x1", "Spare iPhone", "IOS", "iPhone14,7", []),
    fleetDevice("guo1pixelhank000d7x1", "Hank's Pixel", "ANDROID", "Pixel 8", [{ user: HANK, managementStatus: "MANAGED" }]),
    fleetDevice("guo1tablethank00d7x1", "Hank's Tab", "ANDROID", "SM-X710", [{ user: HANK, managementStatus: "NOT_MANAGED" }], false),
  ];
}

/** `size` users with distinct 20-character ids (tenantFixtures' cohort repeats ids beyond 9,999). */
export function fleetUsers(size: number): TestUser[] {
  return Array.from({ length: size }, (_, index) => {
    const n = String(index + 1).padStart(5, "0");
    return { id: `00u1fleet${n.padStart(11, "0")}`, login: `user${n}@acme.example`, name: `User ${n}` };
  });
}

/** One device per user, every `notManagedEvery`-th one NOT_MANAGED. */
export function largeFleet(users: TestUser[], notManagedEvery = 10): Json[] {
  return users.map((user, index) =>
    fleetDevice(`guo1${String(index).padStart(12, "0")}d7x1`, `${user.name}'s Mac`, "MACOS", "Mac15,6", [{ user, managementStatus: index % notManagedEvery === 0 ? "NOT_MANAGED" : "MANAGED" }]),
  );
}

export interface DevicesRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runDevices(argv: string[], env: Record<string, string | undefined>, options: DevicesOptions, io: { stderr?: OutputStream & { text?: string }; signal?: AbortSignal } = {}): Promise<DevicesRun> {
  let stdout = "";
  let stderr = "";
  const err: OutputStream = io.stderr ? { write: (text: string) => (stderr += text, io.stderr?.write(text)), isTTY: io.stderr.isTTY, columns: io.stderr.columns } : { write: (text: string) => (stderr += text) };
  const exitCode = await main(argv, env, { stdout: { write: (text: string) => (stdout += text) }, stderr: err, signal: io.signal }, options);
  return { exitCode, stdout, stderr };
}
