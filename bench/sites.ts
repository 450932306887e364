// Synthetic sites for benchmarks: N devices cycling through the five built-in device types.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinProfiles } from '../src/points/load.js';
import type { Profile } from '../src/points/model.js';
import { PROTOCOLS } from '../src/protocols/registry.js';
import type { Site } from '../src/site/model.js';

const PROFILES = builtinProfiles(PROTOCOLS).map((l) => l.profile as Profile);

/** A site of `n` simulated devices built in code. */
export function benchSite(n: number): Site {
  return {
    site: { id: 'bench', name: 'Bench', tz: 'Europe/Paris', location: null },
    devices: Array.from({ length: n }, (_, i) => {
      const profile = PROFILES[i % PROFILES.length] as Profile;
      return {
        id: `${profile.id}-${i}`,
        name: `${profile.name} ${i}`,
        profileRef: profile.id,
        profile,
        parameters: {},
        source: { kind: 'sim' as const },
        numbers: { modbus: i < 247 ? i + 1 : null, bacnet: 1000 + i },
        faults: [],
      };
    }),
    server: {},
    store: { engine: 'sqlite', path: null },
    file: null,
  };
}

/** The same as a site file (fleets of each type) in `dir`; returns its path. */
export function benchSiteFile(dir: string, n: number): string {
  mkdirSync(dir, { recursive: true });
  const per = Math.ceil(n / PROFILES.length);
  const devices = PROFILES.map((p) => `  - { id: "${p.id}-{n}", profile: ${p.id}, count: ${per} }`).join(
    '\n',
  );
  const path = join(dir, `bench-${n}.yaml`);
  writeFileSync(path, `site: { id: bench, name: Bench, tz: Europe/Paris }\ndevices:\n${devices}\n`);
  return path;
}
