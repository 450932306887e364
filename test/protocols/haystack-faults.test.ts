// Pointyard's `faults` and `fault` ops: list faults by device, inject and clear one (admins only).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { callOp } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());

const call = (op: string, body: Parameters<typeof callOp>[3] = '', fetch = server.fetch) =>
  callOp(server.url, fetch, op, body);
/** A GET without parameters. */
const GET = { query: {} };

const pir = '@lyon-confluence.pir-1';

test('faults lists every modelled fault, by GET and for one equip', async () => {
  const all = await call('faults', GET);
  assert.ok(all.grid && all.grid.length > 0);
  const devices = new Set(all.grid.getRows().map((r) => String(r.get('device'))));
  for (const [id, runner] of server.runtime.runners)
    if (runner.behaviour.faults.length > 0) assert.ok(devices.has(id), `${id} listed`);
  const one = await call('faults', `ver:"3.0"\nid\n${pir}\n`);
  assert.deepEqual(
    one.grid?.getRows().map((r) => String(r.get('fault'))),
    [...(server.runtime.runners.get('pir-1')?.behaviour.faults ?? [])],
  );
  assert.match((await call('faults', 'ver:"3.0"\ndevice\n"nope"\n')).error ?? '', /no device nope/);
});

test('fault injects and clears through the runtime; bad names are error grids', async () => {
  const runner = server.runtime.runners.get('pir-1');
  const fault = runner?.behaviour.faults[0] as string;
  const on = await call('fault', `ver:"3.0"\nid,fault\n${pir},"${fault}"\n`);
  assert.equal(on.error, null);
  assert.equal(on.grid?.getRows()[0]?.get('active')?.toString(), 'true');
  assert.ok(runner?.faults.has(fault));
  const off = await call('fault', `ver:"3.0"\ndevice,fault,clear\n"pir-1","${fault}",T\n`);
  assert.equal(off.grid?.getRows()[0]?.get('active')?.toString(), 'false');
  assert.ok(!runner?.faults.has(fault));
  assert.match(
    (await call('fault', `ver:"3.0"\nid,fault\n${pir},"meltdown"\n`)).error ?? '',
    /pir-1 has no fault 'meltdown'/,
  );
  assert.match((await call('fault', 'ver:"3.0"\nid\n@x\n')).error ?? '', /name the fault/);
  assert.equal((await call('fault', GET)).status, 405);
});

test('operators and viewers may list faults but not inject them', async () => {
  const fault = server.runtime.runners.get('pir-1')?.behaviour.faults[0] as string;
  for (const user of ['olivia', 'victor']) {
    const { fetch } = await server.login(user);
    assert.equal((await call('faults', GET, fetch)).status, 200);
    const denied = await call('fault', `ver:"3.0"\nid,fault\n${pir},"${fault}"\n`, fetch);
    assert.equal(denied.status, 200);
    assert.match(denied.error ?? '', /may not fault/);
  }
  assert.ok(!server.runtime.runners.get('pir-1')?.faults.has(fault));
});
