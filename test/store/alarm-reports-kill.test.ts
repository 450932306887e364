// kill -9 of a process queuing, acknowledging and logging alarm reports: after a reopen every report whose
// enqueue resolved is queued or delivered, every acknowledged one is delivered and out of the queue, every
// logged one is listed, and each account's queue is still in order.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'pointyard-alarm-reports-kill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it has printed `lines` results, then kills it with SIGKILL; returns the lines. */
async function runAndKill(lines: number): Promise<string[][]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/store/alarm-reports-kill-child.ts', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const out: string[][] = [];
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === 'ready') continue;
    out.push(line.split(' '));
    if (out.length >= lines) {
      child.kill('SIGKILL');
      break;
    }
  }
  await exited;
  clearTimeout(timeout);
  return out;
}

test('kill -9 loses no queued, acknowledged or logged alarm report', async () => {
  const lines = await runAndKill(600);
  assert.ok(lines.length >= 600, `the child printed ${lines.length} results`);
  const queued = lines
    .filter(([kind]) => kind === 'q')
    .map(([, seq, account]) => [Number(seq), account] as const);
  const acked = new Set(lines.filter(([kind]) => kind === 'a').map(([, seq]) => Number(seq)));
  const logged = lines.filter(([kind]) => kind === 'r').map(([, id]) => Number(id));
  assert.ok(queued.length > 100 && acked.size > 50 && logged.length > 100, 'every kind of call was made');

  const store = new SqliteStore(dir);
  const reports = store.alarmReports;
  const pending = new Map<number, string>();
  for (const account of ['1234', '5678']) {
    const seqs = (await reports.pending(account)).map((q) => q.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
      `${account}: in order`,
    );
    for (const seq of seqs) pending.set(seq, account);
  }
  const delivered = new Set((await reports.delivered()).map((d) => d.seq));
  for (const [seq, account] of queued) {
    if (acked.has(seq)) {
      assert.ok(delivered.has(seq), `acknowledged ${seq} has its delivery record`);
      assert.ok(!pending.has(seq), `acknowledged ${seq} is out of the queue`);
    } else {
      // Queued, or acknowledged by a commit that was under way when the kill came.
      assert.ok(pending.get(seq) === account || delivered.has(seq), `queued ${seq} is kept`);
    }
  }
  const listed = new Set((await reports.list()).map((r) => r.id));
  for (const id of logged) assert.ok(listed.has(id), `logged ${id} is listed`);
  await store.close();
});
