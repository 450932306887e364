// A site device read from a real Modbus TCP device through its profile's register map (gateway mode): the
// plug-in's part of the site file's `source`, written as a URL
// (`modbus-tcp://10.0.0.7:502?unit=3&wordOrder=low-first&timeoutMs=1000&pollMs=1000`) or a mapping
// (`{kind: modbus, host: 10.0.0.7, port: 502, unit: 3}`). The connector's own settings (`staleMs`,
// `disabled`) are read by the site reader for every protocol.

import { type Device, isConnectorSource } from '../../site/model.js';
import type { SettingsReading, SourceSupport } from '../../site/plugin-source.js';
import { wholeNumber } from '../../site/values.js';

/** What the gateway needs to reach a real Modbus TCP device. */
export interface ModbusSource {
  host: string;
  port: number;
  unit: number;
  /** Word order of 32-bit values: `high-first` (big-endian words, the default) or `low-first`. */
  wordOrder: 'high-first' | 'low-first';
  /** How long to wait for each answer, ms. */
  timeoutMs: number;
  /** Poll period of points with no rate of their own (on event, on demand), ms. */
  pollMs: number;
}

const DEFAULTS = { port: 502, wordOrder: 'high-first', timeoutMs: 1000, pollMs: 1000 } as const;

const refuse = (problem: string) => ({ problem });

function read(settings: Record<string, unknown>): SettingsReading<ModbusSource> {
  const host = settings.host;
  if (typeof host !== 'string' || host === '') return refuse('source modbus needs a host');
  const port = wholeNumber(settings.port ?? DEFAULTS.port, 1, 65_535);
  if (port === null) return refuse(`source modbus: port must be 1–65535 (got ${String(settings.port)})`);
  const unit = wholeNumber(settings.unit, 0, 255);
  if (unit === null) return refuse(`source modbus: unit must be 0–255 (got ${String(settings.unit)})`);
  const wordOrder = settings.wordOrder ?? DEFAULTS.wordOrder;
  if (wordOrder !== 'high-first' && wordOrder !== 'low-first')
    return refuse(`source modbus: wordOrder must be high-first or low-first (got ${String(wordOrder)})`);
  const timeoutMs = wholeNumber(settings.timeoutMs ?? DEFAULTS.timeoutMs, 10, 60_000);
  if (timeoutMs === null) return refuse('source modbus: timeoutMs must be a whole number 10–60000');
  const pollMs = wholeNumber(settings.pollMs ?? DEFAULTS.pollMs, 50, 3_600_000);
  if (pollMs === null) return refuse('source modbus: pollMs must be a whole number 50–3600000');
  return { settings: { host, port, unit, wordOrder, timeoutMs, pollMs } };
}

/** `modbus-tcp://host:port?unit=N&…` as settings, or why it is not one. */
function fromUrl(url: URL, text: string): SettingsReading<Record<string, unknown>> {
  const settings: Record<string, unknown> = { host: url.hostname.replace(/^\[|\]$/g, '') };
  if (url.port !== '') settings.port = url.port;
  for (const [key, value] of url.searchParams) settings[key] = value;
  if (url.pathname !== '' && url.pathname !== '/')
    return refuse(`source '${text}': a Modbus URL has no path (the unit is ?unit=N)`);
  return { settings };
}

export const modbusSourceSupport: SourceSupport<ModbusSource> = {
  schemes: ['modbus-tcp'],
  fields: ['host', 'port', 'unit', 'wordOrder', 'timeoutMs', 'pollMs'],
  description:
    'a Modbus TCP device as a URL (`modbus-tcp://host:port?unit=N&wordOrder=low-first&timeoutMs=1000&pollMs=1000`) or a mapping (`kind: modbus`, `host`, `port`, `unit`, `wordOrder`, `timeoutMs`, `pollMs`)',
  fromUrl,
  read,
  // A fleet read over Modbus: the source's unit is the first device's, the others follow.
  forFleet: (settings, offset) => ({ ...settings, unit: settings.unit + offset }),
  describe: ({ host, port, unit }) =>
    `modbus-tcp://${host.includes(':') ? `[${host}]` : host}:${port}?unit=${unit}`,
};

/** The Modbus settings of a device read through the gateway, or null for any other source. */
export function modbusSourceOf(device: Pick<Device, 'source'>): ModbusSource | null {
  const source = device.source;
  return source.kind === 'modbus' && isConnectorSource(source) ? (source.settings as ModbusSource) : null;
}
