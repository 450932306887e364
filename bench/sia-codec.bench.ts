// SIA DC-09 codec figures: frames per second through encode and decode of a burglary alarm as a PIR
// detector's transmitter sends it, plain and AES-encrypted (128 and 256-bit keys), and the receiver's whole
// check of a frame (decode, account, window, events, ACK written).
import { decodeFrame, encodeFrame, type SiaFrame } from '../src/protocols/sia/codec/frame.js';
import { checkFrame } from '../src/protocols/sia/receiver/checks.js';
import { type Figure, measure, round3 } from './harness.js';

const NOW = new Date('2026-03-01T12:00:00Z');

const frame: SiaFrame = {
  token: 'SIA-DCS',
  encrypted: false,
  sequence: 1234,
  receiver: '1',
  line: '1',
  account: '0A1B2C',
  data: '#0A1B2C|Nri1/BA001^Level -1 bay 14 PIR^',
  extended: [{ type: 'X', value: 'E4.35N52.37' }],
  timestamp: NOW,
};

export function siaCodecBench(): Figure[] {
  const group = 'SIA DC-09 codec';
  const key128 = Buffer.alloc(16, 0x5a);
  const key256 = Buffer.alloc(32, 0xa5);
  const settings = { accounts: [{ account: '0A1B2C' }] };
  const cases: Array<[string, SiaFrame, Buffer | undefined]> = [
    ['plain', frame, undefined],
    ['AES-128', { ...frame, encrypted: true }, key128],
    ['AES-256', { ...frame, encrypted: true }, key256],
  ];
  const figures: Figure[] = [];
  for (const [label, f, key] of cases) {
    const options = key ? { key } : {};
    const wire = encodeFrame(f, options);
    const round = decodeFrame(wire, () => key);
    if (!round.ok) throw new Error(`${label}: no round trip`);
    const t = measure(() => {
      const decoded = decodeFrame(encodeFrame(f, options), () => key);
      if (!decoded.ok) throw new Error(decoded.error.message);
    }, 800);
    figures.push({
      group,
      name: `burglary alarm frame, ${label}: encode + decode`,
      value: round3(1000 / t.p50Ms),
      unit: 'frames/s',
      note: `${wire.length}-byte frame, p50 ${round3(t.p50Ms * 1000)} µs, p99 ${round3(t.p99Ms * 1000)} µs`,
    });
  }
  const wire = encodeFrame(frame);
  if (checkFrame({ raw: wire, now: NOW }, settings).answer !== 'ACK')
    throw new Error('receiver check: no ACK');
  const t = measure(() => checkFrame({ raw: wire, now: NOW }, settings), 800);
  figures.push({
    group,
    name: 'receiver check of a plain burglary alarm (decode, account, window, events, ACK)',
    value: round3(1000 / t.p50Ms),
    unit: 'frames/s',
    note: `p50 ${round3(t.p50Ms * 1000)} µs, p99 ${round3(t.p99Ms * 1000)} µs; no sockets`,
  });
  return figures;
}
