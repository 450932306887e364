// The `server:` and `store:` sections of a site file, with their defaults.

import { resolve } from 'node:path';
import type { DiagnosticList } from '../points/diagnostics.js';
import { isEngineNameOrUrl, STORE_ENGINES } from '../store/engines.js';
import type { Site } from './model.js';
import { isMapping } from './values.js';
import type { Path } from './yaml.js';

/** Protocol settings by interface, as written; an interface left empty (`http:`) is an empty mapping. */
export function readServer(raw: unknown): Site['server'] {
  if (!isMapping(raw)) return {};
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, value ?? {}]));
}

/**
 * The engine as written (SQLite unless said otherwise; `openStore` refuses one it does not know); the path
 * resolved against the site file's folder, null when absent; the audit's and alarm reports' retentions as
 * written (the schema has checked them), absent when not.
 */
export function readStore(raw: unknown, baseDir: string): Site['store'] {
  const engine = isMapping(raw) && typeof raw.engine === 'string' ? raw.engine : 'sqlite';
  const path = isMapping(raw) && typeof raw.path === 'string' ? resolve(baseDir, raw.path) : null;
  const days = isMapping(raw) ? raw.auditRetentionDays : undefined;
  const reportDays = isMapping(raw) ? raw.alarmReportRetentionDays : undefined;
  const url = isMapping(raw) && typeof raw.url === 'string' ? raw.url : undefined;
  const poolSize = isMapping(raw) ? raw.poolSize : undefined;
  const historyDays = isMapping(raw) ? raw.historyRetentionDays : undefined;
  const rollupDays = isMapping(raw) ? raw.rollupRetentionDays : undefined;
  return {
    engine,
    path,
    ...(url !== undefined ? { url } : {}),
    ...(typeof poolSize === 'number' ? { poolSize } : {}),
    ...(typeof days === 'number' ? { auditRetentionDays: days } : {}),
    ...(typeof reportDays === 'number' ? { alarmReportRetentionDays: reportDays } : {}),
    ...(typeof historyDays === 'number' ? { historyRetentionDays: historyDays } : {}),
    ...(typeof rollupDays === 'number' ? { rollupRetentionDays: rollupDays } : {}),
  };
}

/** Roll-ups kept a shorter time than the samples they sum up is an error at its line: they are to outlive them. */
export function checkHistoryRetention(
  raw: unknown,
  diag: DiagnosticList,
  lineOf: (path: Path) => number,
): void {
  if (!isMapping(raw)) return;
  const { historyRetentionDays: samples, rollupRetentionDays: rollups } = raw;
  if (typeof rollups !== 'number') return;
  if (samples === undefined || (typeof samples === 'number' && rollups < samples))
    diag.error(
      lineOf(['store', 'rollupRetentionDays']),
      `store.rollupRetentionDays (${rollups}) must be at least store.historyRetentionDays (${samples ?? 'forever'}): roll-ups outlive the samples`,
    );
}

/** An engine that is neither a known name nor a database URL is an error at its line (a URL is checked at start). */
export function checkStoreEngine(raw: unknown, diag: DiagnosticList, lineOf: (path: Path) => number): void {
  if (!isMapping(raw) || typeof raw.engine !== 'string' || isEngineNameOrUrl(raw.engine)) return;
  diag.error(
    lineOf(['store', 'engine']),
    `store.engine '${raw.engine}' is not a known engine (expected ${STORE_ENGINES.join(', ')})`,
  );
}
