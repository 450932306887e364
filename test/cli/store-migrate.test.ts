// `pointyard store migrate` with the real CLI (a child process) and Debian's PostgreSQL (a cluster of this
// file's own): a SQLite data folder with every concern non-empty, copied into a fresh PostgreSQL database and
// back into a new folder, reads back equal through the Store interface each time; a destination with data
// and a source a running Pointyard holds are refused, changing nothing; and `start --store <url>` on the
// migrated database serves the setpoint written before the move.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { emptyPriorityArray, withLevel } from '../../src/core/priority-array.js';
import { auditRecord, newAlarm, siteEvent, storedUser } from '../../src/store/conformance/fixtures.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { callOp } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';

const skip = peerSkip(postgresMissing());
const root = mkdtempSync(join(tmpdir(), 'pointyard-store-migrate-'));
let cluster: PostgresCluster | undefined;
before(async () => {
  if (!skip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  await cluster?.dispose();
  rmSync(root, { recursive: true, force: true });
});

const T0 = 1_780_000_000_000;
const HISTORY_KEYS = ['ahu-1.supply-temp', 'ahu-1.fan-speed', 'meter.energy'];
const CHARGE_POINTS = ['cp-1', 'cp-2'];
const ACCOUNTS = ['1234', '5678'];

/**
 * `pointyard store migrate --from … --to …`: its exit code and output. Run without blocking this process, which
 * meanwhile reads the output of a Pointyard it started (a blocked reader would hold that Pointyard up).
 */
function migrate(
  from: string,
  to: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['bin/pointyard.js', 'store', 'migrate', '--from', from, '--to', to],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 120_000,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Fills `store` with something in every concern, and gaps where numbers must not be reused. */
async function fill(store: Store): Promise<void> {
  const writes = [];
  for (let i = 0; i < 40; i++) {
    const key = `dev-${i % 4}.point-${i % 7}`;
    writes.push({
      key,
      array: withLevel(emptyPriorityArray(), 8 + (i % 8), i * 1.5),
      audit: auditRecord(key, T0 + Math.floor(i / 3), {
        written: i * 1.5,
        ...(i % 5 === 0 ? { note: `n${i}` } : {}),
      }),
    });
  }
  // Records of the same time keep their order of commit.
  await store.commitWrites(writes);
  await store.commitWrites([
    {
      key: 'dev-0.run',
      array: null,
      audit: auditRecord('dev-0.run', T0, { action: 'run', level: null, durationMs: 60_000 }),
    },
  ]);
  await store.appendEvents(
    Array.from({ length: 25 }, (_, i) =>
      siteEvent(T0 + (i % 4), `dev-${i % 3}`, {
        kind: i % 2 ? 'session' : 'fault',
        data: i % 3 ? { n: i } : null,
      }),
    ),
  );
  const ids = await store.saveAlarms(
    Array.from({ length: 6 }, (_, i) =>
      newAlarm(`dev-${i}.alarm`, T0 + i, { severity: i % 2 ? 'warning' : 'alarm' }),
    ),
  );
  await store.saveAlarm({
    ...newAlarm('dev-1.alarm', T0 + 1),
    id: ids[1] as number,
    state: 'acknowledged',
    ackedAt: T0 + 100,
    ackedBy: 'alice',
  });
  await store.saveAlarm(
    newAlarm('1234.BA', T0 + 9, { device: '1234', point: 'BA', reported: 'Burglary zone 1' }),
  );
  await store.saveCounters(
    new Map([
      ['dev-0.detections', 42],
      ['dev-1.hours', 1234.5],
    ]),
  );
  await store.saveUser(storedUser('admin', 'admin'));
  await store.saveUser(storedUser('olga', 'operator', T0));
  await store.charging.saveIdTag({ idTag: 'TAG1', status: 'Accepted', expiresAt: null, parentIdTag: null });
  await store.charging.saveIdTag({
    idTag: 'TAG2',
    status: 'Blocked',
    expiresAt: T0 + 1000,
    parentIdTag: 'TAG1',
  });
  const tx = await store.charging.startTransaction({
    chargePointId: 'cp-1',
    connectorId: 1,
    idTag: 'TAG1',
    meterStart: 100,
    startedAt: T0,
    reservationId: null,
  });
  await store.charging.stopTransaction(tx.id, {
    meterStop: 250,
    stoppedAt: T0 + 3_600_000,
    reason: 'Local',
    idTag: 'TAG1',
    meterValues: [
      { ts: T0 + 60_000, sampledValue: [{ value: '120', measurand: 'Energy.Active.Import.Register' }] },
    ],
  });
  await store.charging.startTransaction({
    chargePointId: 'cp-2',
    connectorId: 2,
    idTag: 'TAG2',
    meterStart: 5,
    startedAt: T0 + 10,
    reservationId: 7,
  });
  for (const cp of CHARGE_POINTS)
    for (let i = 0; i < 3; i++) await store.outbox.enqueue(cp, 'MeterValues', { i, cp });
  const last = (await store.outbox.pending('cp-2')).at(-1);
  await store.outbox.countAttempt((await store.outbox.pending('cp-1'))[0]?.seq as number);
  // The newest message delivered: its seq must not be handed out again after the move.
  await store.outbox.complete(last?.seq as number, { chargePoint: 'cp-2', values: new Map([['txId', '2']]) });
  await store.outbox.saveState(
    'cp-1',
    new Map([
      ['HeartbeatInterval', '300'],
      ['txId', '1'],
    ]),
  );
  const report = (code: string) => ({
    code,
    zone: '001',
    text: code,
    time: T0,
    device: 'pir-1',
    point: 'alarm',
  });
  for (const account of ACCOUNTS)
    for (const code of ['BA', 'BR', 'FA']) await store.alarmReports.enqueue(account, report(code));
  const queued = await store.alarmReports.pending('1234');
  await store.alarmReports.attempt(queued[0]?.seq as number, 'R1', { outcome: 'nak', at: T0 + 1 });
  await store.alarmReports.attempt(queued[0]?.seq as number, 'R2', {
    outcome: 'timeout',
    at: T0 + 2,
    error: 'no answer',
  });
  await store.alarmReports.acknowledged(queued[0]?.seq as number, 'R1', T0 + 3);
  const newest = (await store.alarmReports.pending('5678')).at(-1);
  await store.alarmReports.acknowledged(newest?.seq as number, 'R1', T0 + 4);
  await store.alarmReports.recordAll(
    Array.from({ length: 5 }, (_, i) => ({
      receivedAt: T0 + i * 1000,
      account: ACCOUNTS[i % 2] as string,
      receiver: i % 3 ? 'R1' : null,
      line: 'L1',
      sequence: i + 1,
      code: 'BA',
      zone: String(i).padStart(3, '0'),
      text: '',
      eventTime: i % 2 ? T0 + i : null,
      remote: '127.0.0.1:50322',
      transport: i % 2 ? 'udp' : 'tcp',
      encrypted: i % 2 === 1,
      frame: `frame ${i}`,
    })),
  );
  await store.alarmReports.seen('1234', T0 + 5000);
  await store.alarmReports.seen('9999', T0 + 6000);
  // History: many chunks (samples beyond one chunk), a late sample merged, and a journal not yet flushed.
  for (let i = 0; i < 3000; i++)
    store.history.append(HISTORY_KEYS[0] as string, T0 + i * 1000, 20 + Math.sin(i));
  for (let i = 0; i < 50; i++) store.history.append(HISTORY_KEYS[1] as string, T0 + i * 60_000, i % 3);
  await store.history.merge([
    {
      key: HISTORY_KEYS[2] as string,
      samples: [
        { t: T0, v: 1 },
        { t: T0 + 5, v: 2.25 },
      ],
    },
  ]);
  await store.history.flush();
  store.history.append(HISTORY_KEYS[1] as string, T0 + 50 * 60_000, 99);
  await store.history.journal();
}

/** Everything a store keeps, read through the Store interface. */
async function snapshot(store: Store) {
  const history: Record<string, unknown> = {};
  for (const key of HISTORY_KEYS) history[key] = await store.history.read(key, 0, Number.MAX_SAFE_INTEGER);
  const outbox: Record<string, unknown> = {};
  for (const cp of CHARGE_POINTS)
    outbox[cp] = { pending: await store.outbox.pending(cp), state: [...(await store.outbox.loadState(cp))] };
  const reports: Record<string, unknown> = {};
  for (const account of [...ACCOUNTS, '9999'])
    reports[account] = {
      pending: await store.alarmReports.pending(account),
      lastSeen: await store.alarmReports.lastSeen(account),
    };
  return {
    priorities: [...(await store.loadPriorities())].sort(([a], [b]) => (a < b ? -1 : 1)),
    audit: await store.queryAudit(),
    events: await store.queryEvents(),
    alarms: await store.queryAlarms(),
    counters: [...(await store.loadCounters())].sort(([a], [b]) => (a < b ? -1 : 1)),
    users: await store.listUsers(),
    idTags: await store.charging.listIdTags(),
    transactions: await store.charging.queryTransactions(),
    outbox,
    reportQueues: await store.alarmReports.accounts(),
    reports,
    delivered: await store.alarmReports.delivered(),
    received: await store.alarmReports.list(),
    history,
  };
}

async function withStore<T>(engine: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(engine.includes('://') ? { engine } : { engine: 'sqlite', path: engine });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('pointyard store migrate', { skip }, () => {
  test('a SQLite folder into PostgreSQL and back: every concern equal, the count check printed', async () => {
    const source = join(root, 'source');
    // Kept open while snapshotting: the journal is part of what the source holds (a crash left it).
    const expected = await withStore(source, async (store) => {
      await fill(store);
      return snapshot(store);
    });
    assert.ok(expected.audit.length > 40 && expected.history[HISTORY_KEYS[0] as string]);
    const url = await (cluster as PostgresCluster).createDatabase('migrate');
    const there = await migrate(source, url);
    assert.equal(there.status, 0, there.stderr);
    assert.match(there.stdout, /^concern\s+what\s+source\s+destination\s+check$/m);
    assert.match(there.stdout, /^audit\s+audit\s+41\s+41\s+ok$/m);
    assert.match(there.stdout, /^history\s+history chunks samples\s+3053\s+3053\s+ok$/m);
    assert.match(there.stdout, /Every count matches/);
    assert.deepEqual(await withStore(url, snapshot), expected);

    const back = join(root, 'back');
    const home = await migrate(url, back);
    assert.equal(home.status, 0, home.stderr);
    assert.match(home.stdout, /Every count matches/);
    assert.deepEqual(await withStore(back, snapshot), expected);

    // Numbers handed out before the move are not handed out again (the delivered outbox message's seq).
    const seqs = expected.outbox['cp-1'] as { pending: Array<{ seq: number }> };
    const highest = Math.max(...seqs.pending.map((m) => m.seq)) + 3;
    for (const engine of [url, back]) {
      const seq = await withStore(engine, (store) => store.outbox.enqueue('cp-3', 'Heartbeat', {}));
      assert.equal(seq, highest + 1, engine);
      const alarm = await withStore(engine, (store) => store.saveAlarm(newAlarm('dev-9.alarm', T0)));
      assert.equal(alarm, Math.max(...expected.alarms.map((a) => a.id)) + 1);
    }
  });

  test('a destination that holds data is refused, and nothing changes', async () => {
    const source = join(root, 'source-2');
    await withStore(source, fill);
    const url = await (cluster as PostgresCluster).createDatabase('taken');
    await withStore(url, (store) => store.saveUser(storedUser('someone')));
    const before = await withStore(url, snapshot);
    const run = await migrate(source, url);
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /the destination already has data: .*users: 1 row; migrate into an empty database/,
    );
    assert.deepEqual(await withStore(url, snapshot), before);

    // A folder with a counter and a history journal no flush folded: it stays as it was.
    const folder = join(root, 'taken-folder');
    await withStore(folder, async (store) => {
      await store.saveCounters(new Map([['x.y', 1]]));
      store.history.append('x.y', T0, 1);
      await store.history.journal();
      store.history.flush = async () => {}; // the close's flush would fold the journal
    });
    // The databases byte for byte (a read-only look may leave an empty write-ahead log beside them).
    const files = () =>
      readdirSync(folder)
        .filter((f) => f.endsWith('.db') || (f.endsWith('.db-wal') && statSync(join(folder, f)).size > 0))
        .map((f) => [
          f,
          createHash('sha256')
            .update(readFileSync(join(folder, f)))
            .digest('hex'),
        ]);
    const filesBefore = files();
    const intoFolder = await migrate(url, folder);
    assert.equal(intoFolder.status, 1);
    assert.match(
      intoFolder.stderr,
      /the destination already has data: .*counters: 1 row, .*history journal: 1 row/,
    );
    assert.deepEqual(files(), filesBefore);
  });

  test('a folder a running Pointyard holds is refused; once stopped, start --store serves the migrated setpoint', async () => {
    const source = join(root, 'running');
    const setpoint = 'lyon-confluence.dhw-tank.temperature-setpoint';
    const server = await startPointyard(source);
    const url = await (cluster as PostgresCluster).createDatabase('running');
    try {
      const { fetch } = await haystackLogin(server.url, 'admin', ADMIN_PASSWORD);
      const write = await callOp(
        server.url,
        fetch,
        'pointWrite',
        `ver:"3.0"\nid,level,val\n@${setpoint},16,57.5°C\n`,
      );
      assert.equal(write.error, null, write.text);
      const refused = await migrate(source, url);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /is in use by a running Pointyard: stop it/);
      await withStore(url, async (store) => assert.equal((await store.loadPriorities()).size, 0));
    } finally {
      await server.stop();
    }
    const run = await migrate(source, url);
    assert.equal(run.status, 0, run.stderr);
    const migrated = await startPointyard(join(root, 'unused'), { args: ['--store', url] });
    try {
      const { fetch } = await haystackLogin(migrated.url, 'admin', ADMIN_PASSWORD);
      const read = await callOp(migrated.url, fetch, 'read', `ver:"3.0"\nid\n@${setpoint}\n`);
      assert.equal(read.error, null, read.text);
      const value = read.grid.getRows()[0]?.get('curVal') as { value?: unknown } | undefined;
      assert.equal(value?.value, 57.5);
    } finally {
      await migrated.stop();
    }
  });
});
