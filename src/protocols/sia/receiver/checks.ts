// What a DC-09 receiver answers to one frame, as pure logic (no sockets, no clock of its own): given the raw
// frame, the known accounts and keys and the receiver's time, it answers
//   ACK  – the message is accepted: sequence, receiver, line prefix and account echoed, encrypted (with the
//          receiver's timestamp inside) when the message was;
//   NAK  – `"NAK"0000R0L0A0[]_<receiver time>`: an encrypted message whose timestamp is outside the window
//          (DC-09 §5.5.3.2; by default 40 s behind to 20 s ahead of the receiver's clock), a key that does not
//          decrypt it; and, by default, bad CRC, length or format (`damaged: 'ignore'` answers those nothing,
//          as DC-09-2007's conformance tests expect for a bad CRC; common receivers answer NAK);
//   DUH  – the frame is sound but not accepted: unknown account (unless `acceptUnknownAccounts`) or id token,
//          an encrypted message for an account without a key (or a plain one for an account that has one), an
//          event code not understood;
//   none – the bytes are not a DC-09 frame (no LF … CR), or the frame is itself an ACK, NAK or DUH.
// With ACK come the decoded events (account, zone, code, text, time, line).
import type { RandomBytes } from '../codec/aes.js';
import { type ContactIdEvent, contactIdToSia, parseContactId } from '../codec/contact-id.js';
import {
  decodeFrame,
  encodeFrame,
  type FrameErrorKind,
  type SiaFrame,
  type SiaHeader,
} from '../codec/frame.js';
import { siaCode } from '../codec/sia-codes.js';
import { parseSiaDcs } from '../codec/sia-dcs.js';

/** An account the receiver accepts messages from. */
export interface ReceiverAccount {
  /** 3–16 hex digits (compared without regard to case). */
  account: string;
  /** AES key (16, 24 or 32 bytes): when set, the account's messages must be encrypted with it. */
  key?: Uint8Array;
}

/**
 * How far a message's timestamp may be from the receiver's clock, in seconds: receiver time minus message
 * time from −aheadS to +behindS (DC-09's −20 s / +40 s).
 */
export interface TimestampWindow {
  /** Seconds the message's time may be behind the receiver's (40). */
  behindS: number;
  /** Seconds the message's time may be ahead of the receiver's (20). */
  aheadS: number;
  /** Check plain messages that carry a timestamp too (DC-09 checks encrypted ones only). Default false. */
  plainToo?: boolean;
}

export const DEFAULT_WINDOW: TimestampWindow = { behindS: 40, aheadS: 20 };

export interface ReceiverSettings {
  accounts: readonly ReceiverAccount[];
  /** Default DEFAULT_WINDOW; `false` turns the timestamp check off. */
  window?: TimestampWindow | false;
  /** What a frame with a bad CRC, length or format (timestamp field included) gets: 'nak' (default) or 'ignore'. */
  damaged?: 'nak' | 'ignore';
  /** Accept messages from any account, as an account without a key (default false: unknown → DUH). */
  acceptUnknownAccounts?: boolean;
}

/** One event of an accepted message. */
export interface ReceivedEvent {
  account: string;
  /** SIA code (a Contact ID event is given its SIA equivalent; a link test is 'NULL'). */
  code: string;
  meaning: string;
  /** Zone (or user) as sent; '' when the code has none. */
  zone: string;
  area?: string;
  text?: string;
  /** The message's timestamp, or the receiver's time when the message has none. */
  time: Date;
  line: string;
  receiver?: string;
  sequence: number;
  /** The Contact ID event as sent, for ADM-CID messages. */
  contactId?: ContactIdEvent;
}

export type CheckReason =
  | FrameErrorKind
  | 'window' // timestamp outside the window
  | 'unknown-account'
  | 'encryption-required' // plain message for an account that has a key
  | 'unsupported-event' // event code not understood
  | 'not-a-request'; // the frame is an ACK, NAK or DUH

export type CheckOutcome =
  | { answer: 'ACK'; reply: string; frame: SiaFrame; events: ReceivedEvent[] }
  | { answer: 'NAK' | 'DUH'; reply: string; reason: CheckReason; message: string }
  | { answer: 'none'; reason: CheckReason; message: string };

export interface CheckInput {
  raw: Uint8Array | string;
  /** The receiver's time. */
  now: Date;
  /** Pad characters for encrypted ACKs (default crypto random). */
  random?: RandomBytes;
}

