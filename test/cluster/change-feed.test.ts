// The change feed on a PostgreSQL cluster of its own: a publisher and two followers (every change delivered
// once, in seq order, the followers' values equal to point_values), seq order kept as commit order between
// publishers (a later one waits for an earlier one held before its commit), a follower whose connection is cut while
// changes are published (it catches up, none twice), a follower kept away past the retention (it reloads the
// snapshot), retention by age on its timer, the database stopped under a publish (the publish rejects, the
// kept changes go out after the restart), changes that cannot be published (refused whole), a fence that
// refuses (nothing of its batch is visible) and coalescing (the newest per point).

import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import pg from 'pg';
import { ChangeFollower } from '../../src/cluster/change-follower.js';
import { ChangePublisher } from '../../src/cluster/change-publisher.js';
import type { FeedChange, PointValue, PublishedChange } from '../../src/cluster/feed-change.js';
import { FeedRetention } from '../../src/cluster/feed-retention.js';
import { FencedError } from '../../src/cluster/fencing.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { StoreError } from '../../src/store/store-error.js';
import { StoreHealth } from '../../src/store/store-health.js';
import { filePostgres } from '../support/postgres.js';

const { skip, postgres } = filePostgres({ fsync: false });
const closers: Array<() => Promise<unknown>> = [];

/** Runs the closers registered by a test, newest first. */
async function closeAll(): Promise<void> {
  while (closers.length > 0) await closers.pop()?.();
}

