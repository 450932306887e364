// "A second Pointyard reads the first over BACnet": the demo runs in one `pointyard start` (BACnet/IP on a
// free port), a site reading two of its devices over BACnet — the parking server on the IP network, the DHW
// tank behind the first one's router — in another. Values and a write go through BACnet, seen through each
// one's Haystack API.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BACNET_DEFAULTS } from '../../src/protocols/bacnet/bacnet-settings.js';
import { macOf } from '../../src/protocols/bacnet/router.js';
import { haystackLogin } from '../../src/protocols/haystack/client/scram-login.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { loadSite } from '../../src/site/load.js';
import { postGrid, withoutError } from '../support/haystack-call.js';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-bacnet-gateway-'));
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

/** Polls `check` every 100 ms, 100 times at most. */
async function until(check: () => Promise<boolean>, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** The instance of a demo device. */
function instanceOf(id: string): number {
  const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
  const instance = site?.devices.find((d) => d.id === id)?.numbers.bacnet;
  assert.ok(typeof instance === 'number', id);
  return instance;
}

test('a second Pointyard reads and writes the first over BACnet/IP', async () => {
  const first = await startPointyard(join(root, 'a'));
  let second: Awaited<ReturnType<typeof startPointyard>> | null = null;
  try {
    const line = first.banner.map((l) => /^BACnet\/IP: (\S+):(\d+)\b/.exec(l)).find((m) => m);
    assert.ok(line, `the first prints its BACnet address:\n${first.banner.join('\n')}`);
    const where = `${line[1]}:${line[2]}`;
    const tank = instanceOf('dhw-tank');
    const site = join(root, 'gateway.yaml');
    writeFileSync(
      site,
      [
        'site: {id: through-bacnet, name: Through BACnet, tz: Europe/Paris}',
        'devices:',
        '  - id: parking-server',
        '    profile: parking-management-server',
        `    source: bacnet://${where}/${instanceOf('parking-server')}?tz=Europe/Paris`,
        '  - id: dhw-tank',
        '    profile: dhw-tank',
        `    source: bacnet://${where}/${tank}?dnet=${BACNET_DEFAULTS.network}&dadr=${Buffer.from(macOf(tank)).toString('hex')}&priority=10`,
        '',
      ].join('\n'),
    );
    second = await startPointyard(join(root, 'b'), { site });
    const a = await api(first.url);
    const b = await api(second.url);
    const capacity = 'parking-server.total-parking-capacity';
    const expected = await a.curVal(`lyon-confluence.${capacity}`);
    assert.ok(
      await until(async () => (await b.curVal(`through-bacnet.${capacity}`)) === expected),
      `B reads A's ${capacity} (${expected})`,
    );
    const setpoint = 'dhw-tank.temperature-setpoint';
    await b.call('pointWrite', `ver:"3.0"\nid,level,val\n@through-bacnet.${setpoint},8,57°C\n`);
    // B's write reaches A at the source's priority (10), whatever B's own level.
    assert.ok(
      await until(async () => {
        const grid = await a.call('pointWrite', `ver:"3.0"\nid\n@lyon-confluence.${setpoint}\n`);
        return grid.getRows()[9]?.get('val')?.toZinc() === '57°C';
      }),
      "A's level 10 holds B's write",
    );
    assert.ok(await until(async () => (await b.curVal(`through-bacnet.${setpoint}`)) === '57°C'));
  } finally {
    if (second) assert.equal(await second.stop(), 0);
    assert.equal(await first.stop(), 0);
  }
});
