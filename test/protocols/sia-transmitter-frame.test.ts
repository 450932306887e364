// The frames the transmitter writes for a queued report: docs/sia.md's example byte for byte, the sequence
// number from the queue order, cleaned texts, Contact ID codes, extended data off, encryption the receiver
// checks accept.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeFrame } from '../../src/protocols/sia/codec/frame.js';
import { checkFrame } from '../../src/protocols/sia/receiver/checks.js';
import { contactIdOf } from '../../src/protocols/sia/transmitter/contact-id-map.js';
import {
  cleanText,
  nullFrame,
  reportFrame,
  sequenceOf,
} from '../../src/protocols/sia/transmitter/report-frame.js';
import type { ReceiverTarget } from '../../src/protocols/sia/transmitter/transmitter-settings.js';
import type { QueuedReport } from '../../src/store/alarm-reports.js';

const target: ReceiverTarget = {
  name: 'primary',
  host: '127.0.0.1',
  port: 1,
  transport: 'tcp',
  key: null,
  receiverNumber: null,
  linePrefix: '0',
};
const report = (seq: number, text = 'Burglary alarm'): QueuedReport => ({
  seq,
  account: '1003',
  attempts: [],
  report: {
    code: 'BA',
    zone: '003',
    text,
    time: Date.UTC(2026, 2, 1, 12, 0, 0),
    device: 'pir-3',
    point: 'alarm-status',
    extra: { area: '3', location: 'PIR Zone 3' },
  },
});
const SENT = new Date(Date.UTC(2026, 2, 1, 12, 0, 5));

test("docs/sia.md's transmitter example is the frame written for it", () => {
  const page = readFileSync(new URL('../../docs/sia.md', import.meta.url), 'utf8');
  const section = page.slice(page.indexOf('## Transmitter'), page.indexOf('## Test vectors'));
  const shown = /```\n(<LF>.*<CR>)\n```/.exec(section)?.[1];
  assert.ok(shown, 'the example frame');
  const wire = shown.replace('<LF>', '\n').replace('<CR>', '\r');
  assert.equal(reportFrame(report(42), 'SIA-DCS', target, SENT).text, wire);
  assert.equal(checkFrame({ raw: wire, now: SENT }, { accounts: [{ account: '1003' }] }).answer, 'ACK');
});

test('the sequence number is the queue order, 0001–9999, wrapping', () => {
  assert.deepEqual([1, 2, 9999, 10_000, 10_001, 19_998, 19_999].map(sequenceOf), [1, 2, 9999, 1, 2, 9999, 1]);
  const f = reportFrame(report(10_005), 'SIA-DCS', target, SENT);
  assert.equal(f.header.sequence, 6);
  assert.match(f.text, /"SIA-DCS"0006L0#1003\[/);
});

test('texts are cleaned of what delimits fields and cut at 40 characters', () => {
  assert.equal(cleanText('low [battery] ^14%^ | ok é'), 'low  battery   14%    ok ?');
  assert.equal(cleanText('x'.repeat(60)).length, 40);
  const f = reportFrame(report(1, 'A [tricky] text'), 'SIA-DCS', target, SENT);
  assert.ok(decodeFrame(f.text).ok);
  assert.match(f.text, /\[IA {2}tricky {2}text\]/);
});

test('extended data can be left out', () => {
  const f = reportFrame(report(1), 'SIA-DCS', target, SENT, false);
  assert.match(f.text, /\[#1003\|Nri3\/BA003\]_12:00:05,03-01-2026\r$/);
});

test('Contact ID: qualifier, event, partition and zone', () => {
  assert.equal(contactIdOf('1234', 'BA', '003', 'alarm-status', '3'), '#1234|1130 03 003');
  assert.equal(contactIdOf('1234', 'BR', '003', 'alarm-status', '3'), '#1234|3130 03 003');
  assert.equal(contactIdOf('1234', 'BJ', '012', 'communication-status', '12'), '#1234|3381 12 012');
  assert.equal(contactIdOf('1234', 'BJ', '012', 'masked-status', '12'), '#1234|3380 12 012');
  assert.equal(contactIdOf('1234', 'CA', '001', null, '1'), '#1234|3403 01 001');
  assert.equal(contactIdOf('1234', 'RP', '000', null, undefined), '#1234|1602 00 000');
  assert.equal(contactIdOf('1234', 'QQ', '001', null, '1'), '#1234|1150 01 001');
});

test('encrypted report and NULL: the receiver checks decrypt and acknowledge them', () => {
  const key = Buffer.from('000102030405060708090A0B0C0D0E0F1011121314151617', 'hex');
  const secret = { ...target, key, receiverNumber: '7' };
  const accounts = [{ account: '1003', key }];
  for (const f of [reportFrame(report(5), 'ADM-CID', secret, SENT), nullFrame('1003', 9, secret, SENT)]) {
    assert.match(f.text, /"\*(ADM-CID|NULL)"/);
    const outcome = checkFrame({ raw: f.text, now: SENT }, { accounts });
    assert.equal(outcome.answer, 'ACK', f.text);
    const ack = outcome.answer === 'ACK' ? decodeFrame(outcome.reply, () => key) : null;
    assert.ok(ack?.ok);
    assert.equal(ack.frame.sequence, f.header.sequence);
    assert.equal(ack.frame.receiver, '7');
  }
});
