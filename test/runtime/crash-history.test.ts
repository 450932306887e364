// kill -9 of a process younger than the 10 s history flush loses at most the last second of history: the
// samples journaled every second come back at the next start.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeSite, T0 } from './site-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'pointyard-crash-history-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Steps the child's clock until it reaches `until`, then kills it with SIGKILL; returns its newest sample time. */
async function runAndKill(until: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/runtime/crash-history-child.ts', dir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
  let newest = Number.NEGATIVE_INFINITY;
  for await (const line of createInterface({ input: child.stdout })) {
    const [word, at, last] = line.split(' ');
    if (word !== 'at') continue;
    newest = Number(last);
    if (Number(at) >= until) {
      child.kill('SIGKILL');
      break;
    }
    child.stdin.write('step\n');
  }
  await exited;
  clearTimeout(timeout);
  return newest;
}

test('kill -9 three seconds after the start loses at most the last second of history', async () => {
  const newestInChild = await runAndKill(T0 + 3000);
  assert.ok(newestInChild >= T0 + 2000, `the child recorded up to ${newestInChild - T0} ms`);
  const store = new SqliteStore(dir);
  let newestStored = Number.NEGATIVE_INFINITY;
  let samples = 0;
  const device = makeSite([['ev', 'ev-charger-level-2']]).devices[0];
  for (const point of device?.profile.points ?? []) {
    const got = await store.history.read(`ev.${point.id}`, T0, T0 + 60_000);
    samples += got.length;
    for (const s of got) newestStored = Math.max(newestStored, s.t);
  }
  assert.ok(samples > 0, 'history from before the first 10 s flush survived');
  assert.ok(
    newestStored >= newestInChild - 1000,
    `lost ${newestInChild - newestStored} ms of history, more than the 1 s bound`,
  );
  await store.close();
});
