// Pointyard's `files` op and its download route: reports for everyone logged in, backups for admins only,
// files streamed as attachments, and no name that leads anywhere else.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { HDateTime, HNum, HStr, HUri } from 'haystack-core';
import { callOp } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-files-'));
const data = join(root, 'data');
const STAMP = '2026-01-05T10-30-00Z';
const CSV = 'date,occupancy\n2026-01-04,0.52\n';
const SECRET = 'not for download';
mkdirSync(join(data, 'reports'), { recursive: true });
mkdirSync(join(data, 'backups', STAMP), { recursive: true });
writeFileSync(join(data, 'reports', 'report-2026-01-04.csv'), CSV);
writeFileSync(join(data, 'reports', 'report-2026-01-04.html'), '<html></html>');
writeFileSync(join(data, 'reports', 'report-2026-01-05.csv.tmp'), 'half written');
writeFileSync(join(data, 'reports', '.hidden'), SECRET);
writeFileSync(join(data, 'backups', STAMP, 'pointyard.db'), 'SQLite format 3\0 state');
writeFileSync(join(data, 'backups', STAMP, 'history.db'), 'SQLite format 3\0 history');
writeFileSync(join(data, 'pointyard.db'), SECRET);
writeFileSync(join(root, 'secret.txt'), SECRET);
symlinkSync(join(root, 'secret.txt'), join(data, 'reports', 'link.csv'));
symlinkSync(root, join(data, 'backups', '2026-01-06T00-00-00Z'));
// The older report first, so that newest-first is visible.
utimesSync(
  join(data, 'reports', 'report-2026-01-04.html'),
  new Date('2026-01-04T23:00:00Z'),
  new Date('2026-01-04T23:00:00Z'),
);
utimesSync(
  join(data, 'reports', 'report-2026-01-04.csv'),
  new Date('2026-01-05T00:00:00Z'),
  new Date('2026-01-05T00:00:00Z'),
);

const server = await demoHaystack({ dataDir: data });
const bare = await demoHaystack();
after(async () => {
  await server.close();
  await bare.close();
  rmSync(root, { recursive: true, force: true });
});
const call = (op: string, body: Parameters<typeof callOp>[3] = '', fetch = server.fetch) =>
  callOp(server.url, fetch, op, body);
const origin = server.origin;

