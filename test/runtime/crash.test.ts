// kill -9 during a stream of writes loses no acknowledged write, and a restart has the same priority arrays.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { crashWrite } from './crash-plan.js';
import { makeSite, T0 } from './site-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'pointyard-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it has acknowledged `acks` writes, then kills it with SIGKILL; returns the acked numbers. */
async function writeAndKill(acks: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/runtime/crash-child.ts', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked: number[] = [];
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
  for await (const line of lines) {
    if (line === 'ready') continue;
    acked.push(Number(line));
    if (acked.length >= acks) {
      child.kill('SIGKILL');
      break;
    }
  }
  await exited;
  clearTimeout(timeout);
  return acked;
}

test('kill -9 loses no acknowledged write; a restart has the same priority arrays', async () => {
  const acked = await writeAndKill(400);
  assert.ok(acked.length >= 400, `the child acknowledged ${acked.length} writes`);
  const store = new SqliteStore(dir);
  const arrays = await store.loadPriorities();
  const array = arrays.get('ev.max-current-limit');
  assert.ok(array, 'the point has a stored priority array');
  const lastAcked = Math.max(...acked);
  for (let level = 1; level <= 16; level++) {
    const mine = acked.filter((n) => crashWrite(n).level === level);
    const last = Math.max(...mine);
    // The stored value is the last acknowledged write of that level, or a later one (committed, not yet acked).
    const allowed = new Set<number>();
    for (let n = last; n <= lastAcked + 64; n++)
      if (crashWrite(n).level === level) allowed.add(crashWrite(n).value);
    assert.ok(
      allowed.has(array.values[level - 1] as number),
      `level ${level}: ${array.values[level - 1]} not in ${[...allowed]}`,
    );
  }
  assert.ok(
    (await store.queryAudit()).length >= acked.length,
    'every acknowledged write has its audit record',
  );

  // Restart: the runtime comes back with exactly the stored arrays.
  const runtime = await Runtime.open({
    site: makeSite([['ev', 'ev-charger-level-2']]),
    store,
    clock: new VirtualClock(T0),
    seed: 1,
  });
  assert.deepEqual(runtime.writes.priorityArray('ev.max-current-limit')?.array, array);
  assert.equal(
    runtime.points.value(runtime.points.indexOf('ev.max-current-limit') as number),
    array.values.find((v) => v !== null),
  );
  await runtime.stop();
  await store.close();
});