/** Decides the answer to one frame. Never throws. */
export function checkFrame(input: CheckInput, settings: ReceiverSettings): CheckOutcome {
  const find = (account: string | undefined): ReceiverAccount | undefined =>
    account === undefined
      ? undefined
      : (settings.accounts.find((a) => a.account.toUpperCase() === account.toUpperCase()) ??
        (settings.acceptUnknownAccounts ? { account } : undefined));
  const decoded = decodeFrame(input.raw, (header) => find(header.account)?.key);
  if (!decoded.ok) {
    const { kind, message, header } = decoded.error;
    if (kind === 'framing') return { answer: 'none', reason: kind, message };
    if (header && isAnswer(header.token)) return notARequest(header.token);
    if ((kind === 'token' || kind === 'no-key') && header) {
      const reason = kind === 'no-key' && !find(header.account) ? 'unknown-account' : kind;
      return duh(header, reason, message);
    }
    const damaged = kind === 'crc' || kind === 'length' || kind === 'format' || kind === 'timestamp';
    if (settings.damaged === 'ignore' && damaged) return { answer: 'none', reason: kind, message };
    return nak(input.now, kind, message);
  }
  const frame = decoded.frame;
  if (isAnswer(frame.token)) return notARequest(frame.token);
  const accountId = frame.account ?? dataAccount(frame);
  const account = find(accountId);
  if (!account) return duh(frame, 'unknown-account', `account ${accountId ?? '(none)'} is not known`);
  if (account.key && !frame.encrypted)
    return duh(
      frame,
      'encryption-required',
      `account ${account.account} has a key: its messages must be encrypted`,
    );
  const window = settings.window ?? DEFAULT_WINDOW;
  if (window && frame.timestamp && (frame.encrypted || window.plainToo)) {
    const offsetS = (frame.timestamp.getTime() - input.now.getTime()) / 1000;
    if (offsetS < -window.behindS || offsetS > window.aheadS)
      return nak(input.now, 'window', `timestamp is ${offsetS} s from the receiver's clock`);
  }
  const events = eventsOf(frame, accountId as string, input.now);
  if (typeof events === 'string') return nak(input.now, 'format', events);
  const unknown = events.find((e) => e.meaning === '');
  if (unknown)
    return duh(
      frame,
      'unsupported-event',
      `event ${unknown.contactId?.event ?? unknown.code} is not understood`,
    );
  const reply = encodeFrame(
    {
      token: 'ACK',
      encrypted: frame.encrypted,
      sequence: frame.sequence,
      ...(frame.receiver === undefined ? {} : { receiver: frame.receiver }),
      line: frame.line,
      ...(frame.account === undefined ? {} : { account: frame.account }),
      data: '',
      extended: [],
      ...(frame.encrypted ? { timestamp: input.now } : {}),
    },
    frame.encrypted
      ? { key: account.key as Uint8Array, ...(input.random ? { random: input.random } : {}) }
      : {},
  );
  return { answer: 'ACK', reply, frame, events };
}

/** ACK, NAK and DUH are a receiver's answers: a receiver does not answer them, encrypted or not. */
function isAnswer(token: string): boolean {
  return token === 'ACK' || token === 'NAK' || token === 'DUH';
}

function notARequest(token: string): CheckOutcome {
  return { answer: 'none', reason: 'not-a-request', message: `a receiver does not answer ${token}` };
}

/** The account written in the message data (`#acct|…`), for frames whose header has none. */
function dataAccount(frame: SiaFrame): string | undefined {
  return /^#([0-9A-Fa-f]{3,16})\|/.exec(frame.data)?.[1];
}

/** The frame's events; a string says why the data cannot be read. Unknown codes get meaning ''. */
function eventsOf(frame: SiaFrame, account: string, now: Date): ReceivedEvent[] | string {
  const base = {
    account,
    time: frame.timestamp ?? now,
    line: frame.line,
    sequence: frame.sequence,
    ...(frame.receiver === undefined ? {} : { receiver: frame.receiver }),
  };
  if (frame.token === 'NULL')
    return [{ ...base, code: 'NULL', meaning: siaCode('NULL')?.meaning ?? '', zone: '' }];
  if (frame.token === 'ADM-CID') {
    const cid = parseContactId(frame.data);
    if (!cid.ok) return cid.message;
    const code = contactIdToSia(cid.value.event);
    const e = cid.value.event;
    return [
      {
        ...base,
        code: code ?? '',
        meaning: code ? (siaCode(code)?.meaning ?? '') : '',
        zone: e.zone,
        area: e.partition,
        contactId: e,
      },
    ];
  }
  const dcs = parseSiaDcs(frame.data);
  if (!dcs.ok) return dcs.message;
  return dcs.value.events.map((e) => ({
    ...base,
    code: e.code,
    meaning: siaCode(e.code)?.meaning ?? '',
    zone: e.zone,
    ...(e.area === undefined ? {} : { area: e.area }),
    ...(e.text === undefined ? {} : { text: e.text }),
  }));
}

function nak(now: Date, reason: CheckReason, message: string): CheckOutcome {
  return { answer: 'NAK', reply: nakReply(now), reason, message };
}

/** The NAK frame, `"NAK"0000R0L0A0[]_<receiver time>`: also what a receiver answers when it cannot keep an event. */
export function nakReply(now: Date): string {
  return encodeFrame({
    token: 'NAK',
    encrypted: false,
    sequence: 0,
    receiver: '0',
    line: '0',
    account: '0',
    data: '',
    extended: [],
    timestamp: now,
  });
}

function duh(header: SiaHeader, reason: CheckReason, message: string): CheckOutcome {
  const reply = encodeFrame({
    token: 'DUH',
    encrypted: false,
    sequence: header.sequence,
    ...(header.receiver === undefined ? {} : { receiver: header.receiver }),
    line: header.line,
    ...(header.account === undefined ? {} : { account: header.account }),
    data: '',
    extended: [],
  });
  return { answer: 'DUH', reply, reason, message };
}
