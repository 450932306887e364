// A site device read from a real BACnet/IP device through its profile's BACnet objects (gateway mode): the
// plug-in's part of the site file's `source`, written as a URL
// (`bacnet://10.0.0.7:47808/1201?dnet=2&dadr=000004b1&priority=16&timeoutMs=1000&pollMs=1000&cov=true`) or
// a mapping (`{kind: bacnet, host: 10.0.0.7, instance: 1201, dnet: 2, dadr: 000004b1}`). A device on the IP
// network has no `dnet`; a device behind a router is reached at its network number and MAC address (hex),
// written here or found with a Who-Is for its instance (`whoIs`). The connector's own settings (`staleMs`,
// `disabled`) are read by the site reader for every protocol.

import { type Device, isConnectorSource } from '../../site/model.js';
import type { SettingsReading, SourceSupport } from '../../site/plugin-source.js';
import { wholeNumber } from '../../site/values.js';
import { MAX_BACNET_INSTANCE } from './bacnet-map.js';
import { MAX_APDU_OCTETS } from './codec/index.js';

/** What the gateway needs to reach a real BACnet/IP device. */
export interface BacnetSource {
  host: string;
  port: number;
  /** The device's instance (its Device object). */
  instance: number;
  /** Network number of a routed device (DNET), or null for a device on the IP network. */
  dnet: number | null;
  /** MAC address of a routed device on its network (DADR), as hex; null with no `dnet`. */
  dadr: string | null;
  /** Priority of the writes (1–16; 6 is reserved for minimum on/off). */
  priority: number;
  /** How long to wait for each answer, ms. */
  timeoutMs: number;
  /** Poll period of points with no rate of their own (on event, on demand), ms. */
  pollMs: number;
  /** IANA time zone the device's dates and times are in. */
  tz: string;
  /** Whether the points are subscribed to with SubscribeCOV where the device takes it (else only polled). */
  cov: boolean;
  /** The largest APDU the gateway's requests say it accepts, octets (50, 128, 206, 480, 1024 or 1476). */
  maxApdu: number;
  /** The device is found with a Who-Is for its instance: its I-Am says whether it sits behind a router. */
  whoIs: boolean;
}

const DEFAULTS = {
  port: 47808,
  priority: 16,
  timeoutMs: 1000,
  pollMs: 1000,
  tz: 'UTC',
  cov: true,
  maxApdu: MAX_APDU_OCTETS[5],
  whoIs: false,
} as const;

/** A flag of the site file: a YAML boolean, or `true`/`false` in a URL's query; undefined when neither. */
function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

const refuse = (problem: string) => ({ problem });

const isZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

function read(settings: Record<string, unknown>): SettingsReading<BacnetSource> {
  const host = settings.host;
  if (typeof host !== 'string' || host === '') return refuse('source bacnet needs a host');
  const port = wholeNumber(settings.port ?? DEFAULTS.port, 1, 65_535);
  if (port === null) return refuse(`source bacnet: port must be 1–65535 (got ${String(settings.port)})`);
  const instance = wholeNumber(settings.instance, 0, MAX_BACNET_INSTANCE);
  if (instance === null)
    return refuse(
      `source bacnet: instance must be 0–${MAX_BACNET_INSTANCE} (got ${String(settings.instance)})`,
    );
  const dnet = settings.dnet === undefined ? null : wholeNumber(settings.dnet, 1, 65_534);
  if (settings.dnet !== undefined && dnet === null)
    return refuse(`source bacnet: dnet must be 1–65534 (got ${String(settings.dnet)})`);
  const rawDadr = settings.dadr === undefined ? null : String(settings.dadr).toLowerCase();
  if (rawDadr !== null && !/^(?:[0-9a-f]{2}){1,8}$/.test(rawDadr))
    return refuse(`source bacnet: dadr must be 1–8 octets in hex, e.g. 000004b1 (got ${rawDadr})`);
  if ((dnet === null) !== (rawDadr === null))
    return refuse('source bacnet: dnet and dadr go together (a routed device has both)');
  const priority = wholeNumber(settings.priority ?? DEFAULTS.priority, 1, 16);
  if (priority === null || priority === 6)
    return refuse(`source bacnet: priority must be 1–16 but 6 (reserved) (got ${String(settings.priority)})`);
  const timeoutMs = wholeNumber(settings.timeoutMs ?? DEFAULTS.timeoutMs, 10, 60_000);
  if (timeoutMs === null) return refuse('source bacnet: timeoutMs must be a whole number 10–60000');
  const pollMs = wholeNumber(settings.pollMs ?? DEFAULTS.pollMs, 50, 3_600_000);
  if (pollMs === null) return refuse('source bacnet: pollMs must be a whole number 50–3600000');
  const tz = settings.tz ?? DEFAULTS.tz;
  if (typeof tz !== 'string' || !isZone(tz))
    return refuse(`source bacnet: tz must be an IANA time zone (got ${String(tz)})`);
  const cov = flag(settings.cov ?? DEFAULTS.cov);
  if (cov === undefined)
    return refuse(`source bacnet: cov must be true or false (got ${String(settings.cov)})`);
  const maxApdu = Number(settings.maxApdu ?? DEFAULTS.maxApdu);
  if (!(MAX_APDU_OCTETS as readonly number[]).includes(maxApdu))
    return refuse(
      `source bacnet: maxApdu must be one of ${MAX_APDU_OCTETS.join(', ')} (got ${String(settings.maxApdu)})`,
    );
  const whoIs = flag(settings.whoIs ?? DEFAULTS.whoIs);
  if (whoIs === undefined)
    return refuse(`source bacnet: whoIs must be true or false (got ${String(settings.whoIs)})`);
  if (whoIs && dnet !== null)
    return refuse('source bacnet: whoIs finds dnet and dadr: write one or the other');
  return {
    settings: {
      host,
      port,
      instance,
      dnet,
      dadr: rawDadr,
      priority,
      timeoutMs,
      pollMs,
      tz,
      cov,
      maxApdu,
      whoIs,
    },
  };
}

