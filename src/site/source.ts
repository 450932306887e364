// A device's source: where its values come from. Only `sim` (the behaviour model) runs today; sources
// that reach real devices come with the protocol drivers.

import type { DeviceSource } from './model.js';

/** Kinds that the site file will take once their drivers exist: refused with "not available yet". */
const COMING_SOURCES = ['modbus', 'bacnet', 'ocpp'];

export interface SourceReading {
  /** Null when the source is refused, or malformed (the schema reports that). */
  source: DeviceSource | null;
  /** Why the source is refused, for the `source` line; null when it is not. */
  problem: string | null;
}

/** `source: sim`, `source: {kind: sim}`, or absent (sim). */
export function readSource(raw: unknown): SourceReading {
  if (raw === undefined) return { source: { kind: 'sim' }, problem: null };
  const settings = typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  const kind = typeof raw === 'string' ? raw : settings?.kind;
  if (typeof kind !== 'string' || kind === '') return { source: null, problem: null };
  if (COMING_SOURCES.includes(kind))
    return {
      source: null,
      problem: `source '${kind}' is not available yet: only 'sim' devices run in this version`,
    };
  if (kind !== 'sim') return { source: null, problem: `unknown source '${kind}' (expected sim)` };
  const extra = Object.keys(settings ?? {}).find((key) => key !== 'kind');
  if (extra !== undefined)
    return { source: null, problem: `source sim takes no settings (unknown field '${extra}')` };
  return { source: { kind: 'sim' }, problem: null };
}
