// `pointyard start` refuses a site file whose `server.http` it cannot use, a misspelt key included.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const root = mkdtempSync(join(tmpdir(), 'pointyard-start-http-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a typo in server.http stops the start with the known keys, before anything listens', () => {
  const site = join(root, 'site.yaml');
  writeFileSync(
    site,
    [
      'site: {id: tiny, name: Tiny, tz: UTC}',
      'devices:',
      '  - {id: pir-1, profile: pir-detector}',
      'server:',
      '  http: {host: 127.0.0.1, port: 0, bodylimit: 2MB}',
      '  modbus: {enabled: false}',
      '',
    ].join('\n'),
  );
  const run = spawnSync(
    process.execPath,
    ['bin/pointyard.js', 'start', '--site', site, '--data', join(root, 'data')],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.notEqual(run.status, 0, run.stdout);
  assert.match(
    run.stderr,
    /server\.http\.bodylimit is not an HTTP setting \(did you mean bodyLimit\?\) \(known: host, port, bodyLimit, bodyTimeout, debug\)/,
  );
  assert.doesNotMatch(run.stdout, /Haystack API: http/);
});
