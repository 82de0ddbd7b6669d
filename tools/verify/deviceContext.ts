import type { DeviceStatus } from "./devices";
import { APP_SSO, closestTo, OktaLogEvent, SESSION_START, sameSignIn, targetsOf, textOf } from "./signInEvents";

/**
 * The device Okta saw at a sign-in, from wherever it put it, and read with care as neither is sure
 * to be there (DESIGN.md, "What a sign-in to the bookmark writes"):
 * - a `UDDevice` target of the evaluation, whose `detailEntry` holds strings (`managed: "false"`,
 *   `osPlatform: "MACOS"`, ...), as Okta's help article on device context evaluation shows it;
 * - a top-level `device` block (`id, name, os_platform, os_version, managed, registered, ...`) on the
 *   evaluation, or on the `user.authentication.sso` / `user.session.start` event of the same sign-in
 *   (unqork-external/tomisp examples/sample_okta.py). Its `name` is the hardware model (`Mac15,6`,
 *   `MS-7B51`), not a label a person gave the device. The SDK's LogEvent drops the block; client.ts
 *   keeps it (its shape: okta-sdk-nodejs src/types/generated/models/LogDevice.d.ts).
 */

export interface DeviceContext {
  id?: string;
  /** The hardware model Okta reports as the device's name, e.g. Mac15,6. */
  model?: string;
  platform?: string;
  managed?: boolean;
  registered?: boolean;
  /** Which events said so, e.g. "the evaluation's UDDevice target". */
  from: string[];
  /** The same device in the Devices API (matched by id), with its management status now. */
  inDevicesApi?: { name: string; managementStatus: string };
}

type Reported = Omit<DeviceContext, "from" | "inDevicesApi">;

export function deviceContextOf(evaluation: OktaLogEvent, events: readonly OktaLogEvent[], devices: readonly DeviceStatus[] | undefined): DeviceContext | undefined {
  const reports: Array<[string, Reported]> = [];
  for (const target of targetsOf(evaluation, "UDDevice")) {
    const entry = target.detailEntry as Record<string, unknown> | undefined;
    reports.push([
      "the evaluation's UDDevice target",
      { id: target.id ?? textOf(entry, "oktaDeviceId"), model: target.displayName, platform: textOf(entry, "osPlatform"), managed: flag(entry?.managed), registered: flag(entry?.registered) },
    ]);
  }
  if (evaluation.device) reports.push(["the evaluation's device block", fromBlock(evaluation.device)]);
  const sessionEvents = events.filter((event) => (event.eventType === APP_SSO || event.eventType === SESSION_START) && event.device && sameSignIn(event, evaluation));
  const session = closestTo(evaluation, sessionEvents);
  if (session?.device) reports.push([`the device block of ${session.eventType}`, fromBlock(session.device)]);
  if (reports.length === 0) return undefined;
  const merged: DeviceContext = { from: reports.map(([source]) => source) };
  for (const key of ["id", "model", "platform", "managed", "registered"] as const) {
    const value = reports.map(([, reported]) => reported[key]).find((candidate) => candidate !== undefined && candidate !== "");
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  const listed = devices?.find((device) => device.id === merged.id);
  if (listed) merged.inDevicesApi = { name: listed.name, managementStatus: listed.managementStatus };
  return merged;
}

function fromBlock(block: NonNullable<OktaLogEvent["device"]>): Reported {
  return { id: block.id ?? undefined, model: block.name ?? undefined, platform: block.os_platform ?? undefined, managed: flag(block.managed), registered: flag(block.registered) };
}

/** A boolean, or the strings "true" / "false" a UDDevice target holds. */
function flag(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  return undefined;
}

/** The platform as people name it: MACOS (or the device block's OSX) is macOS. */
export function platformName(platform: string | undefined): string | undefined {
  if (!platform) return undefined;
  const known: Record<string, string> = { MACOS: "macOS", OSX: "macOS", WINDOWS: "Windows", IOS: "iOS", IPADOS: "iPadOS", ANDROID: "Android", CHROMEOS: "ChromeOS" };
  return known[platform.toUpperCase()] ?? platform;
}

/** "macOS, model Mac15,6, device guo...: registered, not managed (from ...); in the Devices API "Alice's Mac": MANAGED". */
export function describeEvaluationDevice(device: DeviceContext): string {
  const what = [platformName(device.platform) ?? "platform not named", device.model && `model ${device.model}`, device.id && `device ${device.id}`].filter(Boolean).join(", ");
  const state = [device.registered === undefined ? undefined : device.registered ? "registered" : "not registered", device.managed === undefined ? undefined : device.managed ? "managed" : "not managed"].filter(Boolean);
  const api = device.inDevicesApi ? `; in the Devices API "${device.inDevicesApi.name}": ${device.inDevicesApi.managementStatus}` : "";
  return `${what}${state.length > 0 ? `: ${state.join(", ")}` : ""} (from ${device.from.join(" and ")})${api}`;
}