/** Polls `ready` every 10 ms for at most `capMs`; fails with `what` when it never holds. */
async function until(ready: () => boolean | Promise<boolean>, what: string, capMs = 20_000): Promise<void> {
  const end = performance.now() + capMs;
  while (!(await ready())) {
    if (performance.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const dbName = (url: string) => new URL(url).pathname.slice(1);

/** A role of its own for a follower, so that a test can refuse its logins (NOLOGIN) while it is away. */
let roles = 0;
async function followerUrl(url: string): Promise<{ url: string; role: string }> {
  const role = `follower_${process.pid}_${++roles}`;
  await postgres().sql(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD 'follower'`);
  const u = new URL(url);
  u.username = role;
  u.password = 'follower';
  return { url: u.toString(), role };
}

function database(url: string): PgDatabase {
  const db = new PgDatabase(url, new StoreHealth(), 'postgres', { max: 3, connectTimeoutMs: 2000 });
  closers.push(() => db.close());
  return db;
}

async function publisher(url: string, node: string): Promise<ChangePublisher> {
  const p = await ChangePublisher.open(database(url), { node, retryMs: 20, maxRetryMs: 200 });
  closers.push(() => p.stop());
  return p;
}

/**
 * A loopback TCP relay to the cluster: `freeze` makes the connections open now silent both ways without
 * closing them (a network cut with no reset), while new connections are relayed as before.
 */
class Relay {
  private readonly pairs: Array<{ down: net.Socket; up: net.Socket; frozen: boolean }> = [];
  // Half-open sockets: a frozen connection does not even answer a FIN, as a cut network would not.
  private readonly server = net.createServer({ allowHalfOpen: true }, (down) => {
    const pair = {
      down,
      up: net.connect({ port: postgres().port, host: '127.0.0.1', allowHalfOpen: true }),
      frozen: false,
    };
    this.pairs.push(pair);
    down.on('data', (d) => pair.frozen || pair.up.write(d));
    pair.up.on('data', (d) => pair.frozen || down.write(d));
    down.on('end', () => pair.frozen || pair.up.end());
    pair.up.on('end', () => pair.frozen || down.end());
    const close = () => {
      down.destroy();
      pair.up.destroy();
    };
    down.on('error', close).on('close', close);
    pair.up.on('error', close).on('close', close);
  });

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  freeze(): void {
    for (const pair of this.pairs) pair.frozen = true;
  }

  async close(): Promise<void> {
    for (const { down, up } of this.pairs) {
      down.destroy();
      up.destroy();
    }
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** What a follower saw: its values (as point_values holds them) and every seq it was given, in order. */
class View {
  values = new Map<string, PointValue>();
  seqs: number[] = [];
  changes: PublishedChange[] = [];
  snapshots: number[] = [];
  /** Every seq given (snapshot or change) was above the one before. */
  increasing = true;
  private seen = 0;

  onSnapshot = (values: ReadonlyMap<string, PointValue>, seq: number) => {
    if (seq < this.seen) this.increasing = false;
    this.seen = seq;
    this.values = new Map(values);
    this.snapshots.push(seq);
  };

  onChange = (c: PublishedChange) => {
    if (c.seq <= this.seen) this.increasing = false;
    this.seen = c.seq;
    this.seqs.push(c.seq);
    this.changes.push(c);
    if (c.kind === 'value')
      this.values.set(c.key, {
        value: c.value as PointValue['value'],
        status: c.status,
        ts: c.ts,
        seq: c.seq,
      });
  };
}

async function follower(
  url: string,
  node: string,
  more: { ignoreOwn?: boolean; pageSize?: number; readTimeoutMs?: number; pollMs?: number } = {},
): Promise<{ follower: ChangeFollower; view: View }> {
  const view = new View();
  const f = new ChangeFollower(database(url), {
    node,
    onChange: view.onChange,
    onSnapshot: view.onSnapshot,
    pageSize: more.pageSize ?? 7,
    reconnectMs: 20,
    maxReconnectMs: 200,
    ...(more.ignoreOwn === undefined ? {} : { ignoreOwn: more.ignoreOwn }),
    ...(more.readTimeoutMs === undefined ? {} : { readTimeoutMs: more.readTimeoutMs }),
    ...(more.pollMs === undefined ? {} : { pollMs: more.pollMs }),
  });
  await f.start();
  closers.push(() => f.stop());
  return { follower: f, view };
}

/** point_values as rows keyed by point. */
async function pointValues(url: string): Promise<Map<string, PointValue>> {
  const rows = await postgres().sql<{
    key: string;
    value: PointValue['value'];
    status: string;
    ts: number;
    seq: string;
  }>('SELECT key, value, status, ts, seq FROM point_values', dbName(url));
  return new Map(
    rows.map((r) => [r.key, { value: r.value, status: r.status, ts: r.ts, seq: Number(r.seq) }]),
  );
}

async function allSeqs(url: string): Promise<number[]> {
  const rows = await postgres().sql<{ seq: string }>(
    'SELECT seq FROM point_changes ORDER BY seq',
    dbName(url),
  );
  return rows.map((r) => Number(r.seq));
}

/** The newest seq committed (or pruned). */
async function headSeq(url: string): Promise<number> {
  const rows = await postgres().sql<{ seq: string | null }>(
    'SELECT greatest((SELECT max(seq) FROM point_changes), (SELECT pruned_through FROM feed_horizon)) AS seq',
    dbName(url),
  );
  return Number(rows[0]?.seq ?? 0);
}

async function caughtUp(url: string, f: ChangeFollower): Promise<boolean> {
  return f.lag().deliveredSeq >= (await headSeq(url));
}

const change = (
  key: string,
  value: FeedChange['value'],
  ts = 1,
  kind: FeedChange['kind'] = 'value',
): FeedChange => ({
  key,
  kind,
  value,
  status: 'ok',
  ts,
});

/** Changes of `n` points of device `dev`, with values from `round`. */
const round = (dev: string, n: number, r: number): FeedChange[] =>
  Array.from({ length: n }, (_, i) =>
    change(`${dev}.p${i}`, i % 3 === 0 ? r * 10 + i : i % 3 === 1 ? r % 2 === 0 : `s${r}`, 1000 + r),
  );

describe('change feed', { skip }, () => {
  test('a publisher and two followers: every change once, in seq order; values equal to point_values', async () => {
    try {
      const url = await postgres().createDatabase('feed');
      const pub = await publisher(url, 'a');
      const one = await follower(url, 'b');
      const two = await follower(url, 'c');
      // A follower on the publisher's own node that skips its own changes.
      const own = await follower(url, 'a', { ignoreOwn: true });
      for (let r = 0; r < 10; r++) await pub.publish(round('dev1', 20, r));
      // Some not awaited one by one: they are coalesced into group commits.
      await Promise.all(Array.from({ length: 10 }, (_, r) => pub.publish(round('dev2', 5, r))));
      await pub.publish([change('dev1.p0', null), change('dev1.p1', [null, 5, true], 2, 'priority')]);
      for (const f of [one, two, own])
        await until(() => caughtUp(url, f.follower), 'the follower to catch up');
      const seqs = await allSeqs(url);
      const values = await pointValues(url);
      assert.ok(seqs.length >= 10 * 20 + 5 + 2);
      for (const { view } of [one, two]) {
        assert.deepEqual(view.seqs, seqs, 'every change once, in seq order');
        assert.deepEqual(view.values, values);
        assert.equal(view.snapshots.length, 1);
      }
      assert.deepEqual(own.view.seqs, [], 'its own changes skipped');
      const lag = one.follower.lag();
      assert.equal(lag.behind, 0);
      assert.equal(lag.deliveredSeq, seqs.at(-1));
      assert.equal(lag.newestSeq, seqs.at(-1));
      assert.equal(typeof lag.lastDeliveryAt, 'number');
      assert.equal(one.follower.status().state, 'following');
      assert.equal(values.get('dev1.p0')?.value, null);
      assert.deepEqual(one.view.changes.at(-1)?.value, [null, 5, true], 'a priority array as published');
      assert.equal(one.view.changes.at(-1)?.node, 'a');
    } finally {
      await closeAll();
    }
  });

  test('seq order is commit order: a later publisher waits for one that took a lower seq and has not committed', async () => {
    const url = await postgres().createDatabase('feed');
    // Advisory locks belong to a database: the gate is held on the test's.
    const gate = new pg.Client({ connectionString: url });
    try {
      const first = await publisher(url, 'a');
      const second = await publisher(url, 'b');
      const { follower: f, view } = await follower(url, 'c');
      // A trigger holds the transaction inserting 'dev1.slow' (its seq taken) until the test opens the gate.
      await postgres().sql(
        `CREATE FUNCTION gate() RETURNS trigger LANGUAGE plpgsql AS
         $$ BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NEW; END $$;
         CREATE TRIGGER gate AFTER INSERT ON point_changes FOR EACH ROW
           WHEN (NEW.key = 'dev1.slow') EXECUTE FUNCTION gate();`,
        dbName(url),
      );
      await gate.connect();
      await gate.query('SELECT pg_advisory_lock(4242)');
      const slow = first.publish([change('dev1.slow', 1)]);
      await until(
        async () =>
          (
            await postgres().sql<{ n: string }>(
              `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted`,
            )
          )[0]?.n === '1',
        'the slow publish to wait at the gate',
      );
      let fastDone = false;
      const fast = second.publish([change('dev1.fast', 2)]).then(() => {
        fastDone = true;
      });
      // Either the later publish waits for the earlier one (the fix), or it commits and the follower reads it.
      await until(
        async () =>
          (fastDone && f.lag().deliveredSeq >= second.committedSeq) ||
          (
            await postgres().sql<{ n: string }>(
              `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
            )
          )[0]?.n === '2',
        'the second publish to wait or to be delivered',
      );
      await gate.query('SELECT pg_advisory_unlock(4242)');
      await Promise.all([slow, fast]);
      await until(() => caughtUp(url, f), 'the follower');
      assert.deepEqual(view.seqs, await allSeqs(url), 'no seq skipped');
      assert.deepEqual(
        view.changes.map((c) => c.key),
        ['dev1.slow', 'dev1.fast'],
      );
    } finally {
      await gate.end().catch(() => {});
      await closeAll();
    }
  });

  test('a follower whose connection is cut catches up with what was published meanwhile, none twice', async () => {
    try {
      const url = await postgres().createDatabase('feed');
      const pub = await publisher(url, 'a');
      const away = await followerUrl(url);
      const { follower: f, view } = await follower(away.url, 'b');
      await pub.publish(round('dev1', 10, 0));
      await until(() => caughtUp(url, f), 'the first changes');
      // Its logins refused, then its backend terminated: it stays away until the role may log in again.
      await postgres().sql(`ALTER ROLE ${away.role} NOLOGIN`);
      await postgres().sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${away.role}'`,
      );
      await until(() => f.status().state === 'reconnecting', 'the follower to see the loss');
      for (let r = 1; r < 6; r++) await pub.publish(round('dev1', 10, r));
      assert.ok(f.lag().deliveredSeq < (await headSeq(url)), 'nothing delivered while away');
      await postgres().sql(`ALTER ROLE ${away.role} LOGIN`);
      await until(() => caughtUp(url, f), 'the follower to catch up after reconnecting');
      assert.deepEqual(view.seqs, await allSeqs(url));
      assert.deepEqual(view.values, await pointValues(url));
      assert.equal(f.status().snapshots, 1, 'caught up from its last seq, no snapshot');
      assert.equal(f.status().disconnects, 1);
      assert.equal(f.status().state, 'following');
    } finally {
      await closeAll();
    }
  });

  test('a follower whose connection goes silent (a cut without a reset) drops it after its read timeout, catches up, and stops', async () => {
    const relay = new Relay();
    try {
      const url = await postgres().createDatabase('feed');
      const pub = await publisher(url, 'a');
      const relayed = new URL(url);
      relayed.port = String(await relay.listen());
      const { follower: f, view } = await follower(relayed.toString(), 'b', {
        readTimeoutMs: 300,
        pollMs: 50,
      });
      await pub.publish(round('dev1', 10, 0));
      await until(() => caughtUp(url, f), 'the first changes');
      relay.freeze();
      for (let r = 1; r < 4; r++) await pub.publish(round('dev1', 10, r));
      await until(() => caughtUp(url, f), 'the follower to catch up on a new connection');
      assert.equal(f.status().disconnects, 1);
      assert.deepEqual(view.seqs, await allSeqs(url));
      assert.deepEqual(view.values, await pointValues(url));
      // Stopped while its connection is silent: the stop does not wait for an answer that never comes.
      relay.freeze();
      let stopped = false;
      void f.stop().then(() => {
        stopped = true;
      });
      await until(() => stopped, 'the follower to stop on a silent connection', 10_000);
    } finally {
      await closeAll();
      await relay.close();
    }
  });

  test('a follower behind the retention horizon reloads the snapshot and ends equal', async () => {
    try {
      const url = await postgres().createDatabase('feed');
      const pub = await publisher(url, 'a');
      const away = await followerUrl(url);
      const { follower: f, view } = await follower(away.url, 'b');
      const other = await follower(url, 'c');
      await pub.publish(round('dev1', 10, 0));
      await until(() => caughtUp(url, f), 'the first changes');
      await postgres().sql(`ALTER ROLE ${away.role} NOLOGIN`);
      await postgres().sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${away.role}'`,
      );
      await until(() => f.status().state === 'reconnecting', 'the follower to see the loss');
      for (let r = 1; r < 4; r++) await pub.publish(round('dev1', 10, r));
      await pub.publish([change('dev2.x', 42)]);
      // Keep the 3 newest changes only: the follower's next change is gone.
      const pruned = await new FeedRetention(database(url), { keepRows: 3, batchRows: 4 }).prune();
      assert.equal(pruned, 10 * 4 + 1 - 3);
      assert.deepEqual((await allSeqs(url)).length, 3);
      await postgres().sql(`ALTER ROLE ${away.role} LOGIN`);
      await until(() => caughtUp(url, f), 'the follower to catch up after reconnecting');
      assert.equal(f.status().snapshots, 2, 'the snapshot reloaded');
      assert.deepEqual(view.values, await pointValues(url));
      assert.equal(view.values.get('dev2.x')?.value, 42);
      assert.ok(view.increasing);
      // The follower that never left saw every change, and needed no snapshot.
      assert.equal(other.follower.status().snapshots, 1);
      assert.deepEqual(other.view.values, await pointValues(url));
    } finally {
      await closeAll();
    }
  });

  test('retention deletes changes older than its age by the database clock, on its own timer', async () => {
    try {
      const url = await postgres().createDatabase('feed');
      const pub = await publisher(url, 'a');
      await pub.publish(round('dev1', 5, 0));
      const db = database(url);
      // Kept for ten minutes by default: nothing is due yet.
      assert.equal(await new FeedRetention(db).prune(), 0);
      const head = await headSeq(url);
      const retention = new FeedRetention(db, { keepMs: 0, everyMs: 10, batchRows: 2 });
      await retention.start();
      closers.push(() => retention.stop());
      await until(async () => (await allSeqs(url)).length === 0, 'the timer to prune every change');
      await retention.stop();
      const horizon = await postgres().sql<{ h: string }>(
        'SELECT pruned_through AS h FROM feed_horizon',
        dbName(url),
      );
      assert.equal(Number(horizon[0]?.h), head, 'the horizon is the newest change deleted');
      // The values stay: a follower starting now gets them all from the snapshot.
      const { view } = await follower(url, 'b');
      assert.deepEqual(view.values, await pointValues(url));
      assert.equal(view.values.size, 5);
      assert.deepEqual(view.snapshots, [head]);
    } finally {
      await closeAll();
    }
  });

  test('a change that cannot be published is refused whole, and nothing of its call is queued', async () => {
    try {
      const url = await postgres().createDatabase('feed');
      const pub = await publisher(url, 'a');
      const bad: FeedChange[][] = [
        [change('dev1.a', 1), change('dev1.b', Number.NaN)],
        [change('', 1)],
        [change('dev1.a', Number.POSITIVE_INFINITY, 1, 'priority')],
        [{ ...change('dev1.a', 1), ts: Number.NaN }],
        [{ ...change('dev1.a', 1), kind: 'other' as FeedChange['kind'] }],
        [change('dev1.a', { x: 1 } as unknown as FeedChange['value'])],
      ];
      for (const changes of bad) await assert.rejects(pub.publish(changes), TypeError);
      assert.equal(pub.waiting, 0);
      assert.deepEqual(await allSeqs(url), []);
    } finally {
      await closeAll();
    }
  });

  test('the database stopped: publish rejects, nothing is claimed, the kept changes go out after the restart', async () => {
    try {
      const url = await postgres().createDatabase('feed');
      const pub = await publisher(url, 'a');
      const { follower: f, view } = await follower(url, 'b');
      await pub.publish(round('dev1', 5, 0));
      await until(() => caughtUp(url, f), 'the first changes');
      await postgres().stop();
      let resumed = false;
      try {
        await assert.rejects(pub.publish([change('dev1.p0', 111), change('dev1.p1', true)]), StoreError);
        // A newer value of a kept point wins over the kept one.
        await assert.rejects(pub.publish([change('dev1.p0', 222)]), StoreError);
        assert.equal(pub.waiting, 2, 'both points kept');
        await postgres().resume();
        resumed = true;
      } finally {
        if (!resumed) await postgres().resume();
      }
      await until(async () => (await pointValues(url)).get('dev1.p0')?.value === 222, 'the kept changes');
      await until(() => pub.waiting === 0, 'nothing left to publish');
      const values = await pointValues(url);
      assert.equal(values.get('dev1.p1')?.value, true);
      const kept = await postgres().sql<{ n: string }>(
        "SELECT count(*) AS n FROM point_changes WHERE key = 'dev1.p0' AND value = '111'",
        dbName(url),
      );
      assert.equal(kept[0]?.n, '0', 'the older kept value was replaced, never published');
      await until(() => caughtUp(url, f), 'the follower to catch up after the restart');
      assert.deepEqual(view.seqs, await allSeqs(url));
      assert.deepEqual(view.values, values);
    } finally {
      await closeAll();
    }
  });

  test('a fence that throws: nothing of what it guarded is visible; the rest of the batch commits', async () => {
    try {
      const url = await postgres().createDatabase('feed');
      const pub = await publisher(url, 'a');
      const { follower: f, view } = await follower(url, 'b');
      const refused = new Error('the lease of dev9 is lost');
      let ran = 0;
      const refuse = async (client: { query: (sql: string) => Promise<unknown> }) => {
        ran++;
        // Whatever the fence did in the transaction is rolled back with the batch.
        await client.query("INSERT INTO point_values VALUES ('dev9.fenced', '1', 'ok', 1, 0)");
        throw refused;
      };
      const allow = async (client: { query: (sql: string) => Promise<unknown> }) => {
        await client.query('SELECT 1');
      };
      // Added in one turn: one batch; the refusing fence drops its changes only.
      const results = await Promise.allSettled([
        pub.publish([change('dev9.a', 1), change('dev9.b', 2)], refuse),
        pub.publish([change('dev1.a', 3)], allow),
        pub.publish([change('dev1.b', 4)]),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['rejected', 'fulfilled', 'fulfilled'],
      );
      assert.equal((results[0] as PromiseRejectedResult).reason, refused);
      assert.equal(ran, 1);
      await until(() => caughtUp(url, f), 'the follower');
      assert.deepEqual(view.changes.map((c) => c.key).sort(), ['dev1.a', 'dev1.b']);
      const rows = await postgres().sql("SELECT key FROM point_changes WHERE key LIKE 'dev9.%'", dbName(url));
      assert.deepEqual(rows, []);
      assert.deepEqual([...(await pointValues(url)).keys()].sort(), ['dev1.a', 'dev1.b']);
      assert.equal(pub.waiting, 0, 'the refused changes are not kept');
    } finally {
      await closeAll();
    }
  });

  test('the lease fence’s own refusal (a FencedError, a StoreError) drops what it guarded; nothing is retried', async () => {
    try {
      const url = await postgres().createDatabase('feed');
      const pub = await publisher(url, 'a');
      const refused = new FencedError('node a may not commit for device dev9: lost', 'dev9', 'a');
      const refuse = async () => {
        throw refused;
      };
      const results = await Promise.allSettled([
        pub.publish([change('dev9.a', 1)], refuse),
        pub.publish([change('dev1.a', 3)]),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['rejected', 'fulfilled'],
      );
      assert.equal((results[0] as PromiseRejectedResult).reason, refused);
      assert.equal(pub.waiting, 0, 'the refused changes are not kept');
      await pub.publish([change('dev1.b', 4)]);
      assert.deepEqual([...(await pointValues(url)).keys()].sort(), ['dev1.a', 'dev1.b']);
    } finally {
      await closeAll();
    }
  });

  test('changes published while a batch commits are coalesced: the newest per point and kind', async () => {
    try {
      const url = await postgres().createDatabase('feed');
      const pub = await publisher(url, 'a');
      const { follower: f, view } = await follower(url, 'b');
      const first = pub.publish([change('dev1.k', 0)]);
      // The first batch is committing: these wait, coalesced into the next one.
      const later = [
        pub.publish([change('dev1.k', 1), change('dev1.j', 'x')]),
        pub.publish([change('dev1.k', 2)]),
        pub.publish([change('dev1.k', [1, null], 5, 'priority')]),
        pub.publish([change('dev1.k', 3), change('dev1.k', 4)]),
      ];
      assert.equal(pub.waiting, 3, 'k (value), k (priority) and j waiting');
      await Promise.all([first, ...later]);
      await until(() => caughtUp(url, f), 'the follower');
      const seen = view.changes.map((c) => JSON.stringify([c.key, c.kind, c.value]));
      assert.equal(seen[0], JSON.stringify(['dev1.k', 'value', 0]));
      // The second batch: one change per point and kind, the newest.
      assert.deepEqual(
        seen.slice(1).sort(),
        [
          ['dev1.j', 'value', 'x'],
          ['dev1.k', 'priority', [1, null]],
          ['dev1.k', 'value', 4],
        ].map((c) => JSON.stringify(c)),
      );
      assert.equal(new Set(view.changes.slice(1).map((c) => c.seq)).size, 3);
      assert.equal((await pointValues(url)).get('dev1.k')?.value, 4);
    } finally {
      await closeAll();
    }
  });
});
