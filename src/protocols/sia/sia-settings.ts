// The SIA DC-09 settings from the site file's `server.sia` and the command line (which wins), with a message a
// person can act on for every key that cannot be used. `server.sia.receiver` turns the built-in receiver on
// (unless `enabled: false`); `server.sia.transmitter` the transmitter (transmitter/transmitter-settings.ts).
// Either may run alone; `--no-sia` turns both off.

import type { Site } from '../../site/model.js';
import { boolean, integer, isRecord, type Problems, unknownKeys } from '../setting-checks.js';
import { keyFromHex } from './codec/aes.js';
import { type ReportAlarms, reportAlarmsOf } from './receiver/alarm-mapping.js';
import type { ReceiverAccount, TimestampWindow } from './receiver/checks.js';
import { type SupervisionSettings, supervisionSettings } from './supervision/supervision-settings.js';
import { builtinProblems } from './transmitter/builtin-receiver.js';
import { type TransmitterSettings, transmitterSettings } from './transmitter/transmitter-settings.js';

export interface SiaReceiverSettings {
  readonly host: string;
  /** The TCP and UDP port; 0 picks a free one. */
  readonly port: number;
  readonly tcp: boolean;
  readonly udp: boolean;
  /** The receiver number and line prefix panels are programmed with (shown, not checked). */
  readonly receiverNumber: string | null;
  readonly linePrefix: string | null;
  readonly accounts: readonly ReceiverAccount[];
  /** Accept any account, as one with no key (a test bench); false: an unknown account gets DUH. */
  readonly acceptUnknownAccounts: boolean;
  /** The timestamp window, or false: not checked. */
  readonly window: TimestampWindow | false;
  /** A TCP connection silent this long is closed, ms; 0 never. */
  readonly idleTimeoutMs: number;
  readonly maxConnections: number;
  /** Link supervision of its accounts (supervision/supervision-settings.ts); null: none. */
  readonly supervision: SupervisionSettings | null;
  /** Which received events raise alarms (receiver/alarm-mapping.ts). */
  readonly alarms: ReportAlarms;
}

export interface SiaSettings {
  /** null: no receiver. */
  readonly receiver: SiaReceiverSettings | null;
  /** null: no transmitter. */
  readonly transmitter: TransmitterSettings | null;
}

export interface SiaFlags {
  /** False with --no-sia. */
  enabled?: boolean;
  host?: string;
  port?: number;
}

/**
 * DC-09 has no assigned port: receivers listen where they are told and panels are programmed with it. 12300
 * is Pointyard's default (free of the usual services), for TCP and UDP alike.
 */
export const SIA_DEFAULTS = {
  host: '127.0.0.1',
  port: 12_300,
  behindS: 40,
  aheadS: 20,
  idleTimeoutS: 300,
  maxConnections: 200,
};

const KEYS = ['receiver', 'transmitter'];
const RECEIVER_KEYS = [
  'enabled',
  'host',
  'port',
  'tcp',
  'udp',
  'receiverNumber',
  'linePrefix',
  'accounts',
  'acceptUnknownAccounts',
  'window',
  'idleTimeoutS',
  'maxConnections',
  'supervision',
  'alarms',
];
const HEX_1_6 = /^[0-9A-Fa-f]{1,6}$/;
const ACCOUNT = /^[0-9A-Fa-f]{3,16}$/;

function hexField(raw: unknown, key: string, problems: Problems): string | null {
  if (raw === undefined) return null;
  const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
  if (typeof text === 'string' && HEX_1_6.test(text)) return text.toUpperCase();
  problems.push(`${key} must be 1 to 6 hex digits (as a quoted text), not ${JSON.stringify(raw)}`);
  return null;
}

function accountKey(
  raw: Record<string, unknown>,
  where: string,
  env: NodeJS.ProcessEnv,
  problems: Problems,
): Uint8Array | undefined {
  if (raw.key !== undefined && raw.keyEnv !== undefined) {
    problems.push(`${where}: give key or keyEnv, not both`);
    return undefined;
  }
  if (raw.key !== undefined) {
    const key = typeof raw.key === 'string' ? keyFromHex(raw.key) : undefined;
    if (!key)
      problems.push(
        `${where}.key must be an AES key of 32, 48 or 64 hex digits (128, 192 or 256 bits), quoted`,
      );
    return key;
  }
  if (raw.keyEnv !== undefined) {
    const name = raw.keyEnv;
    const value = typeof name === 'string' ? env[name] : undefined;
    if (typeof name !== 'string' || value === undefined || value === '') {
      problems.push(
        `${where}.keyEnv names the environment variable that holds the account's key; ${JSON.stringify(name)} is not set`,
      );
      return undefined;
    }
    const key = keyFromHex(value);
    if (!key)
      problems.push(
        `${where}.keyEnv: the variable ${name} must hold 32, 48 or 64 hex digits (an AES-128, -192 or -256 key)`,
      );
    return key;
  }
  return undefined;
}

