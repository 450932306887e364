// Decoding never throws into its caller: every decode function returns a Decoded, either the value or why the
// bytes are not a valid encoding. Inside the codec a reader throws a MalformedError (the shortest way out of
// nested readers); `decodeSafely` is the one place that turns it, or any other error, into a result.
import { RejectReason } from './enums.js';

/** Why a decode failed: bytes that break the encoding rules, or a valid encoding this codec does not take. */
export type DecodeFailure = 'malformed' | 'unsupported';

export type Decoded<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      reason: DecodeFailure;
      error: string;
      /** Byte offset where decoding stopped. */
      offset: number;
      /** The Reject-PDU reason (clause 18.9) for a confirmed request whose service body fails so. */
      rejectReason: number;
    };

/** Thrown inside the codec only; never leaves a decode function. */
export class MalformedError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly reason: DecodeFailure = 'malformed',
    readonly rejectReason: number = RejectReason.OTHER,
  ) {
    super(message);
  }
}

export function malformed(message: string, offset: number, rejectReason: number = RejectReason.OTHER): never {
  throw new MalformedError(message, offset, 'malformed', rejectReason);
}

/** An encoding error of a tag or of a primitive's content: Reject reason invalid-tag. */
export function invalidTag(message: string, offset: number): never {
  return malformed(message, offset, RejectReason.INVALID_TAG);
}

export function unsupported(message: string, offset: number): never {
  throw new MalformedError(message, offset, 'unsupported');
}

/** Runs a decoder and turns whatever it throws into a failed result. */
export function decodeSafely<T>(decode: () => T): Decoded<T> {
  try {
    return { ok: true, value: decode() };
  } catch (err) {
    if (err instanceof MalformedError) {
      return {
        ok: false,
        reason: err.reason,
        error: err.message,
        offset: err.offset,
        rejectReason: err.rejectReason,
      };
    }
    const error = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: 'malformed', error, offset: -1, rejectReason: RejectReason.OTHER };
  }
}
