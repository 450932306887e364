// Which status values mean trouble, as words: one list for the server's alarm rules (alarm-rules.ts) and the
// web UI's colours (ui/src/format/trouble.ts bundles this file, so it imports nothing).

/** Enum words that put a status point in alarm. */
export const ALARM_WORDS: ReadonlySet<string> = new Set([
  'FAULT',
  'FAULTED',
  'ERROR',
  'ALARM',
  'OFFLINE',
  'FAILED',
  'FAILURE',
  'DISCONNECTED',
  'EXPIRED',
  'CRITICAL',
  'REPLACE',
]);

/** Enum words that put a status point in warning. */
export const WARNING_WORDS: ReadonlySet<string> = new Set([
  'WARNING',
  'EXPIRING',
  'WORN',
  'REQUIRED',
  'DEGRADED',
  'MAINTENANCE',
]);

/** A Bool status whose name matches is in alarm when TRUE. */
export const ALARM_NAME = /alarm|fault|alert|tamper|mask|error|fail/i;