/** `bacnet://host:port/instance?dnet=N&dadr=hex&…` as settings, or why it is not one. */
function fromUrl(url: URL, text: string): SettingsReading<Record<string, unknown>> {
  const settings: Record<string, unknown> = { host: url.hostname.replace(/^\[|\]$/g, '') };
  if (url.port !== '') settings.port = url.port;
  const path = url.pathname.replace(/^\//, '');
  if (!/^\d+$/.test(path))
    return refuse(
      `source '${text}': a BACnet URL names the device instance as its path (bacnet://host/1201)`,
    );
  settings.instance = path;
  for (const [key, value] of url.searchParams) settings[key] = value;
  return { settings };
}

/** The MAC address `offset` further on (read as a number, same length), for a fleet behind a router. */
function nextMac(hex: string, offset: number): string {
  const next = (BigInt(`0x${hex}`) + BigInt(offset)) % (1n << BigInt(hex.length * 4));
  return next.toString(16).padStart(hex.length, '0');
}

export const bacnetSourceSupport: SourceSupport<BacnetSource> = {
  schemes: ['bacnet'],
  fields: [
    'host',
    'port',
    'instance',
    'dnet',
    'dadr',
    'priority',
    'timeoutMs',
    'pollMs',
    'tz',
    'cov',
    'maxApdu',
    'whoIs',
  ],
  description:
    'a BACnet/IP device as a URL (`bacnet://host:port/instance?dnet=N&dadr=hex&priority=16&timeoutMs=1000&pollMs=1000&cov=true&maxApdu=1476&whoIs=false`) or a mapping (`kind: bacnet`, `host`, `port`, `instance`, `dnet`, `dadr`, `priority`, `timeoutMs`, `pollMs`, `tz`, `cov`, `maxApdu`, `whoIs`)',
  fromUrl,
  read,
  // A fleet read over BACnet: the source's instance (and MAC address) is the first device's, the others follow.
  forFleet: (settings, offset) => ({
    ...settings,
    instance: settings.instance + offset,
    dadr: settings.dadr === null ? null : nextMac(settings.dadr, offset),
  }),
  describe: ({ host, port, instance, dnet, dadr }) => {
    const where = `bacnet://${host.includes(':') ? `[${host}]` : host}:${port}/${instance}`;
    return dnet === null ? where : `${where}?dnet=${dnet}&dadr=${dadr}`;
  },
};

/** The BACnet settings of a device read through the gateway, or null for any other source. */
export function bacnetSourceOf(device: Pick<Device, 'source'>): BacnetSource | null {
  const source = device.source;
  return source.kind === 'bacnet' && isConnectorSource(source) ? (source.settings as BacnetSource) : null;
}
