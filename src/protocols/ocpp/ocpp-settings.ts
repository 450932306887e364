// The CSMS's settings from the site file's `server.ocpp` and the command line (which wins), with a message
// a person can act on for every key that cannot be used.

import { isConnectorSource, type Site } from '../../site/model.js';
import { sitePath } from '../../site/site-path.js';
import { boolean, integer, isRecord, type Problems, unknownKeys } from '../setting-checks.js';
import { type FleetSettings, fleetSettings } from './fleet/fleet-settings.js';
import { isChargePoint } from './fleet/measured-points.js';
import { parsePasswordHash } from './password-hash.js';

/** A charge point the CSMS knows. */
export interface KnownChargePoint {
  /** The hash of its Basic-auth password (password-hash.ts). */
  readonly passwordHash: string;
  /** What its BootNotification is answered (default Accepted): Pending or Rejected keep it waiting. */
  readonly boot?: BootStatus;
}

export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';
const BOOT_STATUSES: readonly BootStatus[] = ['Accepted', 'Pending', 'Rejected'];

export interface OcppSettings {
  readonly host: string;
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** The path before the charge point's id: `/ocpp` → `ws://host:port/ocpp/<id>`. */
  readonly path: string;
  /** Accepts charge points it does not know, with no password (a test bench); false: refuses them. */
  readonly autoAccept: boolean;
  /** The heartbeat interval BootNotification gives, s. */
  readonly heartbeatInterval: number;
  /** How long a CSMS call waits for the charge point's answer, ms. */
  readonly callTimeoutMs: number;
  /** Messages kept per charge point in its log. */
  readonly messageLog: number;
  readonly chargePoints: Readonly<Record<string, KnownChargePoint>>;
  /** Certificate and key files (PEM) for `wss://`; null: plain `ws://`. */
  readonly tls: { readonly cert: string; readonly key: string } | null;
  /** Id tags the CSMS accepts from its first start (added as Accepted when the store lacks them). */
  readonly idTags: readonly string[];
  /** Whether the central system is served (`enabled` not false). */
  readonly serveCsms: boolean;
  /** The site's simulated chargers as charge points (`chargers`), or null when they are not. */
  readonly chargers: FleetSettings | null;
  /**
   * Whether the car park's EV limit may be shared among charge points here (load-sharing.ts): the central
   * system is served and the site has simulated chargers that are charge points.
   */
  readonly sharesLoad: boolean;
}

export const OCPP_DEFAULTS: OcppSettings = {
  host: '127.0.0.1',
  port: 9000,
  path: '/ocpp',
  autoAccept: false,
  heartbeatInterval: 300,
  callTimeoutMs: 30_000,
  messageLog: 200,
  chargePoints: {},
  tls: null,
  idTags: [],
  serveCsms: true,
  chargers: null,
  sharesLoad: false,
};

export interface OcppFlags {
  /** False with --no-ocpp. */
  enabled?: boolean;
  host?: string;
  port?: number;
}

const KEYS = [
  'enabled',
  'host',
  'port',
  'path',
  'autoAccept',
  'heartbeatInterval',
  'callTimeoutMs',
  'messageLog',
  'chargePoints',
  'tls',
  'idTags',
  'chargers',
];

/** OCPP 1.6's identity: up to 48 characters, printable, no `/` (it ends the URL's path). */
const CHARGE_POINT_ID = /^[\x21-\x2e\x30-\x7e]{1,48}$/;

function text(raw: unknown, key: string, problems: Problems): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && raw !== '') return raw;
  problems.push(`${key} must be a text, not ${JSON.stringify(raw)}`);
  return undefined;
}

function chargePoints(raw: unknown, problems: Problems): Record<string, KnownChargePoint> {
  if (raw === undefined) return {};
  if (!isRecord(raw)) {
    problems.push('chargePoints must be a mapping of charge point ids to { password: <hash> }');
    return {};
  }
  const known: Record<string, KnownChargePoint> = {};
  for (const [id, entry] of Object.entries(raw)) {
    if (!CHARGE_POINT_ID.test(id)) {
      problems.push(`chargePoints.${id}: an id is 1–48 printable characters without '/'`);
      continue;
    }
    const password = isRecord(entry) ? entry.password : undefined;
    if (isRecord(entry))
      unknownKeys(entry, ['password', 'boot'], `chargePoints.${id}.`, 'charge point', problems);
    const boot = isRecord(entry) ? entry.boot : undefined;
    if (boot !== undefined && !BOOT_STATUSES.includes(boot as BootStatus)) {
      problems.push(
        `chargePoints.${id}.boot must be one of ${BOOT_STATUSES.join(', ')}, not ${JSON.stringify(boot)}`,
      );
      continue;
    }
    if (typeof password !== 'string' || !parsePasswordHash(password)) {
      problems.push(
        `chargePoints.${id}.password must be a hash made by \`pointyard ocpp hash-password\` (pbkdf2-sha256$…), never the password itself`,
      );
      continue;
    }
    known[id] = { passwordHash: password, ...(boot !== undefined ? { boot: boot as BootStatus } : {}) };
  }
  return known;
}

