// `pointyard user`: add, passwd, remove, list on a data folder (the built CLI, as a user runs it), and the
// hidden password prompt on a fake terminal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { deriveKeys } from '../../src/auth/scram.js';
import { type PasswordIo, promptHidden, readNewPassword } from '../../src/cli/read-password.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-user-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshData = () => join(root, `data-${++n}`);

/** Runs `pointyard user …` with `input` on stdin (not a terminal). */
const user = (input: string | null, ...args: string[]) =>
  spawnSync(process.execPath, ['bin/pointyard.js', 'user', ...args], {
    encoding: 'utf8',
    input: input ?? '',
  });

/** The stored user, read straight from the database. */
async function stored(data: string, name: string) {
  const store = new SqliteStore(data);
  try {
    return await store.getUser(name);
  } finally {
    await store.close();
  }
}

const matches = (u: Awaited<ReturnType<typeof stored>>, password: string) =>
  u !== null &&
  deriveKeys(password, Buffer.from(u.salt, 'base64'), u.iterations).storedKey.toString('base64') ===
    u.storedKey;

describe('pointyard user', () => {
  test('add, list, passwd, remove; the password is neither printed nor stored', async () => {
    const data = freshData();
    const added = user(
      's3cret-horse\n',
      'add',
      'alice',
      '--role',
      'operator',
      '--password-stdin',
      '--data',
      data,
    );
    assert.equal(added.status, 0, added.stderr);
    assert.equal(added.stdout, 'Added user alice (role operator).\n');
    assert.equal(
      user('viewer-pass\n', 'add', 'bob', '--data', data).status,
      0,
      'stdin is read when not a terminal',
    );

    const listed = user(null, 'list', '--data', data);
    assert.equal(listed.status, 0, listed.stderr);
    const lines = listed.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^NAME\s+ROLE\s+CREATED$/);
    assert.match(lines[1] ?? '', /^alice\s+operator\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(lines[2] ?? '', /^bob\s+viewer\s+/);

    const alice = await stored(data, 'alice');
    assert.ok(matches(alice, 's3cret-horse'), 'the stored keys are those of the password');
    assert.equal(alice?.iterations, 10_000);

    const changed = user('another-horse\n', 'passwd', 'alice', '--data', data);
    assert.equal(changed.status, 0, changed.stderr);
    const after = await stored(data, 'alice');
    assert.ok(matches(after, 'another-horse') && !matches(after, 's3cret-horse'));
    assert.deepEqual(
      [after?.role, after?.createdAt],
      [alice?.role, alice?.createdAt],
      'role and creation kept',
    );

    for (const out of [added.stdout, added.stderr, changed.stdout, changed.stderr, listed.stdout])
      assert.ok(!out.includes('horse'), 'no password in any output');
    const db = readFileSync(join(data, 'pointyard.db')).toString('latin1');
    const wal = readFileSync(join(data, 'pointyard.db-wal'), { flag: 'a+' }).toString('latin1');
    assert.ok(!db.includes('horse') && !wal.includes('horse'), 'no password in the database files');

    const removed = user(null, 'remove', 'bob', '--data', data);
    assert.equal(removed.stdout, 'Removed user bob; its open sessions end.\n');
    assert.equal(await stored(data, 'bob'), null);
  });

  test('refusals: short or empty password, existing or bad name, unknown user, last admin, no data', async () => {
    const data = freshData();
    const refused = (r: ReturnType<typeof user>, why: RegExp) => {
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, why);
    };
    refused(user('short\n', 'add', 'alice', '--data', data), /too short: use at least 8 characters/);
    refused(user('', 'add', 'alice', '--data', data), /no password on standard input/);
    refused(user('long-enough\n', 'add', 'al ice', '--data', data), /not a valid user name/);
    refused(
      user('long-enough\n', 'add', 'x', '--role', 'root', '--data', data),
      /Allowed choices are viewer, operator, admin/,
    );
    assert.equal(user('long-enough\n', 'add', 'root', '--role', 'admin', '--data', data).status, 0);
    refused(user('long-enough\n', 'add', 'root', '--data', data), /user root already exists/);
    refused(user('long-enough\n', 'passwd', 'ghost', '--data', data), /no user ghost/);
    refused(user(null, 'remove', 'ghost', '--data', data), /no user ghost/);
    refused(user(null, 'remove', 'root', '--data', data), /root is the last admin/);
    assert.equal(user('long-enough\n', 'add', 'root2', '--role', 'admin', '--data', data).status, 0);
    assert.equal(user(null, 'remove', 'root', '--data', data).status, 0, 'not the last admin any more');
    const missing = join(root, 'nowhere');
    for (const args of [['list'], ['remove', 'x'], ['passwd', 'x']])
      refused(
        user('long-enough\n', ...args, '--data', missing),
        /no Pointyard data in .*nowhere \(name the data folder with --data, or the database with --store\)/,
      );
  });

  test('an empty data folder lists no users, with a hint', () => {
    const data = freshData();
    assert.equal(user('long-enough\n', 'add', 'a', '--data', data).status, 0);
    assert.equal(user(null, 'remove', 'a', '--data', data).status, 0);
    assert.match(user(null, 'list', '--data', data).stdout, /^No users yet/);
  });
});

describe('the hidden password prompt', () => {
  /** A fake terminal: what the test types, what the prompt writes, whether raw mode is on. */
  function terminal() {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, raw: false });
    const setRawMode = (r: boolean) => {
      stdin.raw = r;
    };
    const io: PasswordIo = { stdin: Object.assign(stdin, { setRawMode }), stderr: new PassThrough() };
    let shown = '';
    io.stderr.on('data', (c) => {
      shown += String(c);
    });
    return { io, stdin, shown: () => shown };
  }

  test('reads without echo in raw mode; backspace and Ctrl+U edit; Enter ends', async () => {
    const t = terminal();
    const reading = promptHidden('Password: ', t.io);
    assert.equal(t.stdin.raw, true);
    t.stdin.write('abcx\u007fd');
    t.stdin.write('\u0015secret');
    t.stdin.write('\u001b[A');
    t.stdin.write('!\r');
    assert.equal(await reading, 'secret!');
    assert.equal(t.stdin.raw, false, 'raw mode is left');
    assert.equal(t.shown(), 'Password: \n', 'nothing typed is shown');
  });

  test('Ctrl+C gives up', async () => {
    const t = terminal();
    const reading = promptHidden('Password: ', t.io);
    t.stdin.write('abc\u0003');
    assert.equal(await reading, null);
  });

  test('at a terminal the password is asked twice and must match', async () => {
    const ok = terminal();
    const good = readNewPassword('alice', ok.io, false);
    ok.stdin.write('long-enough\r');
    await new Promise((r) => setImmediate(r));
    ok.stdin.write('long-enough\r');
    assert.deepEqual(await good, { ok: true, password: 'long-enough' });
    assert.equal(ok.shown(), 'New password for alice: \nType it again: \n');

    const differ = terminal();
    const bad = readNewPassword('alice', differ.io, false);
    differ.stdin.write('long-enough\r');
    await new Promise((r) => setImmediate(r));
    differ.stdin.write('long-enougH\r');
    assert.deepEqual(await bad, { ok: false, error: 'the two passwords differ; nothing changed' });

    const short = terminal();
    const tooShort = readNewPassword('alice', short.io, false);
    short.stdin.write('short\r');
    assert.deepEqual(await tooShort, {
      ok: false,
      error: 'the password is too short: use at least 8 characters',
    });
  });
});
