// Cluster Status and Connected Devices of the parking server through a real cluster view: a runtime (demo
// site, virtual clock, the real environment) whose services hold the view of node a, sharing four devices with
// node b on a real PostgreSQL. HEALTHY with both up; b killed: DEGRADED once a took its devices; b back:
// HEALTHY; a draining: HEALTHY with one node fewer; the database stopped: FAULT; back: HEALTHY.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LeaseClusterView } from '../../src/cluster/lease-cluster-view.js';
import { VirtualClock } from '../../src/core/clock.js';
import { RealEnvironment } from '../../src/parking/real-environment.js';
import { ServerMetrics } from '../../src/parking/server-metrics.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import type { ClusterSnapshot } from '../../src/runtime/services/cluster-view.js';
import { loadSite } from '../../src/site/load.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { T0 } from '../runtime/site-fixture.js';
import { filePostgres } from '../support/postgres.js';
import { deviceNames, kill, TestCluster, until } from './leases-harness.js';

const { skip, postgres } = filePostgres({ fsync: false });

test(
  'Cluster Status follows the nodes through the view: HEALTHY, DEGRADED, drained, FAULT',
  { skip },
  async () => {
    const pg = postgres();
    const cluster = new TestCluster(await pg.createDatabase('status'), deviceNames(4));
    const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
    assert.ok(site);
    const dir = mkdtempSync(join(tmpdir(), 'pointyard-cluster-status-'));
    const store = new SqliteStore(join(dir, 'data'));
    const clock = new VirtualClock(T0);
    let runtime: Runtime | undefined;
    const environment = new RealEnvironment(
      store,
      new ServerMetrics(),
      () => 1,
      () => runtime?.services.cluster.get() ?? null,
    );
    runtime = await Runtime.open({ site, store, clock, seed: 1, environment });
    const rt = runtime;
    const a = await cluster.start('a');
    const view = new LeaseClusterView(a.manager);
    const point = (name: string) => rt.points.value(rt.points.indexOf(`parking-server.${name}`) as number);
    /** Steps the site a second at a time until the point `name` reads `value` (bounded in steps and time). */
    const pointBecomes = (name: string, value: unknown, what: string) =>
      until(
        () => {
          clock.advance(1000);
          return point(name) === value;
        },
        `${what}: ${name} ${String(value)} (is ${String(point(name))})`,
      );
    const statusBecomes = (word: string, what: string) => pointBecomes('cluster-status', word, what);
    const viewShows = (ok: (s: ClusterSnapshot) => boolean, what: string) =>
      until(() => {
        const s = view.snapshot();
        return s !== null && ok(s);
      }, what);
    const shares = (s: ClusterSnapshot) => s.nodes.map((n) => `${n.name}:${n.devices.length}`).join(' ');
    try {
      runtime.start();
      await view.start();
      const detach = runtime.services.cluster.attach(view);
      let b = await cluster.start('b');
      await viewShows((s) => shares(s) === 'a:2 b:2', 'two devices each');
      await statusBecomes('HEALTHY', 'both nodes up');
      // b's two devices and this node's one communicating device (at most its two).
      await pointBecomes('connected-devices', 3, 'both nodes up');

      await kill(b);
      await viewShows((s) => shares(s) === 'a:4 b:0', 'a took the devices of b');
      await statusBecomes('DEGRADED', 'b lost, its devices taken over');

      b = await cluster.start('b');
      await viewShows((s) => shares(s) === 'a:2 b:2', 'b back with its share');
      await statusBecomes('HEALTHY', 'b back');

      await view.drain(true);
      await viewShows((s) => shares(s) === 'a:0 b:4', 'a drained');
      await statusBecomes('HEALTHY', 'a draining: one node fewer');
      await pointBecomes('connected-devices', 4, 'b owns all four');
      await view.drain(false);

      await pg.stop();
      try {
        await viewShows((s) => !s.databaseReachable, 'the database unreachable');
        await statusBecomes('FAULT', 'the database stopped');
      } finally {
        await pg.resume();
      }
      await statusBecomes('HEALTHY', 'the database back');
      detach();
    } finally {
      view.stop();
      await cluster.dispose();
      await runtime.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
