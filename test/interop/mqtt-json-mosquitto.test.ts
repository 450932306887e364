// Interop: the demo publishing its plain JSON topics to Debian's mosquitto (`--mqtt-url`), read with
// mosquitto_sub and commanded with mosquitto_pub: every point's retained topic shows what the point store holds
// (read through the Haystack API), commands within and outside range are answered on `…/set/result`, a refused
// one changes nothing, nothing is retained on a command topic, values stay retained across restarts of both,
// and `…/status` says `offline` after a clean stop and after a kill -9 (the status connection's will).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../support/running-pointyard.js';
import { BASE, command, everyPointMatches, storePoints, valOf, Watch } from './mqtt-json-watch.js';

const skip = peerSkip(mosquittoMissing());

describe('plain JSON topics on mosquitto', { skip }, () => {
  let broker: Mosquitto;
  let root: string;
  const running: RunningPointyard[] = [];
  const watches: Watch[] = [];
  const watch = (filters: string[], extra: string[] = []) => {
    const w = new Watch(broker.port, filters, extra);
    watches.push(w);
    return w;
  };

  before(async () => {
    broker = await Mosquitto.start();
    root = mkdtempSync(join(tmpdir(), 'pointyard-mqtt-json-'));
  });
  after(async () => {
    for (const w of watches) w.stop();
    for (const p of running) await p.stop('SIGKILL');
    await broker.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  test('every point, commands both ways, retained across restarts, offline after a stop and a kill -9', async () => {
    const start = async () => {
      const p = await startPointyard(join(root, 'data'), { args: ['--mqtt-url', broker.url] });
      running.push(p);
      return p;
    };
    let pointyard = await start();
    const live = watch([`${BASE}/#`]);
    const points = await everyPointMatches(live, pointyard.url);
    await live.until(() => live.latest.get(`${BASE}/status`)?.payload === 'online', 'status online');
    // Units as the points list writes them; none for a plain count.
    assert.equal(
      JSON.parse(live.latest.get(`${BASE}/dhw-tank/temperature-setpoint`)?.payload ?? '').unit,
      '°C',
    );
    assert.equal(JSON.parse(live.latest.get(`${BASE}/pir-1/detection-count`)?.payload ?? '').unit, null);

    // Commands: within range at level 8 for 15 min, outside range (refused, nothing changes), plain text
    // words, a read-only point, an unknown point, a malformed payload.
    const setpoint = 'dhw-tank/temperature-setpoint';
    assert.deepEqual(await command(live, broker.url, setpoint, '{"val":62,"level":8,"duration":"15min"}'), {
      ok: true,
      val: 62,
      level: 8,
    });
    await live.until(() => valOf(live, setpoint) === 62, 'the setpoint published at 62');
    const refused = await command(live, broker.url, setpoint, '95');
    assert.equal(refused.ok, false);
    assert.equal(refused.error, 'out-of-range');
    assert.match(
      String(refused.message),
      /95 °C is outside the allowed range of Temperature Setpoint: 50 to 70 °C/,
    );
    assert.deepEqual(await command(live, broker.url, 'pir-1/sensitivity', 'high'), {
      ok: true,
      val: 'HIGH',
      level: 16,
    });
    assert.deepEqual(await command(live, broker.url, 'pir-1/led-enable', 'OFF'), {
      ok: true,
      val: false,
      level: 16,
    });
    for (const [path, payload, error] of [
      ['pir-1/temperature', '20', 'read-only'],
      ['pir-1/no-such-point', '1', 'unknown-point'],
      ['pir-1/sensitivity', '{"val":', 'bad-type'],
      ['pir-1/sensitivity', '{"val":"LOW","level":3}', 'forbidden'],
    ] as const) {
      const answer = await command(live, broker.url, path, payload);
      assert.equal(answer.ok, false, `${path} ${payload}`);
      assert.equal(answer.error, error, `${path} ${payload}: ${answer.message}`);
    }
    const admin = await haystackLogin(pointyard.url, 'admin', ADMIN_PASSWORD);
    const after = await storePoints(pointyard.url, admin.fetch);
    const value = (path: string) => after.find((p) => p.path === path)?.value;
    assert.equal(value(setpoint), 62, 'the refused command changed nothing');
    assert.equal(value('pir-1/sensitivity'), 'HIGH');
    assert.equal(valOf(live, setpoint), 62);

    // A new subscriber gets every point retained, and nothing retained on a command or result topic.
    const retained = watch([`${BASE}/#`]);
    await retained.until(
      () => points.every((p) => retained.retained.has(`${BASE}/${p.path}`)),
      'every point retained',
    );
    assert.deepEqual(
      retained.messages.filter((m) => m.retained && /\/set(\/result)?$/.test(m.topic)).map((m) => m.topic),
      [],
    );

    // A clean stop says offline; the values stay retained across a restart of mosquitto.
    assert.equal(await pointyard.stop(), 0);
    await live.until(() => live.latest.get(`${BASE}/status`)?.payload === 'offline', 'status offline');
    await broker.stop();
    await broker.resume();
    const kept = watch([`${BASE}/#`]);
    await kept.until(
      () => points.every((p) => kept.retained.has(`${BASE}/${p.path}`)),
      () =>
        `every point retained after a restart of mosquitto (${kept.retained.size} retained, ${kept.messages.length} messages)`,
    );
    assert.equal(kept.latest.get(`${BASE}/status`)?.payload, 'offline');
    assert.equal(valOf(kept, setpoint), 62);

    // Started again: online, every point matches again (the override kept); a kill -9 leaves the will.
    pointyard = await start();
    await kept.until(() => kept.latest.get(`${BASE}/status`)?.payload === 'online', 'status online again');
    await everyPointMatches(kept, pointyard.url);
    assert.equal(valOf(kept, setpoint), 62);
    await pointyard.stop('SIGKILL');
    await kept.until(() => kept.latest.get(`${BASE}/status`)?.payload === 'offline', 'offline after kill -9');
  });
});
