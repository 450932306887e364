// The fake-salt secret of a data folder: made once, the same at every load, a damaged file said so.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FAKE_SALT_SECRET_FILE, loadFakeSaltSecret } from './fake-salt-secret.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-secret-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('made on first load, then read back the same; no temporary file is left', () => {
  const dir = mkdtempSync(join(root, 'a-'));
  const made = loadFakeSaltSecret(dir);
  assert.equal(made.length, 32);
  assert.deepEqual(loadFakeSaltSecret(dir), made);
  assert.deepEqual(readdirSync(dir), [FAKE_SALT_SECRET_FILE]);
  assert.notDeepEqual(loadFakeSaltSecret(mkdtempSync(join(root, 'b-'))), made);
});

test('a damaged file is an error that says what to do, and is left as it is', () => {
  const dir = mkdtempSync(join(root, 'c-'));
  writeFileSync(join(dir, FAKE_SALT_SECRET_FILE), 'short');
  assert.throws(() => loadFakeSaltSecret(dir), /damaged \(5 bytes, not 32\): remove it/);
});
