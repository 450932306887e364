// Special points found by the words of their names over Modbus TCP on loopback: a System Enable named in
// French is written last in an FC 15 and then disables the site; a gateway device whose Communication
// Status is named "État communication" (words OK/DÉFAUT) shows DÉFAUT when the real device is lost.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { EXCEPTION } from '../../src/protocols/modbus/constants.js';
import { modbusDriverFor } from '../../src/protocols/modbus/gateway/modbus-device.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { T0 } from '../runtime/site-fixture.js';
import { demoModbus } from '../support/modbus-server.js';
import { builtinText, parsedProfile, renamePoints } from '../support/renamed-list.js';

describe('Modbus server: a System Enable named Activation Système', () => {
  test('written last in one FC 15 with another coil; once off, that other coil is refused (04)', async () => {
    const text = renamePoints(
      builtinText('parking-management-server'),
      { 'System Enable': 'Activation Système' },
      'Contrôleur de site',
    );
    const demo = await demoModbus({
      edit(site) {
        const server = site.devices.find((d) => d.id === 'parking-server');
        assert.ok(server);
        server.profile = parsedProfile(text);
      },
    });
    try {
      const client = await demo.client();
      const unit = demo.unitOf('parking-server');
      // Coil 0 is the System Enable (00001), coil 1 Emergency Mode (00002).
      const both = await client.request(unit, { fc: 15, address: 0, values: [false, true] });
      assert.equal(both.kind, 'written', JSON.stringify(both));
      assert.equal(demo.value('parking-server.activation-systeme'), false);
      assert.equal(demo.value('parking-server.emergency-mode'), true);
      const refused = await client.request(unit, { fc: 15, address: 0, values: [true, false] });
      assert.equal(refused.kind === 'exception' && refused.exception, EXCEPTION.serverDeviceFailure);
      assert.equal(demo.value('parking-server.activation-systeme'), false, 'nothing of it was written');
      assert.equal(demo.value('parking-server.emergency-mode'), true);
    } finally {
      await demo.close();
    }
  });
});

/** A loopback port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('gateway mode: a Communication Status named État communication', () => {
  test('a device that cannot be reached: its other points down, État communication its fault word', async () => {
    const { site: demo } = loadSite('sites/demo.yaml', PROTOCOLS);
    assert.ok(demo);
    const tank = demo.devices.find((d) => d.id === 'dhw-tank');
    assert.ok(tank);
    const text = renamePoints(builtinText('dhw-tank'), {
      'Communication Status': 'État communication',
    }).replace(
      '| État communication | status-point | Enum | OK/FAULT |',
      '| État communication | status-point | Enum | OK/DÉFAUT |',
    );
    assert.match(text, /OK\/DÉFAUT/);
    const site: Site = {
      ...demo,
      devices: [
        {
          ...tank,
          profile: parsedProfile(text),
          source: {
            kind: 'modbus',
            settings: {
              host: '127.0.0.1',
              port: await closedPort(),
              unit: tank.numbers.modbus as number,
              wordOrder: 'high-first',
              timeoutMs: 5_000,
              pollMs: 1_000,
            },
          },
        },
      ],
    };
    const clock = new VirtualClock(T0);
    const runtime = await Runtime.open({
      site,
      store: new MemoryStore(),
      clock,
      seed: 2,
      driverFor: modbusDriverFor,
    });
    runtime.start();
    const read = (key: string) => runtime.points.read(runtime.points.indexOf(key) as number);
    try {
      // Bounded: the refused connection is seen within a few steps of the virtual clock.
      for (let i = 0; i < 300 && read('dhw-tank.tank-top-temperature').status !== 'down'; i++) {
        clock.advance(200);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.equal(read('dhw-tank.tank-top-temperature').status, 'down');
      const comm = read('dhw-tank.etat-communication');
      assert.equal(comm.value, 'DÉFAUT');
      assert.equal(comm.status, 'ok');
    } finally {
      await runtime.stop();
    }
  });
});
