// The parking server's commands that do real work: online backup, daily report, notifications.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { emptyPriorityArray, withLevel } from '../../src/core/priority-array.js';
import { ParkingEffects } from '../../src/parking/effects.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeSite } from '../runtime/site-fixture.js';
import { builtinText, parsedProfile, renamePoints } from '../support/renamed-list.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-effects-'));
after(() => rmSync(root, { recursive: true, force: true }));
const log = { info() {}, warn() {}, error() {} };
const site = makeSite([
  ['server', 'parking-management-server'],
  ['ev-1', 'ev-charger-level-2'],
]);
const server = site.devices[0] as (typeof site.devices)[0];
const DAY = Date.UTC(2026, 0, 5) - 3_600_000; // local midnight in Paris (UTC+1)

describe('parking effects', async () => {
  const data = join(root, 'data');
  const store = new SqliteStore(data);
  after(() => store.close());
  const effects = new ParkingEffects(site, store, data, log);

  test('backup: an online copy of both databases in DATA/backups/<time>/', async () => {
    await store.commitWrites([
      {
        key: 'ev-1.max-current-limit',
        array: withLevel(emptyPriorityArray(), 16, 20),
        audit: {
          ts: 1,
          who: 't',
          via: 't',
          remote: null,
          key: 'ev-1.max-current-limit',
          level: 16,
          action: 'write',
          written: 20,
          before: 19,
          after: 20,
        },
      },
    ]);
    const result = await effects.run(server, { kind: 'backup' }, Date.UTC(2026, 0, 5, 10, 30));
    assert.equal(result.ok, true, result.message);
    const dir = join(data, 'backups', '2026-01-05T10-30-00Z');
    assert.match(result.message, /backup written to .*2026-01-05T10-30-00Z/);
    const copy = new SqliteStore(dir);
    assert.deepEqual((await copy.loadPriorities()).get('ev-1.max-current-limit')?.values[15], 20);
    await copy.close();
  });

  test('report: occupancy, revenue, EV energy and alarms of a local day, as CSV and HTML', async () => {
    const h = 3_600_000;
    store.history.append('server.total-occupied', DAY + 8 * h, 100);
    store.history.append('server.total-occupied', DAY + 10 * h, 400);
    store.history.append('server.total-occupied', DAY + 20 * h, 40);
    store.history.append('server.revenue-today', DAY + 20 * h, 812.4);
    store.history.append('server.transactions-today', DAY + 20 * h, 351);
    store.history.append('ev-1.active-power', DAY + 9 * h, 11); // 11 kW for 2 h = 22 kWh
    store.history.append('ev-1.active-power', DAY + 11 * h, 0);
    store.history.append('server.total-occupied', DAY + 30 * h, 999); // the next day: not in this report
    await store.saveAlarm({
      id: 0,
      key: 'ev-1.ground-fault',
      device: 'ev-1',
      point: 'ground-fault',
      value: true,
      severity: 'alarm',
      state: 'active',
      raisedAt: DAY + 12 * h,
      ackedAt: null,
      ackedBy: null,
      clearedAt: null,
      reported: null,
    });
    const result = await effects.run(server, { kind: 'report', data: { date: '2026-01-05' } }, DAY + 23 * h);
    assert.equal(result.ok, true, result.message);
    const csv = readFileSync(join(data, 'reports', 'report-2026-01-05.csv'), 'utf8');
    assert.match(csv, /^occupancy,max,400,spaces$/m);
    assert.match(csv, /^occupancy,min,40,spaces$/m);
    assert.match(csv, /^occupancy,peak at,10:00,local time$/m);
    assert.match(csv, /^revenue,today,812\.40,EUR$/m);
    assert.match(csv, /^revenue,transactions,351,count$/m);
    assert.match(csv, /^ev,energy delivered,22\.00,kWh$/m);
    assert.match(csv, /^alarms,raised,1,count$/m);
    const html = readFileSync(join(data, 'reports', 'report-2026-01-05.html'), 'utf8');
    assert.match(html, /<h1>Test site — daily report, 2026-01-05<\/h1>/);
    assert.match(html, /ev-1\.ground-fault/);
  });

  test('report: its figures are found by the words of their names, so a list naming them in French works', async () => {
    const french = makeSite([
      ['server', 'parking-management-server'],
      ['ev-1', 'ev-charger-level-2'],
    ]);
    const [serverFr, evFr] = french.devices as [(typeof site.devices)[0], (typeof site.devices)[0]];
    serverFr.profile = parsedProfile(
      renamePoints(builtinText('parking-management-server'), {
        'Total Occupied': 'Total places occupées',
        'Revenue Today': 'Revenu journalier',
        'Transactions Today': 'Transactions du jour',
      }),
    );
    evFr.profile = parsedProfile(
      renamePoints(builtinText('ev-charger-level-2'), { 'Active Power': 'Puissance active' }),
    );
    const dataFr = join(root, 'data-fr');
    const storeFr = new SqliteStore(dataFr);
    try {
      const h = 3_600_000;
      storeFr.history.append('server.total-places-occupees', DAY + 10 * h, 250);
      storeFr.history.append('server.revenu-journalier', DAY + 20 * h, 99.5);
      storeFr.history.append('server.transactions-du-jour', DAY + 20 * h, 12);
      storeFr.history.append('ev-1.puissance-active', DAY + 9 * h, 7); // 7 kW for 1 h
      storeFr.history.append('ev-1.puissance-active', DAY + 10 * h, 0);
      const effectsFr = new ParkingEffects(french, storeFr, dataFr, log);
      const result = await effectsFr.run(
        serverFr,
        { kind: 'report', data: { date: '2026-01-05' } },
        DAY + 23 * h,
      );
      assert.equal(result.ok, true, result.message);
      const csv = readFileSync(join(dataFr, 'reports', 'report-2026-01-05.csv'), 'utf8');
      assert.match(csv, /^occupancy,max,250,spaces$/m);
      assert.match(csv, /^revenue,today,99\.50,EUR$/m);
      assert.match(csv, /^revenue,transactions,12,count$/m);
      assert.match(csv, /^ev,energy delivered,7\.00,kWh$/m);
    } finally {
      await storeFr.close();
    }
  });

  test('notify: logged, and POSTed as JSON to the webhook when one is configured', async () => {
    assert.deepEqual(await effects.run(server, { kind: 'notify', data: { message: 'hello' } }, 0), {
      kind: 'notify',
      ok: true,
      message: 'notification logged (no webhook configured)',
    });
    const received: unknown[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.statusCode = req.url === '/ok' ? 204 : 500;
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const port = (hook.address() as AddressInfo).port;
    const withHook = (path: string) => ({
      ...server,
      parameters: { notifications: { webhook: `http://127.0.0.1:${port}${path}` } },
    });
    const ok = await effects.run(
      withHook('/ok'),
      { kind: 'notify', data: { message: 'hello' } },
      Date.UTC(2026, 0, 5),
    );
    assert.equal(ok.ok, true, ok.message);
    assert.deepEqual(received[0], {
      site: 'test',
      device: 'server',
      message: 'hello',
      ts: '2026-01-05T00:00:00.000Z',
    });
    const failed = await effects.run(withHook('/fail'), { kind: 'notify', data: { message: 'x' } }, 0);
    assert.equal(failed.ok, false);
    assert.match(failed.message, /webhook answered 500/);
    hook.close();
  });

  test('unknown effects are refused', async () => {
    assert.equal((await effects.run(server, { kind: 'teleport' }, 0)).ok, false);
    assert.ok(existsSync(join(data, 'pointyard.db')));
  });
});
