// The Modbus server's settings from the site file's `server.modbus` and the command line (which wins), with
// a message a person can act on for every key that cannot be used.

import { OPERATOR_LEVELS } from '../../runtime/services/services.js';
import type { Site } from '../../site/model.js';
import { parseDuration } from '../../util/time.js';
import { boolean, integer, isRecord, type Problems, role, unknownKeys } from '../setting-checks.js';
import { EXCEPTION, type OfflineException } from './constants.js';
import { WORD_ORDERS, type WordOrder } from './register-codec.js';
import { MODBUS_DEFAULTS, type ModbusServerSettings } from './server.js';
import type { DeviceOptions } from './units.js';

/** What `start`'s flags say about Modbus; undefined leaves the site file (then the default) in charge. */
export interface ModbusFlags {
  /** False with --no-modbus. */
  enabled?: boolean;
  host?: string;
  port?: number;
  readOnly?: boolean;
}

export type ModbusSettings = ({ enabled: true } & ModbusServerSettings) | { enabled: false };

const KEYS = [
  'enabled',
  'host',
  'port',
  'readOnly',
  'priority',
  'role',
  'wordOrder',
  'zeroGaps',
  'idleTimeout',
  'maxConnections',
  'offlineException',
  'devices',
];
const DEVICE_KEYS = ['wordOrder', 'zeroGaps'];

function wordOrder(raw: unknown, key: string, problems: Problems): WordOrder | undefined {
  if (raw === undefined) return undefined;
  if (WORD_ORDERS.includes(raw as WordOrder)) return raw as WordOrder;
  problems.push(`${key} must be ${WORD_ORDERS.join(' or ')}, not ${JSON.stringify(raw)}`);
  return undefined;
}

/** `0B` (or 11) and `04` (or 4): the exception of a read of a real device's point with no current value. */
function offlineException(raw: unknown, key: string, problems: Problems): OfflineException | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).toUpperCase();
  if (text === '0B' || text === 'B' || text === '11') return EXCEPTION.gatewayTargetFailedToRespond;
  if (text === '04' || text === '4') return EXCEPTION.serverDeviceFailure;
  problems.push(
    `${key} must be 0B (gateway target failed to respond) or 04 (server device failure), not ${JSON.stringify(raw)}`,
  );
  return undefined;
}

/** `60`, `60s`, `5min` → ms; 0 turns the idle timeout off. */
function duration(raw: unknown, key: string, problems: Problems): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'number' && raw >= 0 && Number.isFinite(raw)) return Math.round(raw * 1000);
  const ms = typeof raw === 'string' ? parseDuration(raw) : null;
  if (ms !== null) return ms;
  problems.push(`${key} must be seconds or a duration such as 60s or 5min, not ${JSON.stringify(raw)}`);
  return undefined;
}

function deviceOptions(raw: unknown, site: Site, problems: Problems): Record<string, Partial<DeviceOptions>> {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) {
    problems.push('devices must be a mapping of device id → {wordOrder, zeroGaps}');
    return {};
  }
  const out: Record<string, Partial<DeviceOptions>> = {};
  for (const [id, options] of Object.entries(raw)) {
    if (!site.devices.some((d) => d.id === id)) {
      problems.push(`devices.${id}: the site has no device '${id}'`);
      continue;
    }
    if (!isRecord(options)) {
      problems.push(`devices.${id} must be a mapping with wordOrder and/or zeroGaps`);
      continue;
    }
    unknownKeys(options, DEVICE_KEYS, `devices.${id}.`, 'Modbus', problems);
    const order = wordOrder(options.wordOrder, `devices.${id}.wordOrder`, problems);
    const gaps = boolean(options.zeroGaps, `devices.${id}.zeroGaps`, problems);
    out[id] = { ...(order ? { wordOrder: order } : {}), ...(gaps !== undefined ? { zeroGaps: gaps } : {}) };
  }
  return out;
}

/**
 * The settings of the Modbus server: flags first, then `server.modbus`, then `fallbackHost` (start's --host),
 * then the defaults. Problems are `server.modbus.<key> …` messages.
 */
export function modbusSettings(
  site: Site,
  flags: ModbusFlags,
  fallbackHost?: string,
): { settings: ModbusSettings; problems: string[] } {
  const raw = site.server.modbus ?? {};
  const problems: Problems = [];
  if (!isRecord(raw)) return { settings: { enabled: false }, problems: ['must be a mapping'] };
  unknownKeys(raw, KEYS, '', 'Modbus', problems);
  const enabled = boolean(raw.enabled, 'enabled', problems);
  if (raw.host !== undefined && typeof raw.host !== 'string')
    problems.push(`host must be an address such as 127.0.0.1 or 0.0.0.0, not ${JSON.stringify(raw.host)}`);
  // Every key of the file is checked, also those a flag overrides.
  const port = integer(raw.port, 'port', 0, 65_535, problems);
  const readOnly = boolean(raw.readOnly, 'readOnly', problems);
  const priority = integer(raw.priority, 'priority', 1, 16, problems) ?? MODBUS_DEFAULTS.priority;
  const masterRole = role(raw.role, 'role', problems) ?? MODBUS_DEFAULTS.role;
  // Every write would be refused: say so at start rather than answer each write with an exception.
  if (masterRole === 'operator' && priority < OPERATOR_LEVELS.min)
    problems.push(
      `priority ${priority} is not an operator's (${OPERATOR_LEVELS.min}–${OPERATOR_LEVELS.max}): set role: admin, or a priority from ${OPERATOR_LEVELS.min}`,
    );
  const settings: ModbusServerSettings = {
    host: flags.host ?? fallbackHost ?? (typeof raw.host === 'string' ? raw.host : MODBUS_DEFAULTS.host),
    port: flags.port ?? port ?? MODBUS_DEFAULTS.port,
    readOnly: flags.readOnly || (readOnly ?? MODBUS_DEFAULTS.readOnly),
    priority,
    role: masterRole,
    wordOrder: wordOrder(raw.wordOrder, 'wordOrder', problems) ?? MODBUS_DEFAULTS.wordOrder,
    zeroGaps: boolean(raw.zeroGaps, 'zeroGaps', problems) ?? MODBUS_DEFAULTS.zeroGaps,
    idleTimeoutMs: duration(raw.idleTimeout, 'idleTimeout', problems) ?? MODBUS_DEFAULTS.idleTimeoutMs,
    maxConnections:
      integer(raw.maxConnections, 'maxConnections', 1, 10_000, problems) ?? MODBUS_DEFAULTS.maxConnections,
    offlineException:
      offlineException(raw.offlineException, 'offlineException', problems) ??
      MODBUS_DEFAULTS.offlineException,
    devices: deviceOptions(raw.devices, site, problems),
  };
  const on = flags.enabled !== false && enabled !== false;
  return { settings: on ? { enabled: true, ...settings } : { enabled: false }, problems };
}
