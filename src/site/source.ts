// A device's source: where its values come from. `sim` is the behaviour model; `modbus` reads a real device
// over Modbus TCP through the profile's register map (gateway mode), written as a URL
// (`modbus-tcp://10.0.0.7:502?unit=3&wordOrder=low-first&timeoutMs=1000&pollMs=1000`) or a mapping
// (`{kind: modbus, host: 10.0.0.7, port: 502, unit: 3}`).

import type { DeviceSource, ModbusSource } from './model.js';

/** Kinds that the site file will take once their drivers exist: refused with "not available yet". */
const COMING_SOURCES = ['bacnet', 'ocpp'];

const MODBUS_DEFAULTS = { port: 502, wordOrder: 'high-first', timeoutMs: 1000, pollMs: 1000 } as const;
const MODBUS_FIELDS = [
  'kind',
  'host',
  'port',
  'unit',
  'wordOrder',
  'timeoutMs',
  'pollMs',
  'staleMs',
  'disabled',
];

export interface SourceReading {
  /** Null when the source is refused, or malformed (the schema reports that). */
  source: DeviceSource | null;
  /** Why the source is refused, for the `source` line; null when it is not. */
  problem: string | null;
}

const refuse = (problem: string): SourceReading => ({ source: null, problem });

function whole(value: unknown, min: number, max: number): number | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** Checks the settings of a Modbus source, whether they came from a URL or a mapping. */
function modbusSource(settings: Record<string, unknown>): SourceReading {
  const extra = Object.keys(settings).find((key) => !MODBUS_FIELDS.includes(key));
  if (extra !== undefined)
    return refuse(`source modbus: unknown setting '${extra}' (takes ${MODBUS_FIELDS.slice(1).join(', ')})`);
  const host = settings.host;
  if (typeof host !== 'string' || host === '') return refuse('source modbus needs a host');
  const port = whole(settings.port ?? MODBUS_DEFAULTS.port, 1, 65_535);
  if (port === null) return refuse(`source modbus: port must be 1–65535 (got ${String(settings.port)})`);
  const unit = whole(settings.unit, 0, 255);
  if (unit === null) return refuse(`source modbus: unit must be 0–255 (got ${String(settings.unit)})`);
  const wordOrder = settings.wordOrder ?? MODBUS_DEFAULTS.wordOrder;
  if (wordOrder !== 'high-first' && wordOrder !== 'low-first')
    return refuse(`source modbus: wordOrder must be high-first or low-first (got ${String(wordOrder)})`);
  const timeoutMs = whole(settings.timeoutMs ?? MODBUS_DEFAULTS.timeoutMs, 10, 60_000);
  if (timeoutMs === null) return refuse('source modbus: timeoutMs must be a whole number 10–60000');
  const pollMs = whole(settings.pollMs ?? MODBUS_DEFAULTS.pollMs, 50, 3_600_000);
  if (pollMs === null) return refuse('source modbus: pollMs must be a whole number 50–3600000');
  const source: ModbusSource = { kind: 'modbus', host, port, unit, wordOrder, timeoutMs, pollMs };
  // The connector framework's settings (docs/connectors.md), kept only when given.
  if (settings.staleMs !== undefined) {
    const staleMs = whole(settings.staleMs, 0, 86_400_000);
    if (staleMs === null) return refuse('source modbus: staleMs must be a whole number 0–86400000');
    source.staleMs = staleMs;
  }
  if (settings.disabled !== undefined) {
    const disabled = settings.disabled;
    if (disabled !== true && disabled !== false && disabled !== 'true' && disabled !== 'false')
      return refuse(`source modbus: disabled must be true or false (got ${String(disabled)})`);
    source.disabled = disabled === true || disabled === 'true';
  }
  return { source, problem: null };
}

/** `modbus-tcp://host:port?unit=N&…` as settings, or a reason it is not one. */
function modbusUrl(text: string): SourceReading {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse(`source '${text}' is not a valid URL`);
  }
  const settings: Record<string, unknown> = { kind: 'modbus', host: url.hostname.replace(/^\[|\]$/g, '') };
  if (url.port !== '') settings.port = url.port;
  for (const [key, value] of url.searchParams) settings[key] = value;
  if (url.pathname !== '' && url.pathname !== '/')
    return refuse(`source '${text}': a Modbus URL has no path (the unit is ?unit=N)`);
  return modbusSource(settings);
}

/** `source: sim`, `source: {kind: sim}`, a Modbus URL or mapping, or absent (sim). */
export function readSource(raw: unknown): SourceReading {
  if (raw === undefined) return { source: { kind: 'sim' }, problem: null };
  if (typeof raw === 'string' && raw.startsWith('modbus-tcp://')) return modbusUrl(raw);
  const settings = typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  const kind = typeof raw === 'string' ? raw : settings?.kind;
  if (typeof kind !== 'string' || kind === '') return { source: null, problem: null };
  if (COMING_SOURCES.includes(kind))
    return refuse(
      `source '${kind}' is not available yet: only 'sim' and 'modbus' devices run in this version`,
    );
  if (kind === 'modbus') return modbusSource(settings ?? { kind });
  if (kind !== 'sim') return refuse(`unknown source '${kind}' (expected sim, modbus or a modbus-tcp:// URL)`);
  const extra = Object.keys(settings ?? {}).find((key) => key !== 'kind');
  if (extra !== undefined) return refuse(`source sim takes no settings (unknown field '${extra}')`);
  return { source: { kind: 'sim' }, problem: null };
}
