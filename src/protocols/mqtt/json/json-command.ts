// A command payload of a `…/<point>/set` topic, read: either a bare value (`21.5`, `true`, `"ECO"`, `null`, or
// plain text such as `ON` or `ECO`) written at level 16, or an object `{"val":…, "level":8, "duration":"15min"}`
// (`duration` a text such as `15min` or `1h30m`, or a number of seconds; a duration without a level is a
// level-8 override, as the write path wants). A null `val` relinquishes the level. Never throws: anything else
// is an error a person can act on, with the write path's code for it.

import type { WriteError } from '../../../runtime/services/services.js';
import { parseDuration } from '../../../util/time.js';

/** What a command asks the write path for; `value` is checked against the point there. */
export interface Command {
  value: number | boolean | string | null;
  level?: number;
  durationMs?: number;
}

export type ParsedCommand = ({ ok: true } & Command) | ({ ok: false } & WriteError);

/** A payload larger than this is refused unread. */
export const MAX_COMMAND_BYTES = 16 * 1024;
/** The longest timed override, as the other protocols allow: 30 days. */
export const MAX_DURATION_MS = 30 * 86_400_000;
/** The level a timed override is written at. */
const TIMED_LEVEL = 8;

const KEYS = new Set(['val', 'level', 'duration']);
const SHAPES = 'a value (21.5, ON, "ECO") or {"val": …, "level": 8, "duration": "15min"}';

const fail = (code: WriteError['code'], message: string): ParsedCommand => ({ ok: false, code, message });

const isScalar = (v: unknown): v is Command['value'] =>
  v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string';

function durationOf(raw: unknown): number | string {
  const ms =
    typeof raw === 'number'
      ? Number.isFinite(raw) && raw > 0
        ? Math.round(raw * 1000)
        : null
      : typeof raw === 'string'
        ? parseDuration(raw)
        : null;
  if (ms === null || ms <= 0)
    return `duration must be a number of seconds or a text such as "15min" or "1h30m", not ${JSON.stringify(raw)}`;
  if (ms > MAX_DURATION_MS) return `a timed override lasts at most 30 days, not ${JSON.stringify(raw)}`;
  return ms;
}

function fromObject(object: Record<string, unknown>): ParsedCommand {
  const unknown = Object.keys(object).find((k) => !KEYS.has(k));
  if (unknown !== undefined)
    return fail('bad-type', `a command object takes val, level and duration, not ${JSON.stringify(unknown)}`);
  if (!('val' in object)) return fail('bad-type', 'a command object needs val (null relinquishes the level)');
  const value = object.val;
  if (!isScalar(value))
    return fail('bad-type', `val must be a number, true/false, a text or null, not ${JSON.stringify(value)}`);
  const command: { ok: true } & Command = { ok: true, value };
  const { level, duration } = object;
  if (level !== undefined && level !== null) {
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 17)
      return fail('bad-level', `level must be a whole number from 1 to 17, not ${JSON.stringify(level)}`);
    command.level = level;
  }
  if (duration !== undefined && duration !== null) {
    const ms = durationOf(duration);
    if (typeof ms === 'string') return fail('bad-duration', ms);
    if (command.level !== undefined && command.level !== TIMED_LEVEL)
      return fail('bad-duration', `a duration goes with level ${TIMED_LEVEL}, not ${command.level}`);
    command.level = TIMED_LEVEL;
    command.durationMs = ms;
  }
  return command;
}

/** Reads one command payload. */
export function parseCommand(payload: Uint8Array): ParsedCommand {
  if (payload.length > MAX_COMMAND_BYTES)
    return fail('bad-type', `the command is ${payload.length} bytes long; publish ${SHAPES}`);
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.length).toString('utf8').trim();
  if (text === '') return fail('bad-type', `the command is empty; publish ${SHAPES}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    // Plain text (ON, ECO, 21.5 °C…) is a value as it is; a broken object or list is not.
    if (text.startsWith('{') || text.startsWith('['))
      return fail('bad-type', `the command is not valid JSON (${(err as Error).message}); publish ${SHAPES}`);
    return { ok: true, value: text };
  }
  if (isScalar(parsed)) return { ok: true, value: parsed };
  if (Array.isArray(parsed)) return fail('bad-type', `the command is a list; publish ${SHAPES}`);
  return fromObject(parsed as Record<string, unknown>);
}
