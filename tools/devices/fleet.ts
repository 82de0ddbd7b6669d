import type * as okta from "@okta/okta-sdk-nodejs";

/**
 * The fleet as the Devices API lists it (`GET /api/v1/devices?expand=user`): each device sorted into
 * one management state, and the devices still only registered with the users who must sign in once
 * with FastPass. Management is per user of a device (DeviceUser.managementStatus, MANAGED or
 * NOT_MANAGED in okta-management-openapi-spec); a device is managed when every active user's link is.
 */

/** The platforms of DevicePlatform in okta-management-openapi-spec. */
export const PLATFORMS = ["ANDROID", "IOS", "MACOS", "WINDOWS"] as const;

/**
 * - managed: registered, and every active user's link is MANAGED;
 * - not_managed: registered, and some active user's link is not MANAGED;
 * - not_registered: `profile.registered` is not true;
 * - inactive_users (set apart): every user of the device is deactivated or suspended;
 * - without_user (set apart): registered, but no user is linked to it (a deactivated device loses its links).
 */
export type DeviceState = "managed" | "not_managed" | "not_registered" | "inactive_users" | "without_user";
export const DEVICE_STATES: readonly DeviceState[] = ["managed", "not_managed", "not_registered", "inactive_users", "without_user"];

/** User statuses that cannot sign in: deactivated (DEPROVISIONED) or SUSPENDED (UserStatus in the spec). */
const INACTIVE_USER_STATUSES = new Set(["DEPROVISIONED", "SUSPENDED"]);

export type StateCounts = Record<DeviceState, number>;

export interface PlatformCounts extends StateCounts {
  platform: string;
  devices: number;
}

export interface FleetUser {
  id: string;
  login: string;
  status: string;
}

/** A registered device that is not managed, with the users whose link says so. */
export interface NotManagedDevice {
  id: string;
  name: string;
  platform: string;
  model?: string;
  status: string;
  lastUpdated?: string;
  users: FleetUser[];
}

export interface FleetSummary {
  devices: number;
  /** One row per platform seen, in the spec's order, then any other platform alphabetically. */
  platforms: PlatformCounts[];
  total: StateCounts;
  notManaged: NotManagedDevice[];
  /** The active users of the not-managed devices, each once, by login. */
  users: FleetUser[];
}

/** Sorts devices page by page, so that an interrupted read still reports what it has. */
export class FleetTally {
  private readonly counts = new Map<string, PlatformCounts>();
  private readonly notManaged: NotManagedDevice[] = [];
  private devices = 0;

  /** How many devices have been added. */
  get size(): number {
    return this.devices;
  }

  add(devices: readonly okta.DeviceList[]): void {
    for (const device of devices) {
      const platform = String(device.profile?.platform ?? "UNKNOWN");
      const row = this.counts.get(platform) ?? { platform, devices: 0, ...emptyCounts() };
      this.counts.set(platform, row);
      const { state, notManagedUsers } = classify(device);
      row[state]++;
      row.devices++;
      this.devices++;
      if (state === "not_managed") this.notManaged.push(describe(device, platform, notManagedUsers));
    }
  }

  summary(): FleetSummary {
    const order = (platform: string) => {
      const index = (PLATFORMS as readonly string[]).indexOf(platform);
      return index === -1 ? PLATFORMS.length : index;
    };
    const platforms = [...this.counts.values()].sort((a, b) => order(a.platform) - order(b.platform) || a.platform.localeCompare(b.platform));
    const total = emptyCounts();
    for (const row of platforms) for (const state of DEVICE_STATES) total[state] += row[state];
    const notManaged = [...this.notManaged].sort((a, b) => (a.users[0]?.login ?? "").localeCompare(b.users[0]?.login ?? "") || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const users = new Map<string, FleetUser>();
    for (const device of notManaged) for (const user of device.users) users.set(user.id, user);
    return { devices: this.devices, platforms, total, notManaged, users: [...users.values()].sort((a, b) => a.login.localeCompare(b.login)) };
  }
}

function emptyCounts(): StateCounts {
  return { managed: 0, not_managed: 0, not_registered: 0, inactive_users: 0, without_user: 0 };
}

function classify(device: okta.DeviceList): { state: DeviceState; notManagedUsers: FleetUser[] } {
  const links = device._embedded?.users ?? [];
  const active = links.filter((link) => !INACTIVE_USER_STATUSES.has(String(link.user?.status ?? "")));
  if (links.length > 0 && active.length === 0) return { state: "inactive_users", notManagedUsers: [] };
  if (device.profile?.registered !== true) return { state: "not_registered", notManagedUsers: [] };
  if (links.length === 0) return { state: "without_user", notManagedUsers: [] };
  const notManagedUsers = active.filter((link) => link.managementStatus !== "MANAGED").map(userOf);
  return { state: notManagedUsers.length > 0 ? "not_managed" : "managed", notManagedUsers };
}

function userOf(link: okta.DeviceUser): FleetUser {
  const user = link.user;
  return { id: String(user?.id ?? ""), login: String(user?.profile?.login ?? user?.id ?? ""), status: String(user?.status ?? "") };
}

function describe(device: okta.DeviceList, platform: string, users: FleetUser[]): NotManagedDevice {
  const lastUpdated = device.lastUpdated instanceof Date && !Number.isNaN(device.lastUpdated.getTime()) ? device.lastUpdated.toISOString() : undefined;
  return {
    id: String(device.id),
    name: String(device.profile?.displayName ?? device.resourceDisplayName?.value ?? device.id),
    platform,
    model: device.profile?.model,
    status: String(device.status ?? ""),
    lastUpdated,
    users: users.sort((a, b) => a.login.localeCompare(b.login)),
  };
}
