// kill -9 of a transmitting process while it sends a backlog of events, then a new process on the same SQLite
// store: the queue is resumed, every event queued is delivered once (a resend after the kill keeps its
// sequence number, so the receiver recognises it), in order, with no gap.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TestReceiver } from './sia-transmitter-rig.js';

const dir = mkdtempSync(join(tmpdir(), 'pointyard-sia-tx-kill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child; `stop` says, at each line or poll, when to kill it (emit) or that it is done (resume). */
async function runChild(port: number, mode: 'emit' | 'resume', stop: () => boolean): Promise<string[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/protocols/sia-transmitter-kill-child.ts', dir, String(port), mode],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const cap = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const poll = setInterval(() => {
    if (stop()) child.kill('SIGKILL');
  }, 5);
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) lines.push(line);
  await exited;
  clearInterval(poll);
  clearTimeout(cap);
  return lines;
}

test('kill -9 while sending: the next process resumes the queue, every event once and in order', async () => {
  const receiver = await TestReceiver.start({ transport: 'tcp', accounts: [{ account: '1234' }] });
  try {
    await runChild(receiver.port, 'emit', () => receiver.distinct().length >= 30);
    const atKill = receiver.distinct().length;
    assert.ok(atKill >= 30, `${atKill} delivered before the kill`);
    const lines = await runChild(receiver.port, 'resume', () => false);
    assert.ok(lines.includes('drained'), 'the second process emptied the queue');

    const zones = receiver.distinct().map((e) => Number(e.zone));
    assert.ok(zones.length > atKill, 'the second process delivered what the first had queued');
    assert.deepEqual(
      zones,
      zones.map((_, i) => i + 1),
      'zones 1…n in order, no gap, none twice',
    );
    // A resend carries the sequence number of the first sending: no event under two numbers.
    const byZone = new Map<number, number>();
    for (const e of receiver.accepted) {
      const seq = byZone.get(Number(e.zone));
      if (seq !== undefined) assert.equal(e.sequence, seq, `zone ${e.zone} resent under its number`);
      byZone.set(Number(e.zone), e.sequence);
    }
    const store = new SqliteStore(dir);
    try {
      assert.deepEqual(await store.alarmReports.accounts(), []);
      assert.equal((await store.alarmReports.delivered()).length, zones.length);
    } finally {
      await store.close();
    }
  } finally {
    await receiver.stop();
  }
});
