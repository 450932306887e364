// Interop: the demo's embedded broker (default settings on a free `--mqtt-port`) with mosquitto_sub and
// mosquitto_pub as its clients: every point's retained JSON topic shows what the point store holds, commands
// within and outside range are answered on `…/set/result`, and `…/status` is `online`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, mosquittoMissing } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../support/running-pointyard.js';
import { BASE, command, everyPointMatches, valOf, Watch } from './mqtt-json-watch.js';

const skip = peerSkip(mosquittoMissing());

describe('plain JSON topics on the embedded broker', { skip }, () => {
  let root: string;
  let pointyard: RunningPointyard | null = null;
  let watch: Watch | null = null;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'pointyard-mqtt-json-embedded-'));
  });
  after(async () => {
    watch?.stop();
    await pointyard?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('every point matches the store; commands within and outside range', async () => {
    const port = await freePort();
    pointyard = await startPointyard(join(root, 'data'), { args: ['--mqtt-port', String(port)] });
    const url = `mqtt://127.0.0.1:${port}`;
    const live = new Watch(port, [`${BASE}/#`]);
    watch = live;
    await everyPointMatches(live, pointyard.url);
    assert.equal(live.latest.get(`${BASE}/status`)?.payload, 'online');
    // Commands need a user that may write (anonymous clients only read).
    const login = ['-u', 'admin', '-P', ADMIN_PASSWORD];
    const setpoint = 'dhw-tank/temperature-setpoint';
    assert.deepEqual(await command(live, url, setpoint, '{"val":55,"level":8}', login), {
      ok: true,
      val: 55,
      level: 8,
    });
    await live.until(() => valOf(live, setpoint) === 55, 'the setpoint published at 55');
    const refused = await command(live, url, setpoint, '{"val":49.5,"level":8}', login);
    assert.equal(refused.ok, false);
    assert.equal(refused.error, 'out-of-range');
    assert.equal(valOf(live, setpoint), 55);
    assert.equal(await pointyard.stop(), 0);
    pointyard = null;
  });
});
