// The BACnet/IP server's settings from the site file's `server.bacnet` and the command line (which wins),
// with a message a person can act on for every key that cannot be used.

import type { Role } from '../../runtime/services/services.js';
import type { Site } from '../../site/model.js';
import { boolean, integer, isRecord, type Problems, role, unknownKeys } from '../setting-checks.js';

/** What the server runs with. */
export interface BacnetSettings {
  /** Bind address (IPv4). */
  readonly host: string;
  /** UDP port; 0 picks a free one. */
  readonly port: number;
  /** Network number of the virtual network behind the router (every device but the parking server's). */
  readonly network: number;
  /** Network number of the IP side (announced in Network-Number-Is). */
  readonly ipNetwork: number;
  /** Where broadcasts go (the start-up I-Am-Router-To-Network); null: worked out from `host`. */
  readonly broadcast: string | null;
  /** The role BACnet writes are made with. */
  readonly role: Role;
  /** Vendor_Identifier and Vendor_Name of the devices. */
  readonly vendorId: number;
  readonly vendorName: string;
}

export const BACNET_DEFAULTS: BacnetSettings = {
  host: '127.0.0.1',
  port: 47808,
  network: 2,
  ipNetwork: 1,
  broadcast: null,
  role: 'operator',
  // 0xFFFF is no vendor's: ASHRAE assigns vendor ids; Pointyard has none.
  vendorId: 65535,
  vendorName: 'Pointyard',
};

/** What `start`'s flags say about BACnet; undefined leaves the site file (then the default) in charge. */
export interface BacnetFlags {
  /** False with --no-bacnet. */
  enabled?: boolean;
  host?: string;
  port?: number;
}

export type BacnetSiteSettings = ({ enabled: true } & BacnetSettings) | { enabled: false };

const KEYS = [
  'enabled',
  'host',
  'port',
  'network',
  'ipNetwork',
  'broadcast',
  'role',
  'vendorId',
  'vendorName',
];
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function address(raw: unknown, key: string, problems: Problems): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && IPV4.test(raw)) return raw;
  problems.push(`${key} must be an IPv4 address such as 127.0.0.1 or 0.0.0.0, not ${JSON.stringify(raw)}`);
  return undefined;
}

/**
 * The settings of the BACnet server: flags first, then `server.bacnet`, then `fallbackHost` (start's --host),
 * then the defaults. Problems are `<key> …` messages about `server.bacnet`.
 */
export function bacnetSettings(
  site: Site,
  flags: BacnetFlags,
  fallbackHost?: string,
): { settings: BacnetSiteSettings; problems: string[] } {
  const raw = site.server.bacnet ?? {};
  const problems: Problems = [];
  if (!isRecord(raw)) return { settings: { enabled: false }, problems: ['must be a mapping'] };
  unknownKeys(raw, KEYS, '', 'BACnet', problems);
  const enabled = boolean(raw.enabled, 'enabled', problems);
  const host = address(raw.host, 'host', problems);
  const port = integer(raw.port, 'port', 0, 65_535, problems);
  const network = integer(raw.network, 'network', 1, 65_534, problems) ?? BACNET_DEFAULTS.network;
  const ipNetwork = integer(raw.ipNetwork, 'ipNetwork', 1, 65_534, problems) ?? BACNET_DEFAULTS.ipNetwork;
  if (network === ipNetwork)
    problems.push(
      `network ${network} is the IP side's (ipNetwork): the virtual network needs a number of its own`,
    );
  const broadcast = address(raw.broadcast, 'broadcast', problems) ?? null;
  const writeRole = role(raw.role, 'role', problems) ?? BACNET_DEFAULTS.role;
  const vendorId = integer(raw.vendorId, 'vendorId', 0, 65_535, problems) ?? BACNET_DEFAULTS.vendorId;
  let vendorName = BACNET_DEFAULTS.vendorName;
  if (raw.vendorName !== undefined) {
    if (typeof raw.vendorName === 'string' && raw.vendorName !== '') vendorName = raw.vendorName;
    else problems.push(`vendorName must be a text, not ${JSON.stringify(raw.vendorName)}`);
  }
  const settings: BacnetSettings = {
    host: flags.host ?? fallbackHost ?? host ?? BACNET_DEFAULTS.host,
    port: flags.port ?? port ?? BACNET_DEFAULTS.port,
    network,
    ipNetwork,
    broadcast,
    role: writeRole,
    vendorId,
    vendorName,
  };
  const on = flags.enabled !== false && enabled !== false;
  return { settings: on ? { enabled: true, ...settings } : { enabled: false }, problems };
}
