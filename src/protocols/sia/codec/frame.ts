// Whole DC-09 frames (ANSI/SIA DC-09-2013 §5):
//   LF  CRC(4 hex)  0LLL  "id"  seq(4 digits)  [R rcvr]  L pref  [#acct]  [data]  [ext]…  [_timestamp]  CR
// `decodeFrame` never throws: it answers a typed frame or a typed error naming the check that failed, and
// errors found once the header is read carry the header, so that a receiver can still answer DUH to it.
// `encodeFrame` throws (RangeError) on a frame that cannot be written, which is a programming error.
import { decryptData, encryptData, type RandomBytes } from './aes.js';
import { crc16Arc, crcField, lengthField } from './crc.js';
import { formatTimestamp, parseTimestamp } from './timestamp.js';

/** The id tokens this codec knows; `*` in front of one (in the frame) marks an encrypted message. */
export const SIA_TOKENS = ['SIA-DCS', 'ADM-CID', 'NULL', 'ACK', 'NAK', 'DUH'] as const;
export type SiaToken = (typeof SIA_TOKENS)[number];

/** One extended data block, `[X115000]` → { type: 'X', value: '115000' } (X location, H time, V video…). */
export interface ExtendedData {
  type: string;
  value: string;
}

/** Everything up to the `[` of the data: what an ACK, NAK or DUH echoes. */
export interface SiaHeader {
  /** The id token as written, without `*` (may be one this codec does not know, in an error). */
  token: string;
  encrypted: boolean;
  /** 0–9999. */
  sequence: number;
  /** Receiver number, 1–6 hex digits, when the `R` field is present. */
  receiver?: string;
  /** Line prefix, 1–6 hex digits. */
  line: string;
  /** Account, 3–16 hex digits (`#`); a NAK's `A0` gives '0'. Absent when the header has none. */
  account?: string;
}

export interface SiaFrame extends SiaHeader {
  token: SiaToken;
  /** The message data between `[` and `]`, e.g. `#1234|Nri1/BA01` or `#1234|1130 01 001`; '' for NULL/ACK. */
  data: string;
  extended: ExtendedData[];
  /** The sender's time (UTC), when the frame carries one (encrypted frames always do). */
  timestamp?: Date;
}

export type FrameErrorKind =
  | 'framing' // not LF … CR, or too short to hold CRC and length
  | 'length' // length field malformed or not the message's byte count
  | 'crc' // CRC field malformed or not the message's CRC
  | 'format' // header, data, extended data or trailer not as DC-09 writes them
  | 'token' // a well-formed header with an id token this codec does not know
  | 'no-key' // encrypted, and no key for the account
  | 'decrypt' // encrypted, and the key does not decrypt it (wrong key or damaged data)
  | 'timestamp'; // timestamp missing where required, or not a real date and time

export interface FrameError {
  kind: FrameErrorKind;
  message: string;
  /** The header, when it was read before the check failed. */
  header?: SiaHeader;
}

export type DecodeResult = { ok: true; frame: SiaFrame } | { ok: false; error: FrameError };

/** Finds the key of an encrypted message's account (undefined: none configured). */
export type KeyLookup = (header: SiaHeader) => Uint8Array | undefined;

export interface EncodeOptions {
  /** Required when the frame is encrypted. */
  key?: Uint8Array;
  /** Source of the pad characters (default: crypto random bytes). */
  random?: RandomBytes;
}

