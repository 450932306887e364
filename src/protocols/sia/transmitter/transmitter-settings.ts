// `server.sia.transmitter`: where the site's SIA events go (a primary and an optional backup receiver, TCP or
// UDP, each with its AES key taken from the environment), which account each event is sent for (one per PIR
// zone from a base account, or one for the site), the message format, and the timing of ACKs, retries,
// supervision (NULL) and periodic tests (RP). Every problem is a message a person can act on.

import type { Site } from '../../../site/model.js';
import { boolean, integer, isRecord, type Problems, unknownKeys } from '../../setting-checks.js';
import { keyFromHex } from '../codec/aes.js';

export type TransmitterFormat = 'SIA-DCS' | 'ADM-CID';

/** One receiver the transmitter sends to. */
export interface ReceiverTarget {
  /** `primary` or `backup`: the name attempts and deliveries are recorded under. */
  readonly name: 'primary' | 'backup';
  /**
   * `host: builtin`: this Pointyard's own receiver (`server.sia.receiver`), wherever it ends up listening;
   * host and port are then filled in when the receiver has started (resolveBuiltin).
   */
  readonly builtin?: boolean;
  readonly host: string;
  readonly port: number;
  readonly transport: 'tcp' | 'udp';
  /** AES key (16, 24 or 32 bytes): messages are encrypted when set. */
  readonly key: Uint8Array | null;
  /** The `R` field (1–6 hex digits), when the receiver wants one. */
  readonly receiverNumber: string | null;
  /** The `L` field (1–6 hex digits), `0` by default. */
  readonly linePrefix: string;
}

/** Which account an event is sent for. */
export type AccountPlan =
  /** One account per zone: base + zone number (decimal, padded to the base's length). */
  | { readonly kind: 'perZone'; readonly base: string; readonly zones: readonly number[] }
  /** One account for the whole site. */
  | { readonly kind: 'site'; readonly account: string };

export interface TransmitterSettings {
  readonly receivers: readonly ReceiverTarget[];
  readonly accounts: AccountPlan;
  readonly format: TransmitterFormat;
  /** Send `[I…]` alarm text, `[L…]` location and `[H…]` event time after the data (true by default). */
  readonly extendedData: boolean;
  /** How long an answer is waited for, ms. */
  readonly ackTimeoutMs: number;
  /** Attempts at one receiver before the next (the backup) is tried. */
  readonly retries: number;
  /** Longest pause between two rounds over every receiver, ms (the pause doubles from 1 s up to it). */
  readonly maxBackoffMs: number;
  /** Link test (NULL) after this many seconds without a message to the receiver; 0: none. */
  readonly supervisionS: number;
  /** Periodic test report (RP) every this many seconds; 0: none. */
  readonly testIntervalS: number;
}

export interface TransmitterSettingsResult {
  /** Null when absent, disabled, or when there are problems. */
  settings: TransmitterSettings | null;
  problems: Problems;
}

/** The ACK timeout when none is set: 20 s, the wait common DC-09 panels use before a retry. */
export const DEFAULT_ACK_TIMEOUT_MS = 20_000;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_MAX_BACKOFF_MS = 60_000;

const KEYS = [
  'enabled',
  'receivers',
  'account',
  'perZone',
  'format',
  'extendedData',
  'ackTimeoutMs',
  'retries',
  'maxBackoffMs',
  'supervisionS',
  'testIntervalS',
];
const RECEIVER_KEYS = ['host', 'port', 'transport', 'key', 'keyEnv', 'receiverNumber', 'linePrefix'];
/** The `host` of a receiver that is this Pointyard's own. */
export const BUILTIN = 'builtin';
const HEX_FIELD = /^[0-9A-Fa-f]{1,6}$/;
const ACCOUNT = /^[0-9A-Fa-f]{3,16}$/;

/** Reads the raw `server.sia.transmitter` value. */
export function transmitterSettings(
  raw: unknown,
  _site: Site,
  env: NodeJS.ProcessEnv = process.env,
): TransmitterSettingsResult {
  const problems: Problems = [];
  if (raw === undefined || raw === null) return { settings: null, problems };
  if (!isRecord(raw)) return { settings: null, problems: ['sia.transmitter must be a mapping'] };
  unknownKeys(raw, KEYS, 'sia.transmitter.', 'SIA transmitter', problems);
  if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean')
    problems.push(`sia.transmitter.enabled must be true or false, not ${JSON.stringify(raw.enabled)}`);
  const receivers = readReceivers(raw.receivers, env, problems);
  const accounts = readAccounts(raw, problems);
  let format: TransmitterFormat = 'SIA-DCS';
  if (raw.format !== undefined) {
    if (raw.format === 'SIA-DCS' || raw.format === 'ADM-CID') format = raw.format;
    else
      problems.push(`sia.transmitter.format must be SIA-DCS or ADM-CID, not ${JSON.stringify(raw.format)}`);
  }
  const n = (key: string, lo: number, hi: number, fallback: number) =>
    integer(raw[key], `sia.transmitter.${key}`, lo, hi, problems) ?? fallback;
  const settings: TransmitterSettings = {
    receivers,
    accounts: accounts ?? { kind: 'site', account: '0000' },
    format,
    extendedData: boolean(raw.extendedData, 'sia.transmitter.extendedData', problems) ?? true,
    ackTimeoutMs: n('ackTimeoutMs', 10, 600_000, DEFAULT_ACK_TIMEOUT_MS),
    retries: n('retries', 1, 100, DEFAULT_RETRIES),
    maxBackoffMs: n('maxBackoffMs', 1, 3_600_000, DEFAULT_MAX_BACKOFF_MS),
    supervisionS: n('supervisionS', 0, 86_400 * 7, 0),
    testIntervalS: n('testIntervalS', 0, 86_400 * 31, 0),
  };
  if (problems.length > 0 || raw.enabled === false) return { settings: null, problems };
  return { settings, problems };
}

