// The Security Alert from end to end in a real `pointyard start`: failed logins over HTTP are audited (the
// `audit` op shows the name tried and the address), the fifth is a security incident that turns the parking
// server's Security Alert TRUE and raises an alarm; acknowledging that alarm with `alarmAck` is what turns the
// point FALSE again. (That it stays TRUE however long nobody acknowledges it is shown in virtual time in
// test/behaviours/parking-server.test.ts.) Waits are bounded polls of the real server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HBool, type HNum, type HRef, type HStr } from 'haystack-core';
import { callOp } from '../support/haystack-call.js';
import { haystackLogin, ScramLoginError, scramLogin } from '../support/haystack-scram-client.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-security-alert-'));
let server: RunningPointyard;
let admin: typeof fetch;
before(async () => {
  // 60×: the parking server steps every half second of real time.
  server = await startPointyard(join(root, 'data'), { args: ['--no-modbus', '--speed', '60'] });
  admin = (await haystackLogin(server.url, 'admin', ADMIN_PASSWORD)).fetch;
});
after(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

const ALERT = 'lyon-confluence.parking-server.security-alert';
const call = (op: string, body: Parameters<typeof callOp>[3]) => callOp(server.url, admin, op, body);

async function alertValue(): Promise<boolean | null> {
  const { grid, error } = await call('read', `ver:"3.0"\nid\n@${ALERT}\n`);
  assert.equal(error, null);
  const value = grid.getRows()[0]?.get('curVal');
  return value instanceof HBool ? value.value : null;
}

/** Polls `condition` every 50 ms, at most 400 times (20 s): fails with `what` if it never holds. */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`never: ${what}`);
}

test('failed logins: audited, then a Security Alert that only alarmAck clears', async () => {
  await until(async () => (await alertValue()) === false, 'the Security Alert starts FALSE');
  for (let i = 0; i < 5; i++)
    await assert.rejects(
      scramLogin(`${server.url}about`, 'mallory', 'not-a-password'),
      (err) => err instanceof ScramLoginError && err.status === 403,
    );

  const audit = await call('audit', `ver:"3.0"\nwho\n"mallory"\n`);
  assert.equal(audit.error, null);
  const rows = audit.grid.getRows();
  assert.equal(rows.length, 5);
  for (const row of rows) {
    assert.equal(row.get<HStr>('action')?.value, 'login-failed');
    assert.equal(row.get<HStr>('remote')?.value, '127.0.0.1');
  }

  await until(async () => (await alertValue()) === true, 'the fifth failure turns the Security Alert on');
  let alarmId = 0;
  await until(async () => {
    const { grid } = await call('alarms', { query: {} });
    const row = grid.getRows().find((r) => r.get<HRef>('point')?.value === ALERT);
    alarmId = row?.get<HNum>('alarm')?.value ?? 0;
    return alarmId > 0;
  }, 'an alarm on the Security Alert');
  assert.equal(await alertValue(), true, 'still on: nothing but an acknowledgement clears it');

  const ack = await call('alarmAck', `ver:"3.0"\nalarm\n${alarmId}\n`);
  assert.equal(ack.error, null);
  await until(async () => (await alertValue()) === false, 'acknowledged: the Security Alert is off');
});
