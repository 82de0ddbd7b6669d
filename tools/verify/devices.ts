import type * as okta from "@okta/okta-sdk-nodejs";

/**
 * The devices of each user with their management status. `/users/{id}/devices` lists them without
 * it (UserDevice), so `/devices?search=id eq ... or ...&expand=user` (DeviceList with
 * `_embedded.users[]` of DeviceUser {managementStatus, user}) is asked for many devices at a time,
 * across all the users.
 */

export interface DeviceStatus {
  id: string;
  name: string;
  platform: string;
  status: string;
  registered?: boolean;
  /** From the Devices API's `_embedded.users[]` entry for this user; UNKNOWN when Okta did not say. */
  managementStatus: string;
}

/** The two reads of a user's devices (Tenant.listUserDevices and Tenant.searchDevices in tenant.ts). */
export interface DeviceReader {
  listUserDevices(userId: string): Promise<okta.UserDevice[]>;
  searchDevices(search: string): Promise<okta.DeviceList[]>;
}

// Okta recommends small search pages; a long `or` chain would also make an over-long URL.
const DEVICES_PER_SEARCH = 20;

export async function readDevices(tenant: DeviceReader, userIds: readonly string[]): Promise<Map<string, DeviceStatus[]>> {
  const owned = new Map<string, okta.UserDevice[]>();
  for (const userId of userIds) owned.set(userId, await tenant.listUserDevices(userId));
  return withManagementStatus(owned, await searchManagement(tenant, owned));
}

/** The Devices API's entries (with `_embedded.users[].managementStatus`) of every device listed. */
export async function searchManagement(tenant: DeviceReader, owned: ReadonlyMap<string, okta.UserDevice[]>): Promise<okta.DeviceList[]> {
  const ids = [...new Set([...owned.values()].flat().map((entry) => entry.device?.id ?? "").filter((id) => /^[A-Za-z0-9]+$/.test(id)))];
  const detailed: okta.DeviceList[] = [];
  for (let start = 0; start < ids.length; start += DEVICES_PER_SEARCH) {
    const search = ids
      .slice(start, start + DEVICES_PER_SEARCH)
      .map((id) => `id eq "${id}"`)
      .join(" or ");
    detailed.push(...(await tenant.searchDevices(search)));
  }
  return detailed;
}

export function withManagementStatus(owned: ReadonlyMap<string, okta.UserDevice[]>, detailed: readonly okta.DeviceList[]): Map<string, DeviceStatus[]> {
  const result = new Map<string, DeviceStatus[]>();
  for (const [userId, entries] of owned) {
    result.set(
      userId,
      entries.map(({ device }) => {
        const id = device?.id ?? "unknown";
        const details = detailed.find((candidate) => candidate.id === id);
        const profile = details?.profile ?? device?.profile;
        const link = details?._embedded?.users?.find((entry) => entry.user?.id === userId);
        return {
          id,
          name: profile?.displayName ?? id,
          platform: profile?.platform ?? "unknown platform",
          status: details?.status ?? device?.status ?? "UNKNOWN",
          registered: profile?.registered ?? undefined,
          managementStatus: link?.managementStatus ?? "UNKNOWN",
        };
      }),
    );
  }
  return result;
}
