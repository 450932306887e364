// Which behaviour runs a device: a device-specific one for the profiles that have one, else the generic
// behaviour. The only place where device types are named, as the architecture rules require.

import type { Behaviour } from './behaviour.js';
import { dhwTankBehaviour } from './dhw-tank/behaviour.js';
import { genericBehaviour } from './generic.js';

/** Device-specific behaviours by profile id; the five seed device types join here. */
const BY_PROFILE: Record<string, Behaviour> = {
  'dhw-tank': dhwTankBehaviour as Behaviour,
};

export function behaviourFor(profileId: string, requested?: unknown): Behaviour {
  if (requested === 'generic') return genericBehaviour as Behaviour;
  return BY_PROFILE[profileId] ?? (genericBehaviour as Behaviour);
}
