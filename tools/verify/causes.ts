import type { DeviceContext } from "./deviceContext";
import { platformName } from "./deviceContext";
import type { DeviceStatus } from "./devices";
import type { FastPassProbe } from "./fastPassProbe";

/**
 * The likely causes of a denial, ranked by what the sign-in's events and the Devices API say, each
 * naming the evidence it rests on. Okta's DENY says no more than "Sign-on policy evaluation resulted
 * in DENY" (DESIGN.md), so the device Okta saw decides the order:
 * - no device at the sign-in: it was not a FastPass sign-in from the device (another browser or device);
 * - a registered device that was not managed: the MDM integration, or the MDM's deployment of Okta
 *   Verify with the integration's managed app configuration, for that platform;
 * - a registered, managed device denied all the same: another condition of the rule.
 * What only a person can confirm (when the integration was finished) is kept, and says so.
 */

export interface LikelyCause {
  cause: string;
  fix: string;
  /** What the cause rests on; for a cause the API cannot see, that it must be confirmed by hand. */
  evidence: string;
}

export interface DenialEvidence {
  at: string;
  device?: DeviceContext;
  devices?: readonly DeviceStatus[];
  probe?: FastPassProbe;
  /** The managed-device rule's name, and the name of the check's rule that denied. */
  ruleName: string;
  deniedBy: string;
}

const BY_HAND = "the API cannot show this: confirm it by hand";
const SIGN_IN_ON_THE_DEVICE = 'open the tile on the device under test itself and choose "Sign in with Okta FastPass", not a push, a code or another browser';

export function likelyCauses(evidence: DenialEvidence): LikelyCause[] {
  const { device } = evidence;
  if (!device) return noDeviceSeen(evidence);
  if (device.registered === false) {
    return [
      { cause: "the device was not registered with Okta Verify at the sign-in", fix: "install Okta Verify on the device and add the account, so that Okta registers it", evidence: `${seen(device)} not registered` },
      ...notFastPass(evidence),
    ];
  }
  if (device.managed === true) return managedYetDenied(evidence, device);
  return notManaged(evidence, device);
}

function noDeviceSeen(evidence: DenialEvidence): LikelyCause[] {
  const probe = evidence.probe && !evidence.probe.found ? `; ${evidence.probe.reason}` : "";
  const causes: LikelyCause[] = [
    {
      cause: "the sign-in was not an Okta FastPass sign-in from the device under test (another browser or another device)",
      fix: SIGN_IN_ON_THE_DEVICE,
      evidence: `the sign-in's events name no device${probe}`,
    },
  ];
  const unmanaged = (evidence.devices ?? []).filter((device) => device.managementStatus !== "MANAGED");
  if ((evidence.devices ?? []).length === 0) {
    causes.push({ cause: "Okta Verify has not registered any device of the user", fix: "install Okta Verify on the device under test and add the account", evidence: "the Devices API lists no device of the user" });
  } else if (unmanaged.length > 0) {
    const platform = platformName(unmanaged[0].platform);
    causes.push({ ...integrationCause(platform), evidence: `the Devices API lists ${unmanaged.map((device) => `"${device.name}" (${device.platform}) ${device.managementStatus}`).join(", ")}` });
  }
  causes.push(finishedAfter(evidence.at));
  return causes;
}

function notManaged(evidence: DenialEvidence, device: DeviceContext): LikelyCause[] {
  const platform = platformName(device.platform);
  const basis = `${seen(device)} registered but not managed`;
  const causes: LikelyCause[] = [];
  if (device.inDevicesApi?.managementStatus === "MANAGED") {
    causes.push({
      cause: "the device became managed only after this sign-in",
      fix: "sign in to the tile again with FastPass: Okta marks a device managed at a FastPass sign-in",
      evidence: `${basis}; the Devices API says MANAGED now`,
    });
  }
  causes.push(
    { ...integrationCause(platform), evidence: basis },
    { cause: "the device is not enrolled in the MDM", fix: `enroll this ${platform ? `${platform} ` : ""}device in the MDM and let it install the managed Okta Verify`, evidence: basis },
    finishedAfter(evidence.at),
  );
  return causes;
}

function managedYetDenied(evidence: DenialEvidence, device: DeviceContext): LikelyCause[] {
  return [
    ...notFastPass(evidence),
    {
      cause: `another condition of the rule "${evidence.ruleName}" was not met`,
      fix: `compare this sign-in with the rule's conditions (users, network, risk, device assurance) under Security > Authentication Policies`,
      evidence: `${seen(device)} registered and managed, yet "${evidence.deniedBy}" denied`,
    },
  ];
}

function notFastPass(evidence: DenialEvidence): LikelyCause[] {
  const probe = evidence.probe;
  if (!probe || probe.found) return [];
  return [{ cause: "the sign-in did not use Okta FastPass, which the rule requires", fix: SIGN_IN_ON_THE_DEVICE, evidence: probe.reason }];
}

function integrationCause(platform: string | undefined): Omit<LikelyCause, "evidence"> {
  const which = platform ? `the ${platform} ` : "the ";
  return {
    cause: `${which}device management integration was not in place for this device at the sign-in`,
    fix: `finish ${which}integration under Security > Device Integrations, and have the MDM deploy Okta Verify ${platform ? `to ${platform} ` : ""}with the integration's managed app configuration`,
  };
}

function finishedAfter(at: string): LikelyCause {
  return { cause: "the MDM integration was finished only after this sign-in", fix: `confirm it was finished before ${at}; if not, sign in to the tile again with FastPass`, evidence: BY_HAND };
}

function seen(device: DeviceContext): string {
  const what = [platformName(device.platform), device.model && `model ${device.model}`, device.id].filter(Boolean).join(", ");
  return `at the sign-in Okta saw the device${what ? ` (${what})` : ""}`;
}
