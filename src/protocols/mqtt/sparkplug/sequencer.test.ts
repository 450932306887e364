import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BdSeq } from './bd-seq.js';
import { encodeData } from './data-encoder.js';
import { DataType, decodePayload, encodePayload } from './payload.js';
import { Sequencer } from './sequencer.js';

const message = (type: string, payload = encodePayload({ metrics: [] })) => ({
  topic: `spBv1.0/g/${type}/n${type.startsWith('D') ? '/d' : ''}`,
  payload,
  qos: 0 as const,
  retain: false,
  kind: 'sparkplug' as const,
});

const seqOf = (payload: Buffer) => decodePayload(payload).seq;

test('seq is 0 on the NBIRTH, then one more per message, 255 wrapping to 0', () => {
  const sequencer = new Sequencer();
  const seen = [seqOf(sequencer.finalize(message('NBIRTH'), false).payload)];
  for (let i = 0; i < 600; i++)
    seen.push(seqOf(sequencer.finalize(message(i % 3 ? 'DDATA' : 'DBIRTH'), false).payload));
  assert.deepEqual(
    seen,
    seen.map((_, i) => i % 256),
  );
  // A rebirth starts again at 0, the next message follows it.
  assert.equal(seqOf(sequencer.finalize(message('NBIRTH'), false).payload), 0);
  assert.equal(seqOf(sequencer.finalize(message('DDEATH'), false).payload), 1);
});

test('a DDATA replayed from the backlog is historical, one sent live is not', () => {
  const sequencer = new Sequencer();
  const data = encodeData(10, [{ alias: 3, timestamp: 5, type: DataType.Double, value: 2 }]);
  const live = decodePayload(sequencer.finalize(message('DDATA', data), false).payload);
  const replayed = decodePayload(sequencer.finalize(message('DDATA', data), true).payload);
  assert.equal(live.metrics[0]?.isHistorical, undefined);
  assert.equal(replayed.metrics[0]?.isHistorical, true);
  assert.equal(replayed.metrics[0]?.timestamp, 5);
  assert.deepEqual([live.seq, replayed.seq], [0, 1]);
});

test('bdSeq goes up by one per session, survives a restart and wraps after 255', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bdseq-'));
  try {
    const first = BdSeq.open(dir);
    assert.equal(first.current, -1);
    assert.deepEqual([first.next(), first.next()], [0, 1]);
    const restarted = BdSeq.open(dir);
    assert.equal(restarted.current, 1);
    assert.equal(restarted.next(), 2);
    for (let i = 3; i <= 255; i++) assert.equal(restarted.next(), i);
    assert.equal(restarted.next(), 0);
    assert.equal(BdSeq.open(dir).next(), 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
