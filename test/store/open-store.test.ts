// openStore picks the engine from the site file's store settings, and refuses one it does not know by
// naming those it does; `pointyard start` says so and exits 1, and runs on the memory engine, keeping nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { openStore } from '../../src/store/open.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { StoreError } from '../../src/store/store-error.js';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-open-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
const GATE = resolve('test/fixtures/sites/gate.md');

/** A one-device site file whose store section is `store`. */
function siteFile(name: string, store: string): string {
  const file = join(root, `${name}.yaml`);
  writeFileSync(
    file,
    `site: {id: test, name: Test, tz: Europe/Paris}\ndevices: [{id: gate-1, profile: ${GATE}}]\nstore: ${store}\n`,
  );
  return file;
}

describe('openStore', () => {
  test('sqlite (also when no engine is named) in the data folder, memory in memory', async () => {
    for (const engine of ['sqlite', undefined]) {
      const path = join(root, `data-${engine ?? 'default'}`);
      const store = await openStore({ engine, path }, { sqlite: { check: 'off' } });
      assert.ok(store instanceof SqliteStore);
      assert.ok(existsSync(join(path, 'pointyard.db')));
      await store.close();
    }
    const memory = await openStore({ engine: 'memory', path: join(root, 'unused') });
    assert.ok(memory instanceof MemoryStore);
    assert.equal(existsSync(join(root, 'unused')), false, 'memory writes nothing');
    await memory.close();
  });

  test('an unknown engine, an unreachable PostgreSQL, postgres without a URL, or sqlite without a folder: a StoreError that says why', async () => {
    await assert.rejects(
      openStore({ engine: 'mongo', path: root }),
      (err: unknown) =>
        err instanceof StoreError &&
        err.message === 'unknown store engine "mongo": the known engines are sqlite, memory, postgres',
    );
    await assert.rejects(
      openStore({ engine: 'postgres://pointyard:secret@127.0.0.1:1/pointyard' }),
      (err: unknown) =>
        err instanceof StoreError &&
        /^cannot reach the database postgres:\/\/pointyard:\*\*\*@127\.0\.0\.1:1\/pointyard: /.test(
          err.message,
        ) &&
        !err.message.includes('secret'),
    );
    await assert.rejects(openStore({ engine: 'postgres' }), /the postgres store engine needs a database URL/);
    await assert.rejects(openStore({ engine: 'redis://127.0.0.1' }), /unknown store engine "redis:\/\/"/);
    await assert.rejects(openStore({ engine: 'sqlite', path: null }), /needs a data folder/);
  });
});

describe('pointyard start with store.engine', () => {
  test('a database that cannot be reached, or a URL of no engine, is refused, exit 1, no database', () => {
    const data = join(root, 'refused');
    const start = (site: string) =>
      spawnSync(
        process.execPath,
        [
          'bin/pointyard.js',
          'start',
          '--site',
          site,
          '--data',
          data,
          '--no-http',
          '--no-modbus',
          '--no-bacnet',
          '--no-ocpp',
          '--no-mqtt',
          '--no-sia',
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, POINTYARD_ADMIN_PASSWORD: ADMIN_PASSWORD },
          timeout: 60_000,
        },
      );
    const postgres = start(siteFile('postgres', "{engine: 'postgres://pointyard:secret@127.0.0.1:1/site'}"));
    assert.equal(postgres.status, 1, postgres.stderr);
    assert.match(
      postgres.stderr,
      /^pointyard: cannot reach the database postgres:\/\/pointyard:\*\*\*@127\.0\.0\.1:1\/site: /m,
    );
    assert.doesNotMatch(postgres.stderr, /secret/, 'the URL (and its password) is not repeated');
    const redis = start(siteFile('redis', "{engine: 'redis://127.0.0.1'}"));
    assert.equal(redis.status, 1, redis.stderr);
    assert.match(
      redis.stderr,
      /^pointyard: unknown store engine "redis:\/\/": the known engines are sqlite, memory, postgres$/m,
    );
    assert.equal(existsSync(join(data, 'pointyard.db')), false);
  });

  test('an unknown name is an error of the site file, at its line', () => {
    const file = siteFile('unknown', '{engine: mongo}');
    const run = spawnSync(
      process.execPath,
      ['bin/pointyard.js', 'start', '--site', file, '--data', join(root, 'unknown')],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.notEqual(run.status, 0);
    assert.match(
      run.stderr,
      /unknown\.yaml:3: .*store\.engine 'mongo' is not a known engine \(expected sqlite, memory, postgres\)/,
    );
    assert.equal(existsSync(join(root, 'unknown', 'pointyard.db')), false);
  });

  test('the memory engine runs the site and writes no database', async () => {
    const data = join(root, 'memory');
    const server = await startPointyard(data, { site: siteFile('memory', '{engine: memory}') });
    try {
      const about = await fetch(new URL('about', server.url));
      assert.ok(about.status < 500, `about answered ${about.status}`);
    } finally {
      assert.equal(await server.stop(), 0);
    }
    assert.equal(existsSync(join(data, 'pointyard.db')), false);
  });
});
