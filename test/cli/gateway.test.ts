// "A second Pointyard reads the first through Modbus": the demo runs in one `pointyard start`, the gateway
// example site (sites/demo-gateway.yaml, pointed at the first one's Modbus port) in another. Values and
// writes go both ways through Modbus, seen through each one's Haystack API.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { haystackLogin } from '../../src/protocols/haystack/client/scram-login.js';
import { postGrid, withoutError } from '../support/haystack-call.js';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-gateway-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function api(url: string) {
  const { fetch } = await haystackLogin(url, 'admin', ADMIN_PASSWORD);
  const call = async (op: string, zinc: string) => withoutError(await postGrid(url, fetch, op, zinc));
  return {
    call,
    async curVal(id: string): Promise<string> {
      const grid = await call('read', `ver:"3.0"\nid\n@${id}\n`);
      return String(grid.getRows()[0]?.get('curVal')?.toZinc());
    },
  };
}

async function until(check: () => Promise<boolean>, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

test('a second Pointyard reads and writes the first through Modbus', async () => {
  const first = await startPointyard(join(root, 'a'));
  const modbus = first.modbus?.host === '127.0.0.1' ? first.modbus.port : null;
  assert.ok(modbus, `the first prints its Modbus address:\n${first.banner.join('\n')}`);
  const site = join(root, 'gateway.yaml');
  writeFileSync(
    site,
    readFileSync('sites/demo-gateway.yaml', 'utf8')
      .replaceAll(':5020', `:${modbus}`)
      .replaceAll('port: 5020', `port: ${modbus}`),
  );
  const second = await startPointyard(join(root, 'b'), { site });
  try {
    const a = await api(first.url);
    const b = await api(second.url);
    const setpoint = 'dhw-tank.temperature-setpoint';
    await a.call('pointWrite', `ver:"3.0"\nid,level,val\n@lyon-confluence.${setpoint},8,63°C\n`);
    assert.ok(
      await until(async () => (await b.curVal(`lyon-confluence-gateway.${setpoint}`)) === '63°C'),
      'B sees A',
    );
    await b.call('pointWrite', `ver:"3.0"\nid,level,val\n@lyon-confluence-gateway.${setpoint},8,57°C\n`);
    // B's write reaches A at the Modbus priority (16), under A's own level 8: A's level-16 slot holds it.
    const levels = await a.call('pointWrite', `ver:"3.0"\nid\n@lyon-confluence.${setpoint}\n`);
    assert.ok(
      await until(async () => {
        const grid = await a.call('pointWrite', `ver:"3.0"\nid\n@lyon-confluence.${setpoint}\n`);
        return grid.getRows()[15]?.get('val')?.toZinc() === '57°C';
      }),
      `A's level 16 holds B's write (levels were ${levels.toZinc()})`,
    );
    const capacity = 'parking-server.total-parking-capacity';
    assert.equal(
      await b.curVal(`lyon-confluence-gateway.${capacity}`),
      await a.curVal(`lyon-confluence.${capacity}`),
    );
  } finally {
    assert.equal(await second.stop(), 0);
    assert.equal(await first.stop(), 0);
  }
});