/** A GET with the path exactly as given (fetch would resolve `..` first). */
function raw(path: string, token: string) {
  const { hostname, port } = new URL(origin);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: hostname, port, path, headers: { authorization: `BEARER authToken=${token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the files op', () => {
  test('admins see reports and backups, newest first, with size, time and download URI', async () => {
    const { grid, error } = await call('files', { query: {} });
    assert.equal(error, null);
    assert.deepEqual(grid.getColumnNames(), ['kind', 'name', 'size', 'mtime', 'uri']);
    const rows = grid.getRows().map((r) => [r.get<HStr>('kind')?.value, r.get<HStr>('name')?.value]);
    assert.deepEqual(rows.slice(-2), [
      ['report', 'report-2026-01-04.csv'],
      ['report', 'report-2026-01-04.html'],
    ]);
    assert.deepEqual(rows.slice(0, 2).sort(), [
      ['backup', `${STAMP}/history.db`],
      ['backup', `${STAMP}/pointyard.db`],
    ]);
    const csv = grid.getRows().find((r) => r.get<HStr>('name')?.value === 'report-2026-01-04.csv');
    assert.equal(csv?.get<HNum>('size')?.value, CSV.length);
    assert.equal(csv?.get<HNum>('size')?.unit?.symbol, 'byte');
    assert.equal(csv?.get<HDateTime>('mtime')?.date.toISOString(), '2026-01-05T00:00:00.000Z');
    assert.equal(csv?.get<HUri>('uri')?.value, '/api/file/report/report-2026-01-04.csv');
    const db = grid.getRows().find((r) => r.get<HStr>('name')?.value === `${STAMP}/pointyard.db`);
    assert.equal(db?.get<HUri>('uri')?.value, `/api/file/backup/${STAMP}/pointyard.db`);
  });

  test('others see reports only; asking for backups is an error grid', async () => {
    for (const user of ['olivia', 'victor']) {
      const { fetch } = await server.login(user);
      const { grid } = await call('files', { query: {} }, fetch);
      assert.deepEqual(
        grid.getRows().map((r) => r.get<HStr>('kind')?.value),
        ['report', 'report'],
      );
      assert.match(
        (await call('files', { query: { kind: 'backup' } }, fetch)).error ?? '',
        /may not list backups/,
      );
    }
    assert.equal((await call('files', { query: { kind: 'backup' } })).grid.length, 2);
    assert.match(
      (await call('files', { query: { kind: 'logs' } })).error ?? '',
      /kind must be one of report, backup/,
    );
  });

  test('a server without a data folder says so', async () => {
    assert.match((await callOp(bare.url, bare.fetch, 'files', { query: {} })).error ?? '', /no data folder/);
    assert.equal((await bare.fetch(`${bare.origin}/api/file/report/report-2026-01-04.csv`)).status, 404);
  });
});

describe('downloads', () => {
  test('a report streams as an attachment of its type, to any logged-in user', async () => {
    const { fetch } = await server.login('victor');
    const response = await fetch(`${origin}/api/file/report/report-2026-01-04.csv`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), CSV);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="report-2026-01-04.csv"');
    assert.equal(response.headers.get('content-length'), String(CSV.length));
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });

  test('backups are for admins only', async () => {
    const path = `${origin}/api/file/backup/${STAMP}/pointyard.db`;
    for (const user of ['olivia', 'victor']) {
      const { fetch } = await server.login(user);
      const denied = await fetch(path);
      assert.equal(denied.status, 403);
      assert.match(
        await denied.text(),
        new RegExp(`${user} \\((operator|viewer)\\) may not download backups`),
      );
    }
    const response = await server.fetch(path);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'SQLite format 3\0 state');
    assert.equal(response.headers.get('content-type'), 'application/vnd.sqlite3');
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="${STAMP}-pointyard.db"`);
  });

  test('a download needs a login', async () => {
    const response = await fetch(`${origin}/api/file/report/report-2026-01-04.csv`);
    assert.equal(response.status, 401);
    assert.equal(await response.text(), '');
    const bad = await fetch(`${origin}/api/file/report/report-2026-01-04.csv`, {
      headers: { authorization: 'BEARER authToken=nope' },
    });
    assert.equal(bad.status, 403);
  });

  test('no name leads out of the reports and backups folders', async () => {
    const { token } = await server.login('admin');
    for (const path of [
      '/api/file/report/../pointyard.db',
      '/api/file/report/..%2fpointyard.db',
      '/api/file/report/%2e%2e%2fpointyard.db',
      '/api/file/report/..%2f..%2fsecret.txt',
      '/api/file/backup/..%2fdata/pointyard.db',
      '/api/file/backup/../../secret.txt',
      '/api/file/backup/2026-01-06T00-00-00Z/secret.txt',
      '/api/file/report/link.csv',
      '/api/file/report/.hidden',
      '/api/file/report/report-2026-01-05.csv.tmp',
      '/api/file/report/%00report-2026-01-04.csv',
      `/api/file/backup/${STAMP}`,
      '/api/file/backup/pointyard.db',
      '/api/file/data/pointyard.db',
      '/api/file/report/',
    ]) {
      const answer = await raw(path, token);
      assert.ok(answer.status === 404 || answer.status === 400, `${path}: ${answer.status}`);
      assert.ok(!answer.body.includes(SECRET) && !answer.body.includes('SQLite'), path);
    }
  });

  test('the file route leaves the ops alone', async () => {
    assert.equal((await server.fetch(`${origin}/api/file/about`)).status, 200);
    assert.equal((await server.fetch(`${origin}/api/file/files`)).status, 200);
  });
});