function readReceivers(raw: unknown, env: NodeJS.ProcessEnv, problems: Problems): ReceiverTarget[] {
  if (!isRecord(raw)) {
    problems.push('sia.transmitter.receivers must be a mapping with a primary receiver (and a backup)');
    return [];
  }
  unknownKeys(raw, ['primary', 'backup'], 'sia.transmitter.receivers.', 'receivers', problems);
  const out: ReceiverTarget[] = [];
  if (raw.primary === undefined) problems.push('sia.transmitter.receivers.primary is required');
  for (const name of ['primary', 'backup'] as const) {
    if (raw[name] === undefined) continue;
    const target = readReceiver(name, raw[name], env, problems);
    if (target) out.push(target);
  }
  return out;
}

function readReceiver(
  name: 'primary' | 'backup',
  raw: unknown,
  env: NodeJS.ProcessEnv,
  problems: Problems,
): ReceiverTarget | null {
  const where = `sia.transmitter.receivers.${name}`;
  if (!isRecord(raw)) {
    problems.push(`${where} must be a mapping: { host, port, transport, keyEnv? }`);
    return null;
  }
  const before = problems.length;
  unknownKeys(raw, RECEIVER_KEYS, `${where}.`, 'receiver', problems);
  const builtin = raw.host === BUILTIN;
  if (typeof raw.host !== 'string' || raw.host === '')
    problems.push(
      `${where}.host must be a host name or address (or builtin: this Pointyard's receiver), not ${JSON.stringify(raw.host)}`,
    );
  const port = builtin ? 0 : integer(raw.port, `${where}.port`, 1, 65_535, problems);
  if (builtin && raw.port !== undefined)
    problems.push(`${where}.port: host builtin sends to the port the receiver listens on: give no port`);
  if (!builtin && raw.port === undefined)
    problems.push(`${where}.port is required (the receiver's TCP or UDP port)`);
  const transport = raw.transport ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'udp')
    problems.push(`${where}.transport must be tcp or udp, not ${JSON.stringify(raw.transport)}`);
  let key: Uint8Array | null = null;
  if (raw.key !== undefined && raw.keyEnv !== undefined)
    problems.push(`${where}: give key or keyEnv, not both`);
  else if (raw.key !== undefined) key = readKey(raw.key, `${where}.key`, problems);
  else if (raw.keyEnv !== undefined) {
    const value = typeof raw.keyEnv === 'string' ? env[raw.keyEnv] : undefined;
    if (value === undefined || value === '')
      problems.push(
        `${where}.keyEnv names the environment variable that holds the AES key; ${JSON.stringify(raw.keyEnv)} is not set`,
      );
    else key = readKey(value, `the key in ${raw.keyEnv as string}`, problems);
  }
  const receiverNumber = hexField(raw.receiverNumber, `${where}.receiverNumber`, problems);
  const linePrefix = hexField(raw.linePrefix, `${where}.linePrefix`, problems) ?? '0';
  if (problems.length > before) return null;
  return {
    name,
    ...(builtin ? { builtin } : {}),
    host: raw.host as string,
    port: port as number,
    transport: transport as 'tcp' | 'udp',
    key,
    receiverNumber,
    linePrefix,
  };
}

function readKey(raw: unknown, what: string, problems: Problems): Uint8Array | null {
  const key = typeof raw === 'string' ? keyFromHex(raw) : undefined;
  if (!key) problems.push(`${what} must be an AES key of 32, 48 or 64 hex digits (128, 192 or 256 bits)`);
  return key ?? null;
}

function hexField(raw: unknown, key: string, problems: Problems): string | null {
  if (raw === undefined) return null;
  const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
  if (typeof text === 'string' && HEX_FIELD.test(text)) return text;
  problems.push(`${key} must be 1–6 hex digits, not ${JSON.stringify(raw)}`);
  return null;
}

function readAccounts(raw: Record<string, unknown>, problems: Problems): AccountPlan | null {
  if (raw.account !== undefined && raw.perZone !== undefined) {
    problems.push('sia.transmitter: give account (one for the site) or perZone (one per zone), not both');
    return null;
  }
  if (raw.perZone !== undefined) {
    const p = raw.perZone;
    if (!isRecord(p) || typeof p.base !== 'string' || !/^\d{3,16}$/.test(p.base)) {
      problems.push('sia.transmitter.perZone must be { base: "<3–16 decimal digits>", zones?: [1, 2…] }');
      return null;
    }
    unknownKeys(p, ['base', 'zones'], 'sia.transmitter.perZone.', 'perZone', problems);
    const zones = p.zones ?? [];
    if (!Array.isArray(zones) || !zones.every((z) => Number.isInteger(z) && z >= 0 && z <= 9999)) {
      problems.push('sia.transmitter.perZone.zones must be a list of zone numbers (0–9999)');
      return null;
    }
    return { kind: 'perZone', base: p.base, zones: zones as number[] };
  }
  const account = typeof raw.account === 'number' ? String(raw.account) : raw.account;
  if (typeof account !== 'string' || !ACCOUNT.test(account)) {
    problems.push(
      `sia.transmitter.account must be 3–16 hex digits (or give perZone: { base }), not ${JSON.stringify(raw.account)}`,
    );
    return null;
  }
  return { kind: 'site', account };
}
