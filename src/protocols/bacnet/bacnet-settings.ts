// The BACnet/IP server's settings from the site file's `server.bacnet` and the command line (which wins),
// with a message a person can act on for every key that cannot be used.

import type { Role } from '../../runtime/services/services.js';
import type { Site } from '../../site/model.js';
import { boolean, integer, isRecord, type Problems, role, unknownKeys } from '../setting-checks.js';
import type { BipAddress } from './codec/index.js';
import type { ForeignDeviceSettings } from './foreign-device.js';

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
  /** The BBMD to register with as a foreign device (Annex J.5.2), or null. */
  readonly foreignDevice: ForeignDeviceSettings | null;
}

/** The BACnet/IP port, a BBMD's when its address has none. */
export const BACNET_IP_PORT = 47808;
/** The default time-to-live of a foreign-device registration, in seconds. */
export const FOREIGN_DEVICE_TTL = 300;
/** The shortest time-to-live taken: registering again at ttl − 30 s leaves 30 s at least. */
export const FOREIGN_DEVICE_TTL_MIN = 60;

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
  foreignDevice: null,
};

/** What `start`'s flags say about BACnet; undefined leaves the site file (then the default) in charge. */
export interface BacnetFlags {
  /** False with --no-bacnet. */
  enabled?: boolean;
  host?: string;
  port?: number;
  /** --bacnet-bbmd: the BBMD to register with (the ttl stays the site file's, else the default). */
  bbmd?: BipAddress;
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
  'foreignDevice',
];
const FOREIGN_DEVICE_KEYS = ['bbmd', 'ttl'];
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function address(raw: unknown, key: string, problems: Problems): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && IPV4.test(raw)) return raw;
  problems.push(`${key} must be an IPv4 address such as 127.0.0.1 or 0.0.0.0, not ${JSON.stringify(raw)}`);
  return undefined;
}

/**
 * A BBMD's B/IP address from `ip[:port]` (port 47808 when none); throws an Error saying what is expected.
 */
export function bbmdAddress(text: string): BipAddress {
  const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  const ip = match?.[1] ?? '';
  const port = match?.[2] === undefined ? BACNET_IP_PORT : Number(match[2]);
  if (!IPV4.test(ip) || ip === '0.0.0.0' || ip === '255.255.255.255' || port < 1 || port > 65_535)
    throw new Error(
      `must be a BBMD's IPv4 address with an optional UDP port, such as 10.0.0.5 or 10.0.0.5:47808, not ${JSON.stringify(text)}`,
    );
  return { address: ip, port };
}

function foreignDevice(raw: unknown, problems: Problems): ForeignDeviceSettings | null {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw)) {
    problems.push(
      `foreignDevice must be a mapping such as { bbmd: 10.0.0.5:47808, ttl: 300 }, not ${JSON.stringify(raw)}`,
    );
    return null;
  }
  unknownKeys(raw, FOREIGN_DEVICE_KEYS, 'foreignDevice.', 'foreign-device', problems);
  const ttl =
    integer(raw.ttl, 'foreignDevice.ttl', FOREIGN_DEVICE_TTL_MIN, 65_535, problems) ?? FOREIGN_DEVICE_TTL;
  if (raw.bbmd === undefined) {
    problems.push('foreignDevice.bbmd is missing: the BBMD to register with, such as 10.0.0.5:47808');
    return null;
  }
  try {
    return { bbmd: bbmdAddress(typeof raw.bbmd === 'string' ? raw.bbmd : JSON.stringify(raw.bbmd)), ttl };
  } catch (err) {
    problems.push(`foreignDevice.bbmd ${(err as Error).message}`);
    return null;
  }
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
  const registration = foreignDevice(raw.foreignDevice, problems);
  const settings: BacnetSettings = {
    host: flags.host ?? fallbackHost ?? host ?? BACNET_DEFAULTS.host,
    port: flags.port ?? port ?? BACNET_DEFAULTS.port,
    network,
    ipNetwork,
    broadcast,
    role: writeRole,
    vendorId,
    vendorName,
    foreignDevice: flags.bbmd
      ? { bbmd: flags.bbmd, ttl: registration?.ttl ?? FOREIGN_DEVICE_TTL }
      : registration,
  };
  const on = flags.enabled !== false && enabled !== false;
  return { settings: on ? { enabled: true, ...settings } : { enabled: false }, problems };
}
