// `server.ocpp.chargers`: how the site's simulated chargers reach a central system as charge points — the
// built-in CSMS by default, or a foreign one by URL with a Basic password taken from the environment (never
// written in the site file) and the CA its certificate chains to.

import { readFileSync } from 'node:fs';
import type { Site } from '../../../site/model.js';
import { sitePath } from '../../../site/site-path.js';
import { boolean, integer, isRecord, type Problems, unknownKeys } from '../../setting-checks.js';

export interface FleetSettings {
  /** The foreign CSMS's OCPP-J URL (the charger's id is appended), or null for the built-in one. */
  readonly url: string | null;
  /** The Basic password for a foreign CSMS (from `passwordEnv`), or null. */
  readonly password: string | null;
  /** PEM of the CA a `wss://` CSMS's certificate must chain to, or null for the system's. */
  readonly ca: string | null;
  /** MeterValueSampleInterval the charge points start with, s (the CSMS may change it). */
  readonly meterValueSampleInterval: number;
}

const KEYS = ['enabled', 'url', 'passwordEnv', 'ca', 'meterValueSampleInterval'];

/** The chargers' settings, or null when the simulated chargers are not charge points. */
export function fleetSettings(
  site: Site,
  raw: unknown,
  problems: Problems,
  env: NodeJS.ProcessEnv = process.env,
): FleetSettings | null {
  const given = raw ?? {};
  if (!isRecord(given)) {
    problems.push('chargers must be a mapping');
    return null;
  }
  unknownKeys(given, KEYS, 'chargers.', 'chargers', problems);
  const enabled = boolean(given.enabled, 'chargers.enabled', problems);
  let url: string | null = null;
  if (given.url !== undefined) {
    if (typeof given.url === 'string' && /^wss?:\/\/[^/]/.test(given.url))
      url = given.url.replace(/\/+$/, '');
    else problems.push(`chargers.url must be a ws:// or wss:// URL, not ${JSON.stringify(given.url)}`);
  }
  let password: string | null = null;
  if (given.passwordEnv !== undefined) {
    const name = given.passwordEnv;
    if (typeof name !== 'string' || env[name] === undefined || env[name] === '')
      problems.push(
        `chargers.passwordEnv names the environment variable that holds the Basic password; ${JSON.stringify(name)} is not set`,
      );
    else password = env[name] as string;
  }
  let ca: string | null = null;
  if (given.ca !== undefined) {
    const file = typeof given.ca === 'string' ? sitePath(site, given.ca) : null;
    try {
      if (file === null) throw new Error('not a file name');
      ca = readFileSync(file, 'utf8');
    } catch (err) {
      problems.push(`chargers.ca must be a PEM file: ${(err as Error).message}`);
    }
  }
  const meterValueSampleInterval =
    integer(given.meterValueSampleInterval, 'chargers.meterValueSampleInterval', 1, 86_400, problems) ?? 60;
  if (enabled === false) return null;
  return { url, password, ca, meterValueSampleInterval };
}
