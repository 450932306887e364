// What the audit trail records besides changes, read back through the `audit` op: a timed override's
// duration, each refused write with its reason (refused by the write path or by pointWrite itself, nothing
// changed), and each alarm acknowledgement.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { HDict } from 'haystack-core';
import { errorOf, postGrid, withoutError } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());

const SETPOINT = '@lyon-confluence.dhw-tank.temperature-setpoint';
const post = (op: string, body: string, fetch = server.fetch) => postGrid(server.url, fetch, op, body);

/** The audit rows of `id`, newest first, as the tags a person reads. */
async function auditOf(id: string): Promise<Array<Record<string, string | undefined>>> {
  const grid = withoutError(await post('audit', `ver:"3.0"\nid,limit\n${id},20\n`));
  const text = (row: HDict, name: string) => row.get(name)?.toZinc();
  return grid.getRows().map((row) => ({
    who: row.get('who')?.toString(),
    action: row.get('action')?.toString(),
    level: text(row, 'level'),
    written: text(row, 'written'),
    duration: text(row, 'duration'),
    note: row.get('note')?.toString(),
  }));
}

const levelsOf = async () => (await post('pointWrite', `ver:"3.0"\nid\n${SETPOINT}\n`)).toZinc();

test('a timed override records its duration', async () => {
  const write = `ver:"3.0"\nid,level,val,duration\n${SETPOINT},8,62,30min\n`;
  assert.equal(errorOf(await post('pointWrite', write)), null);
  const [latest] = await auditOf(SETPOINT);
  assert.deepEqual(latest, {
    who: 'admin',
    action: 'write',
    level: '8',
    written: '62°C',
    duration: '30min',
    note: undefined,
  });
  assert.equal(errorOf(await post('pointWrite', `ver:"3.0"\nid,level,val\n${SETPOINT},8,N\n`)), null);
  assert.equal((await auditOf(SETPOINT))[0]?.duration, undefined, 'a relinquish has no duration');
});

test('refused writes are recorded with the reason, and change nothing', async () => {
  const levels = await levelsOf();
  const olivia = await server.login('olivia');
  for (const [body, fetch] of [
    [`ver:"3.0"\nid,level,val\n${SETPOINT},16,95\n`, server.fetch], // out of range (the write path)
    [`ver:"3.0"\nid,level,val\n${SETPOINT},16,60kW\n`, server.fetch], // the wrong unit (pointWrite)
    [`ver:"3.0"\nid,level,val,duration\n${SETPOINT},8,60,2kW\n`, server.fetch], // not a duration
    [`ver:"3.0"\nid,level,val,duration\n${SETPOINT},8,60,"30min"\n`, server.fetch], // a Str, not a Number
    [`ver:"3.0"\nid,level,val\n${SETPOINT},3,60\n`, olivia.fetch], // an operator at level 3 (the gate)
  ] as const)
    assert.ok(errorOf(await post('pointWrite', body, fetch)), body);
  assert.equal(await levelsOf(), levels, 'the priority array is unchanged');
  const refused = (await auditOf(SETPOINT)).slice(0, 5).reverse();
  assert.deepEqual(
    refused.map((r) => [r.who, r.action, r.level, r.written, r.duration]),
    [
      ['admin', 'refused', '16', '95°C', undefined],
      ['admin', 'refused', '16', '"60kW"', undefined],
      ['admin', 'refused', '8', '"60"', undefined],
      ['admin', 'refused', '8', '"60"', undefined],
      ['olivia', 'refused', '3', '"60"', undefined],
    ],
  );
  assert.match(refused[0]?.note ?? '', /^out-of-range: 95 °C is outside the allowed range/);
  assert.match(refused[1]?.note ?? '', /^bad-type: pointWrite: Temperature Setpoint takes a Number in °C/);
  assert.match(
    refused[2]?.note ?? '',
    /^bad-duration: pointWrite: duration must be a Number with a time unit .* not 2kW/,
  );
  assert.match(refused[3]?.note ?? '', /^bad-duration: .* not "30min"$/);
  assert.match(refused[4]?.note ?? '', /^forbidden: olivia \(operator\) may not write at level 3$/);
});

test('an alarm acknowledgement is recorded in the name of who acknowledged it', async () => {
  assert.equal(server.runtime.setFault('pir-1', 'tamper', true, 'test'), null);
  server.clock.advance(5000);
  await server.runtime.alarms.settled();
  const alarm = server.runtime.alarms.list().find((a) => a.key === 'pir-1.tamper-status');
  assert.ok(alarm, 'the tamper fault raised an alarm');
  const olivia = await server.login('olivia');
  assert.equal(errorOf(await post('alarmAck', `ver:"3.0"\nalarm\n${alarm.id}\n`, olivia.fetch)), null);
  const [ack] = await auditOf('@lyon-confluence.pir-1.tamper-status');
  assert.deepEqual(ack, {
    who: 'olivia',
    action: 'ack',
    level: undefined,
    written: undefined,
    duration: undefined,
    note: `alarm ${alarm.id} (alarm, raised by true)`,
  });
});
