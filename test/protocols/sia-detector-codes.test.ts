// Every SIA code a PIR detector raises, sent by our transmitter in either format (SIA-DCS and Contact ID),
// is understood by our receiver: ACK with the same code back, never DUH. Missing supervision (BZ, Contact ID
// 381) and its restore (BJ from the Communication Status point, 381 restore) included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFrame } from '../../src/protocols/sia/receiver/checks.js';
import { reportFrame } from '../../src/protocols/sia/transmitter/report-frame.js';
import type { ReceiverTarget } from '../../src/protocols/sia/transmitter/transmitter-settings.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const target: ReceiverTarget = {
  name: 'primary',
  host: '127.0.0.1',
  port: 12300,
  transport: 'tcp',
  key: null,
  receiverNumber: null,
  linePrefix: '0',
};
/** [code, the point that raised it]: the detector's events (src/behaviours/pir-detector). */
const DETECTOR_EVENTS: Array<[string, string | null]> = [
  ['BA', 'alarm-status'],
  ['BR', 'alarm-status'],
  ['TA', 'tamper-status'],
  ['TR', 'tamper-status'],
  ['BT', 'masked-status'],
  ['BJ', 'masked-status'],
  ['BZ', 'communication-status'],
  ['BJ', 'communication-status'],
  ['YT', 'battery-status'],
  ['YR', 'battery-status'],
  ['BB', 'bypass'],
  ['BU', 'bypass'],
  ['CA', null],
  ['OA', null],
  ['RP', null],
];

for (const format of ['SIA-DCS', 'ADM-CID'] as const)
  test(`${format}: every detector code is acknowledged with its own code`, () => {
    for (const [i, [code, point]] of DETECTOR_EVENTS.entries()) {
      const frame = reportFrame(
        {
          seq: i + 1,
          account: '1003',
          attempts: [],
          report: {
            code,
            zone: '003',
            text: '',
            time: NOW.getTime(),
            device: 'pir-3',
            point,
            extra: { area: '3' },
          },
        },
        format,
        target,
        NOW,
      );
      const outcome = checkFrame({ raw: frame.text, now: NOW }, { accounts: [{ account: '1003' }] });
      assert.equal(outcome.answer, 'ACK', `${code} (${point}): ${JSON.stringify(outcome)}`);
      if (outcome.answer === 'ACK')
        assert.deepEqual(
          outcome.events.map((e) => [e.code, Number(e.zone)]),
          [[code, 3]],
        );
    }
  });
