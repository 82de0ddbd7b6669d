import type { OktaReader } from "./oktaReader";
import { deviceSchema, OktaDevice, parseItems, userDeviceSchema } from "./oktaSchemas";

export interface DeviceStatus {
  id: string;
  name: string;
  platform: string;
  status: string;
  registered?: boolean;
  /** From the Devices API's `_embedded.users[]` entry for this user; UNKNOWN when Okta did not say. */
  managementStatus: string;
}

// Okta recommends small search pages; a long `or` chain would also make an over-long URL.
const DEVICES_PER_SEARCH = 20;

/**
 * The user's devices with their management status. `/users/{id}/devices` lists them without it, so
 * `/devices?search=id eq ...&expand=user` is asked for the status of each.
 */
export async function readUserDevices(reader: OktaReader, userId: string): Promise<DeviceStatus[]> {
  const entries = parseItems(userDeviceSchema, await reader.list(`/api/v1/users/${encodeURIComponent(userId)}/devices`), "GET /api/v1/users/{id}/devices");
  const ids = entries.map((entry) => entry.device.id).filter((id) => /^[A-Za-z0-9]+$/.test(id));
  const detailed: OktaDevice[] = [];
  for (let start = 0; start < ids.length; start += DEVICES_PER_SEARCH) {
    const search = ids
      .slice(start, start + DEVICES_PER_SEARCH)
      .map((id) => `id eq "${id}"`)
      .join(" or ");
    detailed.push(...parseItems(deviceSchema, await reader.list("/api/v1/devices", { search, expand: "user" }), "GET /api/v1/devices"));
  }
  return entries.map(({ device }) => {
    const details = detailed.find((candidate) => candidate.id === device.id);
    const profile = details?.profile ?? device.profile;
    const link = details?._embedded?.users?.find((entry) => entry.user.id === userId);
    return {
      id: device.id,
      name: profile?.displayName ?? device.id,
      platform: profile?.platform ?? "unknown platform",
      status: details?.status ?? device.status ?? "UNKNOWN",
      registered: profile?.registered ?? undefined,
      managementStatus: link?.managementStatus ?? "UNKNOWN",
    };
  });
}
