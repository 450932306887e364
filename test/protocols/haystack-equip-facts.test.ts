// Settings a device publishes on its equip record: the car park's EV power limit as `evPowerLimit` (kW),
// from the site file or its documented default (44 kW), on the parking server's equip only.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { SiteRecords } from '../../src/protocols/haystack/records.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { demoHaystack } from '../support/haystack-server.js';

const loaded = loadSite('sites/demo.yaml', PROTOCOLS).site;
if (!loaded) throw new Error('the demo site does not load');
const demo: Site = loaded;

/** The equip records that carry evPowerLimit, as `device id → Zinc value`. */
async function limits(site: Site): Promise<Record<string, string>> {
  const runtime = await Runtime.open({ site, store: new MemoryStore(), clock: new VirtualClock(0), seed: 1 });
  try {
    const records = new SiteRecords(site, runtime.services, PROTOCOLS);
    const out: Record<string, string> = {};
    for (const r of records.all) {
      const v = r.tags.evPowerLimit;
      if (v !== undefined) out[r.id.slice(site.site.id.length + 1)] = v.toZinc();
    }
    return out;
  } finally {
    await runtime.stop();
  }
}

/** The demo site with the parking server's parameters replaced (other devices unchanged). */
function withParkingParameters(parameters: Record<string, unknown> | null): Site {
  return {
    ...demo,
    devices: demo.devices.flatMap((d) =>
      d.id !== 'parking-server' ? [d] : parameters === null ? [] : [{ ...d, parameters }],
    ),
  } as Site;
}

test('the parking server’s equip carries the site file’s EV power limit, in kW', async () => {
  assert.deepEqual(await limits(demo), { 'parking-server': '44kW' });
  assert.deepEqual(await limits(withParkingParameters({ capacity: 420, evPowerLimitKw: 120 })), {
    'parking-server': '120kW',
  });
});

test('without the parameter, the documented default; without a parking server, no tag', async () => {
  assert.deepEqual(await limits(withParkingParameters({ capacity: 420 })), { 'parking-server': '44kW' });
  assert.deepEqual(await limits(withParkingParameters(null)), {});
});

test('read finds it over HTTP, as a Number in kW', async () => {
  const server = await demoHaystack();
  after(() => server.close());
  const response = await server.fetch(
    `${server.url}read?filter=${encodeURIComponent('equip and evPowerLimit')}`,
    { headers: { accept: 'application/json' } },
  );
  const body = (await response.json()) as { rows: Array<Record<string, unknown>> };
  assert.equal(body.rows.length, 1);
  assert.deepEqual(body.rows[0]?.evPowerLimit, { _kind: 'number', val: 44, unit: 'kW' });
  assert.deepEqual(body.rows[0]?.id, {
    _kind: 'ref',
    val: 'lyon-confluence.parking-server',
    dis: 'Parking Management Server',
  });
});

test('a simulated device’s equip has no connStatus: no connector reads it', async () => {
  const server = await demoHaystack();
  after(() => server.close());
  for (const filter of ['equip and connStatus', 'equip']) {
    const response = await server.fetch(`${server.url}read?filter=${encodeURIComponent(filter)}`, {
      headers: { accept: 'application/json' },
    });
    const body = (await response.json()) as { rows: Array<Record<string, unknown>> };
    if (filter === 'equip') assert.ok(body.rows.every((row) => !('connStatus' in row)));
    else assert.equal(body.rows.length, 0);
  }
});
