// A site: devices made of a profile, parameters and a source, plus the server and store settings.
// `loadSite` (site file → Site) builds it; the runtime, the protocol servers and the CLI read it.

import type { Profile } from '../points/model.js';

/** A device read from a real device through the connector of the protocol plug-in named `kind`. */
export interface ConnectorSource {
  kind: string;
  /** The protocol's settings, as its plug-in read them (its typed accessor gives them their type). */
  settings: unknown;
  /** The connector framework's (docs/connectors.md): a point not read fresh for this long is `stale`, ms. */
  staleMs?: number;
  /** The connector is off: nothing is read or written, every point `disabled`. */
  disabled?: boolean;
}

/** Where a device's values come from: the simulation, or a real device through a protocol's connector. */
export type DeviceSource = { kind: 'sim' } | ConnectorSource;

/** Whether a device reads a real device (its source has a protocol's settings). */
export function isConnectorSource(source: DeviceSource): source is ConnectorSource {
  return 'settings' in source;
}

/** A fault the site file schedules: at a time, or at an offset from the start of the run, for a while. */
export interface ScriptedFault {
  fault: string;
  at: { time: number } | { afterMs: number };
  /** How long it lasts, ms; null until the end of the run. */
  durationMs: number | null;
}

export interface Device {
  /** Unique in the site; used in point keys (`<device>.<point>`) and the protocols' record ids. */
  id: string;
  name: string;
  /** What the site file said: a built-in profile id or a file path (resolved against the site file). */
  profileRef: string;
  profile: Profile;
  /** Behaviour parameters from the site file (physics figures, tariffs, defaults…), as written. */
  parameters: Record<string, unknown>;
  source: DeviceSource;
  /**
   * Its number in each protocol that numbers devices, by plug-in name (the plug-ins' accessors give them):
   * unique in the site, or null when none was left.
   */
  numbers: Record<string, number | null>;
  /** Faults scheduled by the site file, in file order. */
  faults: ScriptedFault[];
}

export interface SiteInfo {
  id: string;
  name: string;
  /** IANA time zone, e.g. `Europe/Paris`. */
  tz: string;
  location: { latitude?: number; longitude?: number; address?: string } | null;
}

export interface Site {
  site: SiteInfo;
  devices: Device[];
  /** Protocol server settings by interface (`http`, a plug-in's name…), as written; each server reads its own. */
  server: Record<string, unknown>;
  /**
   * Store settings: the engine's name or URL (`openStore` checks it), where its data lives, days of audit kept
   * (absent: the runtime's default).
   */
  store: {
    engine: string;
    path: string | null;
    /** The database URL of the `postgres` engine. */
    url?: string;
    /** Connections at most to a networked database. */
    poolSize?: number;
    auditRetentionDays?: number;
    alarmReportRetentionDays?: number;
    /** Days raw history samples are kept (absent: forever). */
    historyRetentionDays?: number;
    /** Days history roll-ups are kept (absent: forever). */
    rollupRetentionDays?: number;
  };
  /** The site file it came from, or null for a site built in code. */
  file: string | null;
}

/** Key of a point in a site: `<device id>.<point id>`. */
export function pointKey(deviceId: string, pointId: string): string {
  return `${deviceId}.${pointId}`;
}
