// The file the receiver keeps its reports in until the store does: each report is a JSON line on disk when
// `record` resolves; a repeat within the duplicates' window is not written again, also after the file is
// opened anew (a restart); a line torn by a crash mid-write is skipped and the next report starts a line.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileReportSink } from '../../src/protocols/sia/receiver/file-report-sink.js';
import type { AlarmReport } from '../../src/protocols/sia/receiver/report-sink.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-file-sink-'));
after(() => rmSync(root, { recursive: true, force: true }));
const AT = new Date('2026-03-01T12:00:00Z');

function report(overrides: Partial<AlarmReport> = {}): AlarmReport {
  return {
    account: '1234',
    code: 'BA',
    meaning: 'Burglary alarm',
    zone: '01',
    area: '1',
    time: AT,
    line: '0',
    sequence: 1,
    index: 0,
    token: 'SIA-DCS',
    encrypted: false,
    receivedAt: AT,
    transport: 'tcp',
    remote: '127.0.0.1:40000',
    ...overrides,
  };
}

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

test('a report is on disk when record resolves; a repeat is a duplicate, also after a reopen', async () => {
  const path = join(root, 'reports.jsonl');
  const sink = await FileReportSink.open(path);
  assert.equal(await sink.record(report()), 'recorded');
  assert.equal(lines(path).length, 1);
  assert.equal(JSON.parse(lines(path)[0] as string).code, 'BA');
  assert.equal(await sink.record(report()), 'duplicate');
  assert.equal(await sink.record(report({ sequence: 2 })), 'recorded');
  await sink.close();

  const again = await FileReportSink.open(path);
  assert.equal(await again.record(report({ receivedAt: new Date(AT.getTime() + 60_000) })), 'duplicate');
  assert.equal(
    await again.record(report({ receivedAt: new Date(AT.getTime() + 12 * 60_000) })),
    'recorded',
    'the same key over 10 minutes after it was last seen is a new event (sequence numbers wrap)',
  );
  await again.close();
  assert.equal(lines(path).length, 3);
});

test('a line torn by a crash is skipped; the next report starts a line of its own', async () => {
  const path = join(root, 'torn.jsonl');
  const sink = await FileReportSink.open(path);
  await sink.record(report());
  await sink.close();
  appendFileSync(path, '{"account":"1234","co');
  const reopened = await FileReportSink.open(path);
  assert.equal(await reopened.record(report()), 'duplicate', 'the whole line before the torn one is read');
  assert.equal(await reopened.record(report({ sequence: 9 })), 'recorded');
  await reopened.close();
  const all = lines(path);
  assert.equal(all.length, 3);
  assert.equal(JSON.parse(all[2] as string).sequence, 9);
});
