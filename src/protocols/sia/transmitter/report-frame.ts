// A queued report as the DC-09 frame sent for it, and the NULL link test. The sequence number comes from the
// store's queue order (`seq`, ascending, never reused): a resend of one report always carries the same number
// (so that a receiver recognises a resend after a lost ACK), a restart never gives a new event the number of
// an old one, and it wraps 9999 → 0001. Extended data: `[I…]` alarm text, `[L…]` location (the device's name),
// `[H…]` the time the event happened (the frame's timestamp is the time of sending: after an outage they
// differ). The timestamp is the sender's clock corrected by the offset a receiver's NAK taught it.
import type { QueuedReport } from '../../../store/alarm-reports.js';
import { type ExtendedData, encodeFrame, type SiaFrame, type SiaHeader } from '../codec/frame.js';
import { formatSiaDcs } from '../codec/sia-dcs.js';
import { formatTimestamp } from '../codec/timestamp.js';
import { contactIdOf } from './contact-id-map.js';
import type { ReceiverTarget, TransmitterFormat } from './transmitter-settings.js';

/** A frame ready to send and the header its answer must echo. */
export interface OutgoingFrame {
  text: string;
  header: SiaHeader;
}

/** DC-09 sequence of the store's `seq`: 1–9999, wrapping. */
export function sequenceOf(seq: number): number {
  return ((seq - 1) % 9999) + 1;
}

/** Printable ASCII without the characters that delimit DC-09/DC-03 fields, at most `max` characters. */
export function cleanText(text: string, max = 40): string {
  return text
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/[[\]^|]/g, ' ')
    .slice(0, max)
    .trim();
}

function header(
  token: SiaFrame['token'],
  sequence: number,
  target: ReceiverTarget,
  account: string,
): SiaHeader & { token: SiaFrame['token'] } {
  return {
    token,
    encrypted: target.key !== null,
    sequence,
    ...(target.receiverNumber === null ? {} : { receiver: target.receiverNumber }),
    line: target.linePrefix,
    account,
  };
}

function encode(frame: SiaFrame, target: ReceiverTarget): OutgoingFrame {
  const text = encodeFrame(frame, target.key ? { key: target.key } : {});
  const { token, encrypted, sequence, line } = frame;
  const h: SiaHeader = { token, encrypted, sequence, line };
  if (frame.receiver !== undefined) h.receiver = frame.receiver;
  if (frame.account !== undefined) h.account = frame.account;
  return { text, header: h };
}

/** The frame of a queued report for one receiver, timestamped `now` (sender's clock, corrected). */
export function reportFrame(
  q: QueuedReport,
  format: TransmitterFormat,
  target: ReceiverTarget,
  now: Date,
  withExtended = true,
): OutgoingFrame {
  const r = q.report;
  const area = typeof r.extra?.area === 'string' ? r.extra.area : undefined;
  let token: SiaFrame['token'] = 'SIA-DCS';
  let data: string;
  if (format === 'ADM-CID') {
    token = 'ADM-CID';
    data = contactIdOf(q.account, r.code, r.zone, r.point, area);
  } else {
    data = formatSiaDcs(q.account, [{ code: r.code, zone: r.zone, ...(area === undefined ? {} : { area }) }]);
  }
  const extended: ExtendedData[] = [];
  if (withExtended) {
    const text = cleanText(r.text);
    if (text !== '') extended.push({ type: 'I', value: text });
    const location = typeof r.extra?.location === 'string' ? cleanText(r.extra.location) : '';
    if (location !== '') extended.push({ type: 'L', value: location });
    extended.push({ type: 'H', value: formatTimestamp(new Date(r.time)).slice(1) });
  }
  return encode(
    { ...header(token, sequenceOf(q.seq), target, q.account), data, extended, timestamp: now },
    target,
  );
}

/** The NULL link test for an account. */
export function nullFrame(
  account: string,
  sequence: number,
  target: ReceiverTarget,
  now: Date,
): OutgoingFrame {
  return encode(
    { ...header('NULL', sequence, target, account), data: '', extended: [], timestamp: now },
    target,
  );
}
