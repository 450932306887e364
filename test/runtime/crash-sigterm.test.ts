// The crash suite's SIGTERM section: `pointyard start` stopped by SIGTERM (and SIGINT) while a Modbus master
// and a Haystack client write as fast as they are answered, an HTTP request hangs half sent on a keep-alive
// connection, and a second `start` on the same data folder races the stop. The first stops with exit code 0,
// refuses writes with each protocol's error once stopping, holds the data folder until it has closed its
// store (the second start is refused, or starts only after the first has exited), and every acknowledged
// write is in the store.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';
import {
  HTTP_LEVEL,
  HTTP_POINT,
  halfSentRequest,
  type LoopReport,
  MODBUS_LEVEL,
  MODBUS_POINT,
  startWriteLoad,
  writtenValue,
} from '../support/write-load.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sigterm-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Longer than any stop may take (the documented bound is 10 s): past it the test kills and fails. */
const CAP_MS = 30_000;

/** A second `pointyard start` on `data`; `events` gets 'second started' when it printed its banner. */
function secondStart(data: string, events: string[]) {
  const child = spawn(
    process.execPath,
    [
      'bin/pointyard.js',
      'start',
      '--site',
      'demo',
      '--data',
      data,
      '--http-port',
      '0',
      '--modbus-port',
      '0',
      '--bacnet-port',
      '0',
      '--ocpp-port',
      '0',
      '--mqtt-port',
      '0',
      '--sia-port',
      '0',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, POINTYARD_ADMIN_PASSWORD: ADMIN_PASSWORD },
    },
  );
  const guard = setTimeout(() => child.kill('SIGKILL'), 2 * CAP_MS);
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines = (async () => {
    for await (const line of createInterface({ input: child.stderr })) {
      stderr += `${line}\n`;
      if (line.startsWith('Ctrl+C stops it')) {
        events.push('second started');
        child.kill('SIGTERM'); // it had the folder to itself: it may stop now
      }
    }
  })();
  return {
    /** Its exit code and what it printed. */
    async finish(): Promise<{ code: number | null; stderr: string }> {
      const code = await exited;
      await lines;
      clearTimeout(guard);
      return { code, stderr };
    },
  };
}

/** The refusals a loop saw, other than the ones its protocol uses for a server that is stopping. */
function unexpectedRefusals(report: LoopReport, expected: RegExp): string[] {
  return [...report.refusals.keys()].filter((why) => !expected.test(why));
}

/** The stored value of `level` may be the last acknowledged write's, or the next one (committed, not acked). */
function assertStored(
  values: ReadonlyArray<unknown> | undefined,
  level: number,
  report: LoopReport,
  what: string,
) {
  assert.ok(values, `${what} has a stored priority array`);
  const stored = values[level - 1];
  const allowed = [writtenValue(report.acked - 1), writtenValue(report.acked)];
  assert.ok(
    allowed.includes(stored as number),
    `${what} level ${level}: stored ${stored}, acknowledged up to ${allowed[0]}`,
  );
}

describe('crash: stopped by a signal under write load', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal}: stops in order, refuses writes while stopping, a racing start waits, no acknowledged write is lost`, async () => {
      const data = join(root, signal);
      const first = await startPointyard(data);
      const load = startWriteLoad(first);
      try {
        await load.halfSentInProgress;
        await load.acked(20);
      } catch (err) {
        load.close();
        await first.stop();
        throw err;
      }
      const events: string[] = [];
      const cap = setTimeout(() => process.kill(first.pid, 'SIGKILL'), CAP_MS);
      const firstExit = first.stop(signal).then((code) => {
        events.push('first exited');
        return code;
      });
      const second = secondStart(data, events);
      const code = await firstExit;
      clearTimeout(cap);
      await load.done; // both loops end once the server has closed their connections
      await load.halfSentClosed;
      const { code: secondCode, stderr: secondStderr } = await second.finish();

      assert.equal(code, 0, `the first stopped cleanly (exit code ${code}) in less than ${CAP_MS} ms`);
      const startedAt = events.indexOf('second started');
      assert.ok(
        startedAt === -1 || startedAt > events.indexOf('first exited'),
        `the second start ran while the first held the folder: ${events.join(', ')}`,
      );
      if (startedAt === -1) {
        assert.equal(secondCode, 1, secondStderr);
        assert.match(secondStderr, /another Pointyard is already running on /);
      }
      assert.deepEqual(unexpectedRefusals(load.modbus, /^exception 6$/), [], 'Modbus: exception 06 only');
      assert.deepEqual(
        unexpectedRefusals(load.http, /^503$|stopping/),
        [],
        'HTTP: 503 or a "stopping" error grid only',
      );

      const store = new SqliteStore(data);
      try {
        const arrays = await store.loadPriorities();
        assertStored(arrays.get(MODBUS_POINT)?.values, MODBUS_LEVEL, load.modbus, 'Modbus');
        assertStored(arrays.get(HTTP_POINT)?.values, HTTP_LEVEL, load.http, 'HTTP');
      } finally {
        await store.close();
      }
    });
  }

  test('a second signal while stopping exits at once with exit code 1', async () => {
    // A long grace, so that on a loaded machine the second signal surely comes while the first stop waits.
    const run = await startPointyard(join(root, 'twice'), { args: ['--stop-grace', '8s'] });
    const half = halfSentRequest(run); // holds the stop in its grace
    await half.inProgress;
    const url = new URL(run.url);
    const listening = () =>
      new Promise<boolean>((resolve) => {
        const probe = connect(Number(url.port), url.hostname);
        probe.once('connect', () => {
          probe.destroy();
          resolve(true);
        });
        probe.once('error', () => resolve(false));
      });
    const cap = setTimeout(() => process.kill(run.pid, 'SIGKILL'), CAP_MS);
    process.kill(run.pid, 'SIGTERM');
    // A bounded poll until the first signal is being handled: the HTTP port stops listening.
    for (let i = 0; i < 1000 && (await listening()); i++) await new Promise((r) => setTimeout(r, 5));
    const code = await run.stop('SIGTERM');
    clearTimeout(cap);
    await half.closed;
    assert.equal(code, 1, `exit code ${code}`);
  });
});
