// A torrent of random bytes at the DC-09 receiver (fast-check), over TCP and UDP: the server never fails,
// records nothing, answers nothing but NAK, DUH or nothing, and still acknowledges a good frame after it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { type Rig, startRig, TcpPanel, udpExchange } from './sia-receiver-rig.js';

const EXAMPLE = '\n58FE0025"SIA-DCS"0001L0#1234[#1234|Nri1/BA01]\r';
const EXAMPLE_ACK = '\n1BC10012"ACK"0001L0#1234[]\r';

/** Random bytes, rich in the bytes that delimit frames. */
const torrent = fc.array(
  fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 2_000 }),
    fc.constantFrom(Buffer.from('\n'), Buffer.from('\r'), Buffer.from('\n58FE0025"SIA-DCS"')),
    fc.string({ maxLength: 200 }).map((s) => Buffer.from(s, 'latin1')),
  ),
  { minLength: 1, maxLength: 20 },
);

let rig: Rig;
before(async () => {
  rig = await startRig([{ account: '1234' }], { maxConnections: 50 });
  // The example is recorded once here: a repeat of it later is the same event, not a new one.
  const panel = await TcpPanel.connect(rig.server.port);
  await panel.write(EXAMPLE);
  await panel.until(EXAMPLE_ACK);
  panel.close();
});
after(() => rig.close());

test('TCP: after any torrent of bytes, the next good frame is acknowledged and nothing was recorded', async () => {
  await fc.assert(
    fc.asyncProperty(torrent, async (chunks) => {
      const panel = await TcpPanel.connect(rig.server.port);
      try {
        for (const chunk of chunks) await panel.write(Buffer.from(chunk));
        await panel.write(EXAMPLE);
        const answers = await panel.until(EXAMPLE_ACK);
        for (const answer of answers.slice(0, -1)) assert.match(answer, /^\n.{8}"(NAK|DUH)"/);
        assert.equal(rig.sink.reports.length, 1);
      } finally {
        panel.close();
      }
    }),
    { numRuns: 60 },
  );
  // Frames dropped for their size were counted, and the server is still whole.
  assert.ok(rig.server.stats.droppedBytes > 0);
});

test('TCP: an endless frame (LF and never CR) is dropped past the longest frame, then a good one answered', async () => {
  const panel = await TcpPanel.connect(rig.server.port);
  try {
    await panel.write(`\n${'A'.repeat(64 * 1024)}`);
    await panel.write(EXAMPLE);
    assert.deepEqual(await panel.until(EXAMPLE_ACK), [EXAMPLE_ACK]);
  } finally {
    panel.close();
  }
});

test('UDP: random datagrams get NAK, DUH or nothing; a good one is then acknowledged', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.uint8Array({ minLength: 1, maxLength: 1_400 }), { maxLength: 10 }),
      async (grams) => {
        const answers = await udpExchange(rig.server.port, [...grams.map((g) => Buffer.from(g)), EXAMPLE], 1);
        // The good datagram was sent last; its ACK may come with NAKs of the others.
        for (const answer of answers) assert.match(answer, /^\n.{8}"(NAK|DUH|ACK)"/);
        assert.equal(rig.sink.reports.length, 1);
      },
    ),
    { numRuns: 40 },
  );
});
