// Roles over the Haystack API: which point needs which role is the point's own data, enforced by the write
// path, so invokeAction and a pointWrite of the action word answer alike: an error grid marked `forbidden`
// (HTTP 200, as every refusal after the login) and nothing changed.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { callOp } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());

const SITE = 'lyon-confluence';
const BACKUP = 'parking-server.database-backup';
const REPORT = 'parking-server.report-generation';
const RESET = 'rainwater-tank.reset-min-max';
const SETPOINT = 'dhw-tank.temperature-setpoint';

const invoke = (key: string, word: string) => `ver:"3.0" id:@${SITE}.${key} action:"${word}"\nempty\n`;
const pointWrite = (key: string, word: string, level = 16) =>
  `ver:"3.0"\nid,level,val\n@${SITE}.${key},${level},${word}\n`;

/** The audit records of `key` and the events its device reported about it since `from`. */
async function traces(key: string, from: number) {
  const { store } = server.runtime.options;
  const [device, point] = key.split('.');
  const audit = await store.queryAudit({ key });
  await server.runtime.persist();
  const events = (await store.queryEvents({})).filter(
    (e) => e.device === device && e.point === point && e.ts >= from,
  );
  return { audit, events };
}

/** Lets the devices step (the parking server steps every 30 s), so that an action that ran shows. */
const step = () => server.clock.advance(60_000);

test('an operator is refused Database Backup and Report Generation on invokeAction and on pointWrite: a forbidden error grid, audited as refused, nothing run', async () => {
  const olivia = await server.login('olivia');
  const from = server.clock.now();
  for (const [op, body] of [
    ['invokeAction', invoke(BACKUP, 'BACKUP')],
    ['invokeAction', invoke(REPORT, 'GENERATE')],
    ['pointWrite', pointWrite(BACKUP, '"BACKUP"')],
    ['pointWrite', pointWrite(REPORT, '"GENERATE"')],
    ['pointWrite', pointWrite(BACKUP, 'T', 8)],
  ] as const) {
    const answer = await callOp(server.url, olivia.fetch, op, body);
    assert.equal(answer.status, 200, `${op}: ${answer.text}`);
    assert.ok(answer.grid.meta.has('forbidden'), `${op}: ${answer.text}`);
    assert.match(
      answer.error ?? '',
      /^olivia \(operator\): .+ is an admin's command: an operator may not run it$/,
    );
  }
  step();
  for (const [key, tries] of [
    [BACKUP, 3],
    [REPORT, 2],
  ] as const) {
    const { audit, events } = await traces(key, from);
    assert.deepEqual(
      audit.map((a) => [a.who, a.action]),
      Array(tries).fill(['olivia', 'refused']),
    );
    assert.deepEqual(events, []);
  }
  assert.equal(
    server.runtime.points.value(server.runtime.points.indexOf('parking-server.backup-status') as number),
    'OK',
  );
});

test('an admin runs them, on both ops; an operator still runs the other actions and writes at 8–16', async () => {
  const from = server.clock.now();
  for (const [op, body] of [
    ['invokeAction', invoke(BACKUP, 'BACKUP')],
    ['pointWrite', pointWrite(REPORT, '"GENERATE"')],
  ] as const) {
    const answer = await callOp(server.url, server.fetch, op, body);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.error, null, `${op}: ${answer.error}`);
  }
  step();
  for (const key of [BACKUP, REPORT]) {
    const { audit, events } = await traces(key, from);
    assert.deepEqual(
      audit.filter((a) => a.action !== 'refused').map((a) => [a.who, a.action]),
      [['admin', 'run']],
    );
    assert.ok(events.length > 0, `${key} ran`);
  }

  const olivia = await server.login('olivia');
  for (const [op, body] of [
    ['invokeAction', invoke(RESET, 'RESET')],
    ['pointWrite', pointWrite(SETPOINT, '60°C', 8)],
  ] as const) {
    const answer = await callOp(server.url, olivia.fetch, op, body);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.error, null, `${op}: ${answer.error}`);
  }
  assert.deepEqual(
    (await server.runtime.options.store.queryAudit({ key: RESET })).map((a) => [a.who, a.action]),
    [['olivia', 'run']],
  );
});

test('a viewer writes nothing: every write op and action is a forbidden error grid, audited as refused', async () => {
  const victor = await server.login('victor');
  const { store } = server.runtime.options;
  const before = (await store.queryAudit({})).length;
  for (const [op, body] of [
    ['invokeAction', invoke(RESET, 'RESET')],
    ['invokeAction', invoke(BACKUP, 'BACKUP')],
    ['pointWrite', pointWrite(RESET, '"RESET"')],
    ['pointWrite', pointWrite(SETPOINT, '55°C')],
    ['pointWrite', pointWrite(SETPOINT, 'N')],
  ] as const) {
    const answer = await callOp(server.url, victor.fetch, op, body);
    assert.equal(answer.status, 200, `${op}: ${answer.text}`);
    assert.ok(answer.grid.meta.has('forbidden'), `${op}: ${answer.text}`);
  }
  const all = await store.queryAudit({}); // newest first: what this test added comes first
  const added = all.slice(0, all.length - before);
  assert.deepEqual(
    added.map((a) => [a.who, a.action]),
    Array(5).fill(['victor', 'refused']),
  );
});