const HEX = /^[0-9A-Fa-f]+$/;
// After the token: sequence, optional receiver, line prefix, optional account, then the `[`.
const HEADER = /^(\d{4})(?:R([0-9A-Fa-f]{1,6}))?L([0-9A-Fa-f]{1,6})(?:#([0-9A-Fa-f]{3,16}))?\[/;
// A NAK's header is `0000R0L0A0`: its account field is marked `A`, and `A` is also a hex digit of the line.
const NAK_HEADER =
  /^(\d{4})(?:R([0-9A-Fa-f]{1,6}))?L([0-9A-Fa-f]{1,6}?)(?:A([0-9A-Fa-f]{1,16})|#([0-9A-Fa-f]{3,16}))?\[/;
const EXTENDED = /^\[([A-Z])([^[\]]*)\]/;

function fail(kind: FrameErrorKind, message: string, header?: SiaHeader): DecodeResult {
  return { ok: false, error: header ? { kind, message, header } : { kind, message } };
}

function isToken(token: string): token is SiaToken {
  return (SIA_TOKENS as readonly string[]).includes(token);
}

/** Decodes one frame (LF to CR included). Encrypted frames are decrypted with the key `keyFor` finds. */
export function decodeFrame(input: Uint8Array | string, keyFor?: KeyLookup): DecodeResult {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (text.length < 11 || text[0] !== '\n' || text[text.length - 1] !== '\r')
    return fail('framing', 'a DC-09 frame starts with LF, then CRC and length, and ends with CR');
  const crcText = text.slice(1, 5);
  const lengthText = text.slice(5, 9);
  const message = text.slice(9, -1);
  if (!/^0[0-9A-Fa-f]{3}$/.test(lengthText))
    return fail('length', `length field "${lengthText}" is not 0 and three hex digits`);
  if (Number.parseInt(lengthText, 16) !== message.length)
    return fail(
      'length',
      `length field says ${Number.parseInt(lengthText, 16)} bytes; the message has ${message.length}`,
    );
  if (!/^[0-9A-Fa-f]{4}$/.test(crcText)) return fail('crc', `CRC field "${crcText}" is not four hex digits`);
  const crc = crc16Arc(message);
  if (Number.parseInt(crcText, 16) !== crc)
    return fail('crc', `CRC field says ${crcText.toUpperCase()}; the message's CRC is ${crcField(message)}`);
  return decodeMessage(message, keyFor);
}

/** Decodes the message between the length field and CR (CRC and length already checked). */
function decodeMessage(message: string, keyFor?: KeyLookup): DecodeResult {
  const close = message.indexOf('"', 1);
  if (message[0] !== '"' || close < 0)
    return fail('format', 'the message does not start with a quoted id token');
  const quoted = message.slice(1, close);
  const encrypted = quoted.startsWith('*');
  const token = encrypted ? quoted.slice(1) : quoted;
  const rest = message.slice(close + 1);
  const m = (token === 'NAK' ? NAK_HEADER : HEADER).exec(rest);
  if (!m || !/^[\x21-\x7e]+$/.test(token))
    return fail(
      'format',
      'header is not sequence (4 digits), [R receiver], L line prefix, [#account] and "["',
    );
  const header: SiaHeader = { token, encrypted, sequence: Number(m[1]), line: m[3] as string };
  if (m[2] !== undefined) header.receiver = m[2];
  const account = m[4] ?? m[5];
  if (account !== undefined) header.account = account;
  if (!isToken(token)) return fail('token', `id token "${token}" is not one this receiver knows`, header);
  const body = rest.slice(m[0].length);
  if (encrypted) {
    const key = keyFor?.(header);
    if (!key)
      return fail('no-key', `encrypted message and no key for account ${header.account ?? '(none)'}`, header);
    const decrypted = decryptData(body, key);
    if (!decrypted.ok) return fail('decrypt', decrypted.message, header);
    // Text that a wrong key makes can pass the pad check by chance; a body that does not parse is taken so too.
    const result = decodeBody(decrypted.plain, { ...header, token });
    return result.ok ? result : fail('decrypt', `wrong key or damaged data: ${result.error.message}`, header);
  }
  return decodeBody(body, { ...header, token });
}

/** Reads `data]`, the extended data blocks and the optional timestamp. */
function decodeBody(body: string, header: SiaHeader & { token: SiaToken }): DecodeResult {
  const end = body.indexOf(']');
  const data = end < 0 ? '' : body.slice(0, end);
  if (end < 0 || data.includes('[')) return fail('format', 'message data has no closing "]"', header);
  const extended: ExtendedData[] = [];
  let rest = body.slice(end + 1);
  for (let block = EXTENDED.exec(rest); block; block = EXTENDED.exec(rest)) {
    extended.push({ type: block[1] as string, value: block[2] as string });
    rest = rest.slice(block[0].length);
  }
  const frame: SiaFrame = { ...header, data, extended };
  if (rest.length > 0) {
    if (rest[0] !== '_') return fail('format', `unexpected "${rest.slice(0, 20)}" after the data`, header);
    const timestamp = parseTimestamp(rest);
    if (!timestamp)
      return fail('timestamp', `timestamp "${rest.slice(0, 24)}" is not _HH:MM:SS,MM-DD-YYYY`, header);
    frame.timestamp = timestamp;
  } else if (header.encrypted) {
    return fail('timestamp', 'an encrypted message must carry a timestamp', header);
  }
  return { ok: true, frame };
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new RangeError(`cannot encode this DC-09 frame: ${what}`);
}

/** Writes the frame, LF to CR, as a latin1 string (one character per byte). */
export function encodeFrame(frame: SiaFrame, options: EncodeOptions = {}): string {
  check(isToken(frame.token), `unknown id token "${frame.token}"`);
  check(
    Number.isInteger(frame.sequence) && frame.sequence >= 0 && frame.sequence <= 9999,
    'sequence is 0–9999',
  );
  check(
    frame.receiver === undefined || /^[0-9A-Fa-f]{1,6}$/.test(frame.receiver),
    'receiver is 1–6 hex digits',
  );
  check(/^[0-9A-Fa-f]{1,6}$/.test(frame.line), 'line prefix is 1–6 hex digits');
  const nak = frame.token === 'NAK';
  check(
    frame.account === undefined ||
      (HEX.test(frame.account) && frame.account.length >= (nak ? 1 : 3) && frame.account.length <= 16),
    'account is 3–16 hex digits',
  );
  check(
    !/[[\]\r\n]/.test(frame.data) && /^[\x20-\x7e]*$/.test(frame.data),
    'data is printable ASCII without [ ]',
  );
  check(
    frame.timestamp === undefined ||
      (Number.isFinite(frame.timestamp.getTime()) &&
        frame.timestamp.getUTCFullYear() >= 0 &&
        frame.timestamp.getUTCFullYear() <= 9999),
    'timestamp is a date in years 0–9999',
  );
  for (const x of frame.extended)
    check(
      /^[A-Z]$/.test(x.type) && /^[\x20-\x7e]*$/.test(x.value) && !/[[\]]/.test(x.value),
      'extended data block',
    );
  const account = frame.account === undefined ? '' : `${nak ? 'A' : '#'}${frame.account}`;
  const header =
    `"${frame.encrypted ? '*' : ''}${frame.token}"${String(frame.sequence).padStart(4, '0')}` +
    `${frame.receiver === undefined ? '' : `R${frame.receiver}`}L${frame.line}${account}[`;
  const body =
    `${frame.data}]${frame.extended.map((x) => `[${x.type}${x.value}]`).join('')}` +
    (frame.timestamp ? formatTimestamp(frame.timestamp) : '');
  let message: string;
  if (frame.encrypted) {
    check(options.key !== undefined, 'an encrypted frame needs a key');
    check(frame.timestamp !== undefined, 'an encrypted frame needs a timestamp');
    message = header + encryptData(body, options.key as Uint8Array, options.random);
  } else {
    message = header + body;
  }
  return `\n${crcField(message)}${lengthField(message)}${message}\r`;
}
