// Roles over Modbus TCP, which has no login: every master writes with the role of `server.modbus.role`
// (default operator), and the write path refuses what that role may not write, as for any other interface.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModbusTcpClient } from '../../src/protocols/modbus/client.js';
import { EXCEPTION } from '../../src/protocols/modbus/constants.js';
import { modbusAddressOf } from '../../src/protocols/modbus/modbus-address.js';
import type { Request } from '../../src/protocols/modbus/requests.js';
import type { Site } from '../../src/site/model.js';
import { type DemoModbus, demoModbus } from '../support/modbus-server.js';

// The parking server is unit 1: Database Backup is holding register 40517, Report Generation 40518.
const SERVER = 1;
const BACKUP = 516;
const REPORT = 517;

async function answer(client: ModbusTcpClient, unit: number, request: Request) {
  const r = await client.request(unit, request);
  return r.kind === 'exception' ? r.exception : r.kind;
}

/** Audit records and device events of the parking server's backup and report points since `from`. */
async function traces(demo: DemoModbus, from: number) {
  demo.clock.advance(60_000); // the parking server steps every 30 s: an action that ran shows by then
  await demo.runtime.persist();
  const keys = ['parking-server.database-backup', 'parking-server.report-generation'];
  const audit = (await demo.store.queryAudit({})).filter((a) => keys.includes(a.key));
  const events = (await demo.store.queryEvents({})).filter(
    (e) => e.ts >= from && keys.includes(`${e.device}.${e.point}`),
  );
  return { audit: audit.map((a) => `${a.key} ${a.action} ${a.via}`), events: events.length };
}

test('an operator master (the default) is refused the admin actions: exception 02, nothing run or audited', async () => {
  const demo = await demoModbus();
  try {
    const client = await demo.client();
    const from = demo.clock.now();
    assert.equal(
      await answer(client, SERVER, { fc: 6, address: BACKUP, value: 1 }),
      EXCEPTION.illegalDataAddress,
    );
    assert.equal(
      await answer(client, SERVER, { fc: 6, address: REPORT, value: 1 }),
      EXCEPTION.illegalDataAddress,
    );
    // All or nothing: the Notification Send beside them (an operator's) is not run either.
    assert.equal(
      await answer(client, SERVER, { fc: 16, address: BACKUP, values: Uint16Array.of(1, 1, 1) }),
      EXCEPTION.illegalDataAddress,
    );
    assert.deepEqual(await traces(demo, from), { audit: [], events: 0 });
    assert.equal(demo.value('parking-server.backup-status'), 'OK');
    assert.equal((await demo.store.queryAudit({ key: 'parking-server.notification-send' })).length, 0);

    // What an operator may write still works: another action, and a setpoint at the default level 16.
    assert.equal(await answer(client, SERVER, { fc: 6, address: REPORT + 1, value: 1 }), 'written');
    assert.equal(
      await answer(client, demo.unitOf('ev-charger-1'), { fc: 6, address: 100, value: 1600 }),
      'written',
    );
  } finally {
    await demo.close();
  }
});

test('an admin action on a coil: an operator’s FC 5 and FC 15 are exception 02 and run nothing; an admin’s run it', async () => {
  // Database Backup moved to coil 00003 (address 2), after System Enable and Emergency Mode.
  const onCoil = (site: Site) => {
    const device = site.devices.find((d) => d.id === 'parking-server');
    if (!device) throw new Error('the demo has no parking server');
    const points = device.profile.points.map((p) =>
      p.id === 'database-backup'
        ? {
            ...p,
            addresses: {
              ...p.addresses,
              modbus: {
                ...modbusAddressOf(p),
                table: 'coil' as const,
                address: 2,
                reference: '00003',
                encoding: 'bool' as const,
              },
            },
          }
        : p,
    );
    device.profile = { ...device.profile, points };
  };
  for (const role of ['operator', 'admin'] as const) {
    const demo = await demoModbus({ role, edit: onCoil });
    try {
      const client = await demo.client();
      const from = demo.clock.now();
      const single = await answer(client, SERVER, { fc: 5, address: 2, value: true });
      const multiple = await answer(client, SERVER, { fc: 15, address: 1, values: [false, true] });
      const { audit, events } = await traces(demo, from);
      if (role === 'operator') {
        assert.deepEqual([single, multiple], [EXCEPTION.illegalDataAddress, EXCEPTION.illegalDataAddress]);
        assert.deepEqual({ audit, events }, { audit: [], events: 0 });
        assert.equal(demo.value('parking-server.emergency-mode'), false, 'nothing of the FC 15 was written');
      } else {
        assert.deepEqual([single, multiple], ['written', 'written']);
        assert.deepEqual(audit, [
          'parking-server.database-backup run modbus',
          'parking-server.database-backup run modbus',
        ]);
        assert.ok(events > 0, 'the backup ran');
      }
    } finally {
      await demo.close();
    }
  }
});

test('a master with role admin runs them', async () => {
  const demo = await demoModbus({ role: 'admin' });
  try {
    const client = await demo.client();
    const from = demo.clock.now();
    assert.equal(
      await answer(client, SERVER, { fc: 16, address: BACKUP, values: Uint16Array.of(1, 1) }),
      'written',
    );
    const { audit, events } = await traces(demo, from);
    assert.deepEqual(audit.sort(), [
      'parking-server.database-backup run modbus',
      'parking-server.report-generation run modbus',
    ]);
    assert.ok(events > 0, 'the backup and the report ran');
  } finally {
    await demo.close();
  }
});

test('a master with role viewer writes nothing: every write function is exception 01; reads work', async () => {
  const demo = await demoModbus({ role: 'viewer' });
  try {
    const client = await demo.client();
    const charger = demo.unitOf('ev-charger-1');
    for (const [unit, request] of [
      [SERVER, { fc: 6, address: BACKUP, value: 1 }],
      [charger, { fc: 6, address: 100, value: 1600 }],
      [SERVER, { fc: 5, address: 1, value: true }],
      [SERVER, { fc: 15, address: 0, values: [true, true] }],
      [charger, { fc: 16, address: 100, values: Uint16Array.of(1600) }],
    ] as Array<[number, Request]>) {
      assert.equal(await answer(client, unit, request), EXCEPTION.illegalFunction, JSON.stringify(request));
    }
    assert.deepEqual(await demo.store.queryAudit({}), []);
    assert.equal(await answer(client, charger, { fc: 3, address: 100, quantity: 1 }), 'registers');
  } finally {
    await demo.close();
  }
});
