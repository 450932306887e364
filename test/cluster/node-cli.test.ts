// `pointyard start --node <name>`: a node of a cluster needs a PostgreSQL store shared by every node; with
// another store it is refused with a clear message and exit code 2, before anything starts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const root = mkdtempSync(join(tmpdir(), 'pointyard-node-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

const start = (args: string[]) =>
  spawnSync(process.execPath, ['bin/pointyard.js', 'start', '--site', 'demo', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('pointyard start --node', () => {
  test('refused without a PostgreSQL store (exit 2), nothing started', () => {
    const data = join(root, 'sqlite');
    for (const store of [[], ['--store', 'memory']]) {
      const run = start(['--data', data, '--node', 'n1', ...store]);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /--node n1: a node of a cluster needs a PostgreSQL store/);
      assert.equal(existsSync(join(data, 'pointyard.db')), false);
    }
  });

  test('a name that cannot be a node’s is refused', () => {
    const run = start(['--node', 'a b', '--store', 'postgres://127.0.0.1:1/x']);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /--node <name>.*expected 1 to 64 letters/);
  });
});
