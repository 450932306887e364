// `pointyard simulate` through the real bin: files, summary, determinism, filters, errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sim-'));
after(() => rmSync(root, { recursive: true, force: true }));

function simulate(name: string, ...args: string[]) {
  const out = join(root, name);
  const run = spawnSync(
    process.execPath,
    [
      'bin/pointyard.js',
      'simulate',
      '--site',
      'demo',
      '--start',
      '2026-01-05T00:00:00Z',
      '--out',
      out,
      ...args,
    ],
    { encoding: 'utf8' },
  );
  return { out, code: run.status, stderr: run.stderr };
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('pointyard simulate', () => {
  const a = simulate('a', '--duration', '2h', '--seed', '42');
  const b = simulate('b', '--duration', '2h', '--seed', '42');
  const c = simulate('c', '--duration', '2h', '--seed', '43');

  test('writes history.csv, events.csv and summary.json', () => {
    assert.equal(a.code, 0, a.stderr);
    const lines = readFileSync(join(a.out, 'history.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], 'ts,device,point,value');
    assert.match(lines[1] ?? '', /^2026-01-05T00:00:00\.000Z,[a-z0-9-]+,[a-z0-9-]+,\S+$/);
    assert.equal(
      readFileSync(join(a.out, 'events.csv'), 'utf8').split('\n')[0],
      'ts,device,point,kind,message',
    );
    const summary = JSON.parse(readFileSync(join(a.out, 'summary.json'), 'utf8'));
    assert.equal(summary.samples, lines.length - 1);
    assert.equal(summary.simulatedSeconds, 7200);
    assert.equal(summary.start, '2026-01-05T00:00:00.000Z');
    assert.equal(summary.end, '2026-01-05T02:00:00.000Z');
    assert.ok(summary.points > 200 && summary.devices >= 14);
    assert.ok(summary.wallSeconds > 0 && summary.samplesPerSecond > 0);
    const last = lines.at(-1)?.split(',')[0] ?? '';
    assert.ok(last <= '2026-01-05T02:00:00.000Z');
    assert.match(a.stderr, /simulated 2 h of/);
  });

  test('the same seed gives byte-identical history; another seed does not', () => {
    assert.equal(sha(join(a.out, 'history.csv')), sha(join(b.out, 'history.csv')));
    assert.equal(sha(join(a.out, 'events.csv')), sha(join(b.out, 'events.csv')));
    assert.notEqual(sha(join(a.out, 'history.csv')), sha(join(c.out, 'history.csv')));
  });

  test('values are written as words and plain numbers', () => {
    const text = readFileSync(join(a.out, 'history.csv'), 'utf8');
    assert.match(text, /,charger-status,AVAILABLE\n/);
    assert.match(text, /,system-enable,true\n/);
    assert.match(text, /,active-power,\d+(\.\d+)?\n/);
  });

  test('filters choose what is written, never what is simulated', () => {
    const f = simulate(
      'f',
      '--duration',
      '2h',
      '--seed',
      '42',
      '--devices',
      'pir-*',
      '--points',
      'signal-level,detection-count',
    );
    assert.equal(f.code, 0, f.stderr);
    const full = new Set(readFileSync(join(a.out, 'history.csv'), 'utf8').split('\n'));
    const part = readFileSync(join(f.out, 'history.csv'), 'utf8').trimEnd().split('\n').slice(1);
    assert.ok(part.length > 1000);
    for (const line of part) {
      assert.match(line, /^[^,]+,pir-\d+,(signal-level|detection-count),/);
      assert.ok(full.has(line), `not in the full data set: ${line}`);
    }
  });

  test('--gzip compresses both CSV files', () => {
    const g = simulate('g', '--duration', '30min', '--seed', '42', '--gzip');
    assert.equal(g.code, 0, g.stderr);
    const text = gunzipSync(readFileSync(join(g.out, 'history.csv.gz'))).toString('utf8');
    assert.equal(text.split('\n')[0], 'ts,device,point,value');
    assert.ok(readFileSync(join(g.out, 'events.csv.gz')).length > 0);
  });

  test('--plot draws one SVG per device type with a panel per fed point', () => {
    const p = simulate('p', '--duration', '1h', '--seed', '42', '--plot', '--points', 'none');
    assert.equal(p.code, 0, p.stderr);
    const summary = JSON.parse(readFileSync(join(p.out, 'summary.json'), 'utf8'));
    const plots = (summary.files as string[]).filter((f) => f.startsWith('plots/')).sort();
    assert.deepEqual(plots, [
      'plots/dhw-tank.svg',
      'plots/ev-charger-level-2.svg',
      'plots/level-sensor.svg',
      'plots/parking-management-server.svg',
      'plots/pir-detector.svg',
    ]);
    const svg = readFileSync(join(p.out, 'plots/ev-charger-level-2.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<\/svg>\n$/);
    for (const name of ['Active Power (kW)', 'Charger Status', 'Ground Fault'])
      assert.ok(svg.includes(`>${name}<`), name);
    assert.equal(
      (svg.match(/<path /g) ?? []).length,
      16,
      'one trace per sensor and status point but the text one (Fault Code)',
    );
  });

  test('bad arguments are usage errors', () => {
    const bad = simulate('bad', '--duration', 'forever');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /expected a duration/);
    const noSite = spawnSync(
      process.execPath,
      ['bin/pointyard.js', 'simulate', '--site', 'nowhere', '--out', join(root, 'x')],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(noSite.status, 2);
    assert.match(
      noSite.stderr,
      /'nowhere' is neither a site file nor a built-in site \(built-in: demo, demo-gateway, demo-ocpp-chargers\)/,
    );
    const gateway = spawnSync(
      process.execPath,
      ['bin/pointyard.js', 'simulate', '--site', 'demo-gateway', '--out', join(root, 'gw')],
      { encoding: 'utf8' },
    );
    assert.equal(gateway.status, 1);
    assert.match(
      gateway.stderr,
      /^pointyard: simulate runs simulated devices only; parking-server, ev-charger-1, .* read a real device/,
    );
  });
});
