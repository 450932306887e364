// Turns what a client wrote into the point's value, or says why it cannot be written. Accepts each
// type's natural forms (a boolean or its words, an enum word or index, a number or numeric text) so that
// every protocol edge and the CLI share the same rules.

import type { Value } from '../core/value.js';
import type { Point } from './model.js';

export type WriteErrorCode =
  | 'unknown-point'
  | 'read-only'
  | 'bad-type'
  | 'out-of-range'
  | 'bad-enum'
  | 'bad-action'
  | 'bad-level'
  | 'bad-duration'
  | 'forbidden'
  | 'disabled'
  | 'rejected'
  | 'store-failed'
  /** The server is stopping: nothing is written any more. */
  | 'stopping';

export interface WriteError {
  code: WriteErrorCode;
  message: string;
}

export type Coerced = { ok: true; value: Value } | ({ ok: false } & WriteError);

const fail = (code: WriteErrorCode, message: string): Coerced => ({ ok: false, code, message });

function coerceNumber(point: Point, input: unknown): Coerced {
  const n =
    typeof input === 'number'
      ? input
      : typeof input === 'string' && input.trim() !== ''
        ? Number(input)
        : Number.NaN;
  if (!Number.isFinite(n))
    return fail('bad-type', `${point.name} takes a number, not ${JSON.stringify(input)}`);
  if ((point.min !== null && n < point.min) || (point.max !== null && n > point.max)) {
    const unit = point.unit ? ` ${point.unit}` : '';
    return fail(
      'out-of-range',
      `${n}${unit} is outside the allowed range of ${point.name}: ${point.min} to ${point.max}${unit}`,
    );
  }
  return { ok: true, value: n };
}

function coerceBool(point: Point, input: unknown): Coerced {
  if (typeof input === 'boolean') return { ok: true, value: input };
  if (input === 1 || input === 0) return { ok: true, value: input === 1 };
  if (typeof input === 'string') {
    const word = input.trim().toUpperCase();
    if (word === point.trueText?.toUpperCase() || word === 'TRUE') return { ok: true, value: true };
    if (word === point.falseText?.toUpperCase() || word === 'FALSE') return { ok: true, value: false };
  }
  return fail(
    'bad-type',
    `${point.name} takes ${point.trueText} or ${point.falseText}, not ${JSON.stringify(input)}`,
  );
}

function coerceEnum(point: Point, input: unknown): Coerced {
  const words = point.enum ?? [];
  if (typeof input === 'string') {
    const word = words.find((w) => w.toUpperCase() === input.trim().toUpperCase());
    if (word !== undefined) return { ok: true, value: word };
  }
  return fail('bad-enum', `${point.name} takes one of ${words.join(', ')}, not ${JSON.stringify(input)}`);
}

function coerceAction(point: Point, input: unknown): Coerced {
  const word = typeof input === 'string' ? input.trim().toUpperCase() : null;
  if (input === true || input === 1 || word === point.action?.toUpperCase() || word === 'TRUE')
    return { ok: true, value: true };
  return fail('bad-action', `${point.name} is a momentary action: write ${point.action} (or true) to run it`);
}

function coerceDatetime(point: Point, input: unknown): Coerced {
  const t = typeof input === 'number' ? input : typeof input === 'string' ? Date.parse(input) : Number.NaN;
  if (!Number.isFinite(t))
    return fail('bad-type', `${point.name} takes an ISO 8601 date-time, not ${JSON.stringify(input)}`);
  return { ok: true, value: new Date(t).toISOString() };
}

/** The point's value for `input`, or the reason it is refused. */
export function coerceWrite(point: Point, input: unknown): Coerced {
  switch (point.type) {
    case 'number':
      return coerceNumber(point, input);
    case 'bool':
      return coerceBool(point, input);
    case 'enum':
      return coerceEnum(point, input);
    case 'action':
      return coerceAction(point, input);
    case 'datetime':
      return coerceDatetime(point, input);
    case 'string':
      return typeof input === 'string'
        ? { ok: true, value: input }
        : fail('bad-type', `${point.name} takes text, not ${JSON.stringify(input)}`);
  }
}