/** OCPP 1.6's IdToken: 1 to 20 characters. */
function idTags(raw: unknown, problems: Problems): string[] {
  if (raw === undefined) return [];
  const ok = (t: unknown): t is string => typeof t === 'string' && t.length >= 1 && t.length <= 20;
  if (Array.isArray(raw) && raw.every(ok)) return raw;
  problems.push(`idTags must be a list of id tags of 1 to 20 characters, not ${JSON.stringify(raw)}`);
  return [];
}

function tls(raw: unknown, site: Site, problems: Problems): OcppSettings['tls'] {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw) || typeof raw.cert !== 'string' || typeof raw.key !== 'string') {
    problems.push('tls must be { cert: <PEM file>, key: <PEM file> }');
    return null;
  }
  unknownKeys(raw, ['cert', 'key'], 'tls.', 'TLS', problems);
  const file = (f: string) => sitePath(site, f);
  return { cert: file(raw.cert), key: file(raw.key) };
}

/**
 * The CSMS's settings: flags first, then `server.ocpp`, then `fallbackHost` (start's --host), then the
 * defaults; null when nothing of OCPP runs (`--no-ocpp`, or no `server.ocpp` at all, or `enabled: false`
 * with no foreign CSMS for the chargers).
 */
export function ocppSettings(
  site: Site,
  flags: OcppFlags,
  fallbackHost?: string,
): { settings: OcppSettings | null; problems: string[] } {
  const raw = site.server.ocpp;
  const problems: Problems = [];
  if (raw === undefined || raw === null || flags.enabled === false) return { settings: null, problems };
  if (!isRecord(raw)) return { settings: null, problems: ['must be a mapping'] };
  unknownKeys(raw, KEYS, '', 'CSMS', problems);
  const enabled = boolean(raw.enabled, 'enabled', problems);
  let path = text(raw.path, 'path', problems) ?? OCPP_DEFAULTS.path;
  if (!/^\/[A-Za-z0-9._~/-]*$/.test(path)) {
    problems.push(`path must start with / and hold no spaces or query, not ${JSON.stringify(path)}`);
    path = OCPP_DEFAULTS.path;
  }
  const settings: OcppSettings = {
    host: flags.host ?? fallbackHost ?? text(raw.host, 'host', problems) ?? OCPP_DEFAULTS.host,
    port: flags.port ?? integer(raw.port, 'port', 0, 65_535, problems) ?? OCPP_DEFAULTS.port,
    path: path.length > 1 ? path.replace(/\/+$/, '') : path,
    autoAccept: boolean(raw.autoAccept, 'autoAccept', problems) ?? OCPP_DEFAULTS.autoAccept,
    heartbeatInterval:
      integer(raw.heartbeatInterval, 'heartbeatInterval', 1, 86_400, problems) ??
      OCPP_DEFAULTS.heartbeatInterval,
    callTimeoutMs:
      integer(raw.callTimeoutMs, 'callTimeoutMs', 100, 600_000, problems) ?? OCPP_DEFAULTS.callTimeoutMs,
    messageLog: integer(raw.messageLog, 'messageLog', 0, 100_000, problems) ?? OCPP_DEFAULTS.messageLog,
    chargePoints: chargePoints(raw.chargePoints, problems),
    tls: tls(raw.tls, site, problems),
    idTags: idTags(raw.idTags, problems),
    serveCsms: enabled !== false,
    chargers: fleetSettings(site, raw.chargers, problems),
    sharesLoad:
      enabled !== false && site.devices.some((d) => !isConnectorSource(d.source) && isChargePoint(d)),
  };
  // Without the built-in CSMS, the chargers run only when they have a foreign one to reach.
  const chargersAlone = settings.chargers !== null && settings.chargers.url !== null;
  return { settings: settings.serveCsms || chargersAlone ? settings : null, problems };
}
