// Which behaviour runs a device: a device-specific one for the profiles that have one, else the generic
// behaviour. The only place where device types are named, as the architecture rules require.

import type { Behaviour } from './behaviour.js';
import { dhwTankBehaviour } from './dhw-tank/behaviour.js';
import { evChargerBehaviour } from './ev-charger/behaviour.js';
import { genericBehaviour } from './generic.js';
import { levelSensorBehaviour } from './level-sensor/behaviour.js';
import { parkingServerBehaviour } from './parking-server/behaviour.js';
import { pirDetectorBehaviour } from './pir-detector/behaviour.js';

/** Device-specific behaviours by profile id. */
const BY_PROFILE: Record<string, Behaviour> = {
  'dhw-tank': dhwTankBehaviour as Behaviour,
  'ev-charger-level-2': evChargerBehaviour as Behaviour,
  'level-sensor': levelSensorBehaviour as Behaviour,
  'parking-management-server': parkingServerBehaviour as Behaviour,
  'pir-detector': pirDetectorBehaviour as Behaviour,
};

export function behaviourFor(profileId: string, requested?: unknown): Behaviour {
  if (requested === 'generic') return genericBehaviour as Behaviour;
  return BY_PROFILE[profileId] ?? (genericBehaviour as Behaviour);
}

/** The faults a device's behaviour models, by its profile id and parameters: the site reader's `faultNames`. */
export function behaviourFaultNames(
  profileId: string,
  parameters: Record<string, unknown>,
): readonly string[] {
  return behaviourFor(profileId, parameters.behaviour).faults;
}
