// Sites built in code for runtime tests, from built-in profiles.
import { builtinProfiles } from '../../src/points/load.js';
import type { Profile } from '../../src/points/model.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import type { Device, Site } from '../../src/site/model.js';

const PROFILES = new Map(builtinProfiles(PROTOCOLS).map((l) => [l.profile?.id, l.profile as Profile]));

export function profile(id: string): Profile {
  const p = PROFILES.get(id);
  if (!p) throw new Error(`no built-in profile ${id}`);
  return p;
}

/** A site with one device per entry: `[deviceId, profileId, parameters?]`. */
export function makeSite(devices: Array<[string, string, Record<string, unknown>?]>): Site {
  return {
    site: { id: 'test', name: 'Test site', tz: 'Europe/Paris', location: null },
    devices: devices.map(
      ([id, profileId, parameters], i): Device => ({
        id,
        name: id,
        profileRef: profileId,
        profile: profile(profileId),
        parameters: parameters ?? {},
        source: { kind: 'sim' },
        numbers: { modbus: i + 1, bacnet: 1000 + i },
        faults: [],
      }),
    ),
    server: {},
    store: { engine: 'sqlite', path: null },
    file: null,
  };
}

/** 2026-01-05 00:00 UTC, a Monday: a fixed start for virtual-time tests. */
export const T0 = Date.UTC(2026, 0, 5);
