// Interop: Home Assistant discovery of the demo (homeAssistant on) published to Debian's mosquitto, read with
// mosquitto_sub: one retained device-based config per device, valid JSON with the keys Home Assistant requires,
// every component reading an existing JSON topic and commanding its `/set` topic (with the payloads Home
// Assistant sends: a switch's payload_on, a select's option, a number), available from Pointyard's status; the
// configs published again when Home Assistant's birth message (`homeassistant/status` = online) arrives.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Mosquitto, mosquittoMissing, publish } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { type RunningPointyard, startPointyard } from '../support/running-pointyard.js';
import { BASE, Watch } from './mqtt-json-watch.js';

const skip = peerSkip(mosquittoMissing());
const PLATFORMS = new Set(['sensor', 'binary_sensor', 'number', 'select', 'switch', 'button', 'text']);
const DEVICES = 14;

interface Config {
  dev: { ids: string[]; name: string };
  o: { name: string };
  cmps: Record<string, Record<string, unknown>>;
}

describe('Home Assistant discovery on mosquitto', { skip }, () => {
  let broker: Mosquitto;
  let root: string;
  let pointyard: RunningPointyard | null = null;
  let watch: Watch | null = null;

  before(async () => {
    broker = await Mosquitto.start();
    root = mkdtempSync(join(tmpdir(), 'pointyard-mqtt-ha-'));
  });
  after(async () => {
    watch?.stop();
    await pointyard?.stop();
    await broker.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  test('a valid config per device, pointing at existing topics; republished at the birth message', async () => {
    const demo = readFileSync('sites/demo.yaml', 'utf8');
    const siteFile = join(root, 'site.yaml');
    writeFileSync(siteFile, demo.replace(/mqtt: \{ (.*) \}/, 'mqtt: { $1, homeAssistant: true }'));
    pointyard = await startPointyard(join(root, 'data'), {
      site: siteFile,
      args: ['--mqtt-url', broker.url],
    });
    const w = new Watch(broker.port, ['homeassistant/#', `${BASE}/#`]);
    watch = w;
    const configTopics = () => [...w.latest.keys()].filter((t) => t.startsWith('homeassistant/device/'));
    await w.until(
      () => configTopics().length === DEVICES,
      () => `${DEVICES} configs, not ${configTopics()}`,
    );
    await w.until(() => w.latest.get(`${BASE}/status`)?.payload === 'online', 'status online');
    const uniqueIds = new Set<string>();
    const byPlatform = new Map<string, number>();
    const commands: Record<string, string> = {};
    for (const topic of configTopics()) {
      assert.match(topic, /^homeassistant\/device\/pointyard_lyon-confluence_[a-z0-9-]+\/config$/);
      const config = JSON.parse(w.latest.get(topic)?.payload ?? '') as Config;
      assert.ok(config.dev.ids.length === 1 && config.dev.name, topic);
      assert.equal(config.o.name, 'Pointyard');
      assert.ok(Object.keys(config.cmps).length > 5, topic);
      for (const [id, c] of Object.entries(config.cmps)) {
        const where = `${topic} ${id}`;
        assert.ok(PLATFORMS.has(String(c.p)), where);
        byPlatform.set(String(c.p), (byPlatform.get(String(c.p)) ?? 0) + 1);
        assert.ok(typeof c.unique_id === 'string' && !uniqueIds.has(c.unique_id), where);
        uniqueIds.add(c.unique_id as string);
        assert.ok(typeof c.name === 'string' && c.name !== '', where);
        const availability = c.availability as { topic: string }[];
        assert.equal(availability[0]?.topic, `${BASE}/status`, where);
        if (c.p !== 'button') {
          // Reads a JSON topic Pointyard publishes, whose payload has the `val` the template reads.
          const state = w.latest.get(String(c.state_topic));
          assert.ok(state, `${where}: ${c.state_topic} is not published`);
          assert.ok('val' in JSON.parse(state.payload), where);
          assert.match(String(c.value_template), /value_json\.val/, where);
        }
        if (c.command_topic !== undefined) {
          assert.ok(['number', 'select', 'switch', 'button', 'text'].includes(String(c.p)), where);
          const device = topic.split('/')[2]?.replace('pointyard_lyon-confluence_', '');
          assert.equal(c.command_topic, `${BASE}/${device}/${id}/set`, where);
          commands[`${device}/${id}`] = String(c.p);
        }
        if (c.p === 'number') assert.ok(Number(c.min) < Number(c.max) && Number(c.step) > 0, where);
        if (c.p === 'select') assert.ok(Array.isArray(c.options) && c.options.length > 1, where);
      }
    }
    for (const platform of PLATFORMS) assert.ok(byPlatform.get(platform), `no ${platform} in the demo`);

    // What Home Assistant publishes on the command topics is taken by the JSON command parser.
    for (const [path, payload, val] of [
      ['pir-2/led-enable', 'false', false],
      ['pir-2/sensitivity', 'HIGH', 'HIGH'],
      ['dhw-tank/temperature-setpoint', '57.5', 57.5],
    ] as const) {
      assert.ok(commands[path], path);
      const from = w.messages.length;
      assert.equal(publish(broker.url, `${BASE}/${path}/set`, payload).status, 0);
      const result = await w.next(`${BASE}/${path}/set/result`, from);
      assert.deepEqual(JSON.parse(result.payload), { ok: true, val, level: 16 }, path);
    }

    // Home Assistant's birth message: every config again.
    const before = w.messages.length;
    assert.equal(publish(broker.url, 'homeassistant/status', 'online').status, 0);
    const again = () =>
      new Set(
        w.messages
          .slice(before)
          .filter((m) => m.topic.startsWith('homeassistant/device/'))
          .map((m) => m.topic),
      );
    await w.until(
      () => again().size === DEVICES,
      () => `configs again after the birth, ${again().size}`,
    );
  });
});