function accountsOf(raw: unknown, env: NodeJS.ProcessEnv, problems: Problems): ReceiverAccount[] {
  if (raw === undefined || raw === null) return [];
  if (!isRecord(raw)) {
    problems.push(
      'receiver.accounts must be a mapping: account (3–16 hex digits) → {key} or {keyEnv} or {device} or {}',
    );
    return [];
  }
  const accounts: ReceiverAccount[] = [];
  const seen = new Set<string>();
  for (const [account, value] of Object.entries(raw)) {
    const where = `receiver.accounts.${account}`;
    if (!ACCOUNT.test(account)) {
      problems.push(
        `${where}: an account is 3 to 16 hex digits (quote it: "0123"), not ${JSON.stringify(account)}`,
      );
      continue;
    }
    if (seen.has(account.toUpperCase())) {
      problems.push(`${where}: the account is listed twice (accounts are compared without regard to case)`);
      continue;
    }
    seen.add(account.toUpperCase());
    if (value !== null && value !== undefined && !isRecord(value)) {
      problems.push(`${where} must be a mapping ({key: …}, {keyEnv: …} or {})`);
      continue;
    }
    const settings = value ?? {};
    unknownKeys(settings, ['key', 'keyEnv', 'device', 'supervision'], `${where}.`, 'SIA account', problems);
    const key = accountKey(settings, where, env, problems);
    accounts.push(key ? { account, key } : { account });
  }
  return accounts;
}

function windowOf(raw: unknown, problems: Problems): TimestampWindow | false {
  const defaults: TimestampWindow = { behindS: SIA_DEFAULTS.behindS, aheadS: SIA_DEFAULTS.aheadS };
  if (raw === undefined || raw === true) return defaults;
  if (raw === false) return false;
  if (!isRecord(raw)) {
    problems.push('receiver.window must be a mapping {behindS, aheadS, plainToo} or false');
    return defaults;
  }
  unknownKeys(raw, ['behindS', 'aheadS', 'plainToo'], 'receiver.window.', 'timestamp window', problems);
  const plainToo = boolean(raw.plainToo, 'receiver.window.plainToo', problems);
  return {
    behindS: integer(raw.behindS, 'receiver.window.behindS', 0, 86_400, problems) ?? defaults.behindS,
    aheadS: integer(raw.aheadS, 'receiver.window.aheadS', 0, 86_400, problems) ?? defaults.aheadS,
    ...(plainToo ? { plainToo } : {}),
  };
}

function receiverOf(
  site: Site,
  raw: unknown,
  flags: SiaFlags,
  fallbackHost: string | undefined,
  env: NodeJS.ProcessEnv,
  problems: Problems,
): SiaReceiverSettings | null {
  if (raw === undefined || raw === null || raw === false) return null;
  const r = raw === true ? {} : raw;
  if (!isRecord(r)) {
    problems.push('receiver must be a mapping (or true / false)');
    return null;
  }
  unknownKeys(r, RECEIVER_KEYS, 'receiver.', 'SIA receiver', problems);
  if (boolean(r.enabled, 'receiver.enabled', problems) === false) return null;
  let host = flags.host ?? fallbackHost;
  if (host === undefined && r.host !== undefined) {
    if (typeof r.host === 'string' && r.host !== '') host = r.host;
    else problems.push(`receiver.host must be an address, not ${JSON.stringify(r.host)}`);
  }
  const tcp = boolean(r.tcp, 'receiver.tcp', problems) ?? true;
  const udp = boolean(r.udp, 'receiver.udp', problems) ?? true;
  if (!tcp && !udp) problems.push('receiver: tcp and udp are both false: the receiver would hear nothing');
  const idleS = integer(r.idleTimeoutS, 'receiver.idleTimeoutS', 0, 86_400, problems);
  return {
    host: host ?? SIA_DEFAULTS.host,
    port: flags.port ?? integer(r.port, 'receiver.port', 0, 65_535, problems) ?? SIA_DEFAULTS.port,
    tcp,
    udp,
    receiverNumber: hexField(r.receiverNumber, 'receiver.receiverNumber', problems),
    linePrefix: hexField(r.linePrefix, 'receiver.linePrefix', problems),
    accounts: accountsOf(r.accounts, env, problems),
    acceptUnknownAccounts:
      boolean(r.acceptUnknownAccounts, 'receiver.acceptUnknownAccounts', problems) ?? false,
    window: windowOf(r.window, problems),
    idleTimeoutMs: (idleS ?? SIA_DEFAULTS.idleTimeoutS) * 1000,
    maxConnections:
      integer(r.maxConnections, 'receiver.maxConnections', 1, 100_000, problems) ??
      SIA_DEFAULTS.maxConnections,
    supervision: supervisionSettings(r, site, problems),
    alarms: reportAlarmsOf(r.alarms, r.accounts, problems),
  };
}

/**
 * The SIA settings: flags first, then `server.sia`, then `fallbackHost` (start's --host), then the defaults;
 * null when nothing runs (`--no-sia`, no `server.sia`, or neither a receiver nor a transmitter in it).
 */
export function siaSettings(
  site: Site,
  flags: SiaFlags,
  fallbackHost?: string,
  env: NodeJS.ProcessEnv = process.env,
): { settings: SiaSettings | null; problems: string[] } {
  const raw = site.server.sia;
  const problems: Problems = [];
  if (raw === undefined || raw === null || flags.enabled === false) return { settings: null, problems };
  if (!isRecord(raw))
    return { settings: null, problems: ['must be a mapping with a receiver, a transmitter or both'] };
  unknownKeys(raw, KEYS, '', 'SIA', problems);
  const receiver = receiverOf(site, raw.receiver, flags, fallbackHost, env, problems);
  const sending = transmitterSettings(raw.transmitter, site, env);
  // Its messages name `sia.transmitter…`; here they come under `server.sia: transmitter…`.
  for (const p of sending.problems) problems.push(p.replace(/^sia\.transmitter/, 'transmitter'));
  const transmitter = sending.settings;
  if (transmitter) problems.push(...builtinProblems(transmitter, receiver));
  if (!receiver && !transmitter) return { settings: null, problems };
  return { settings: { receiver, transmitter }, problems };
}
