// The site of the bench `cluster scale`: about 100,000 points from the built-in profiles, as a site file. One
// car park (its parking server) and equal fleets of every other built-in device type: a parking server manages
// every charger of the site through the site's signals, so a site with many parking servers would measure
// each of them managing every charger (N × M), not a site of 100,000 points.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinProfiles } from '../src/points/load.js';
import type { Profile } from '../src/points/model.js';
import { PROTOCOLS } from '../src/protocols/registry.js';

const CAR_PARK_PROFILE = 'parking-management-server';

export interface ScaleSite {
  path: string;
  devices: number;
  points: number;
}

/** Writes the site file of about `points` points into `dir`. */
export function writeScaleSite(dir: string, points: number): ScaleSite {
  const profiles = builtinProfiles(PROTOCOLS).map((l) => l.profile as Profile);
  const carPark = profiles.find((p) => p.id === CAR_PARK_PROFILE);
  if (!carPark) throw new Error(`cluster scale bench: no built-in profile ${CAR_PARK_PROFILE}`);
  const fleets = profiles.filter((p) => p !== carPark);
  const perSet = fleets.reduce((sum, p) => sum + p.points.length, 0);
  const count = Math.ceil((points - carPark.points.length) / perSet);
  const lines = [
    'site: { id: scale, name: Scale, tz: Europe/Paris }',
    'devices:',
    `  - { id: car-park, profile: ${carPark.id} }`,
    ...fleets.map((p) => `  - { id: "${p.id}-{n}", profile: ${p.id}, count: ${count} }`),
  ];
  const path = join(dir, 'scale.yaml');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, devices: 1 + count * fleets.length, points: carPark.points.length + count * perSet };
}
