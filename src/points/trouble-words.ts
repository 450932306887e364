// Which status values mean trouble, as words: one list for the server's alarm rules (runtime/alarm-rules.ts),
// the special roles (special-roles.ts: alarm flags) and the web UI's colours (ui/src/format/trouble.ts bundles
// this file, so it imports nothing).

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

/** A Bool status whose name holds one of these (any case) is an alarm flag: in alarm when TRUE. */
export const ALARM_NAME_WORDS: readonly string[] = [
  'alarm',
  'fault',
  'alert',
  'tamper',
  'mask',
  'error',
  'fail',
];

/** The same words as one pattern, for a name as written (the web UI tests display names with it). */
export const ALARM_NAME = new RegExp(ALARM_NAME_WORDS.join('|'), 'i');
