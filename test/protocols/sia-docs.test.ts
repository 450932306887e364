// docs/sia.md's worked example is right: the running CRC table, the frame and the receiver's answer are
// what the codec computes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { crc16Arc } from '../../src/protocols/sia/codec/crc.js';
import { decodeFrame } from '../../src/protocols/sia/codec/frame.js';
import { checkFrame } from '../../src/protocols/sia/receiver/checks.js';

const page = readFileSync(new URL('../../docs/sia.md', import.meta.url), 'utf8');
const example = page.slice(page.indexOf('## Worked example'), page.indexOf('## Message data'));
const wire = (shown: string) => shown.replace('<LF>', '\n').replace('<CR>', '\r');

test('docs/sia.md: the worked example’s CRC table, frame and ACK are what the codec computes', () => {
  const message = /```\n(".*)\n```/.exec(example)?.[1];
  assert.ok(message, 'the example message');
  const rows = [...example.matchAll(/(\d+) \| `(\\\||.)` ([0-9A-F]{2}) \| ([0-9A-F]{4})/g)];
  assert.equal(rows.length, message.length, 'one table entry per byte');
  for (const [, n, char, byte, crc] of rows) {
    const i = Number(n) - 1;
    const c = (char as string).replace('\\|', '|');
    assert.equal(message[i], c, `byte ${n}`);
    assert.equal(message.charCodeAt(i).toString(16).toUpperCase().padStart(2, '0'), byte, `byte ${n} in hex`);
    assert.equal(
      crc16Arc(message.slice(0, i + 1))
        .toString(16)
        .toUpperCase()
        .padStart(4, '0'),
      crc,
      `CRC after ${n}`,
    );
  }
  const frames = [...example.matchAll(/```\n(<LF>.*<CR>)\n```/g)].map((m) => wire(m[1] as string));
  assert.equal(frames.length, 2, 'the frame and the ACK');
  const [frame, ack] = frames as [string, string];
  assert.equal(frame, `\n58FE0025${message}\r`);
  const decoded = decodeFrame(frame);
  assert.ok(decoded.ok);
  const outcome = checkFrame({ raw: frame, now: new Date() }, { accounts: [{ account: '1234' }] });
  assert.equal(outcome.answer, 'ACK');
  if (outcome.answer === 'ACK') assert.equal(outcome.reply, ack);
});
