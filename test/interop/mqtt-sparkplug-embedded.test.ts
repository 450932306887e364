// The Sparkplug B edge node on Pointyard's embedded broker, with mosquitto_sub and mosquitto_pub as the host:
// births on an NCMD rebirth (the first session's went out before any client could subscribe), seq without a
// gap, a DCMD by name, the NDEATH of a clean stop; and a primary host's STATE holding births and DATA.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, mosquittoMissing, publish } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { type RunningPointyard, startPointyard } from '../support/running-pointyard.js';
import {
  type Captured,
  metricNamed,
  num,
  publishSparkplug,
  publishState,
  SparkplugCapture,
  seqProblems,
} from './mqtt-sparkplug-capture.js';
import { adminApi, until } from './ocpp-pointyard-run.js';

const SKIP = peerSkip(mosquittoMissing());
const GROUP = 'lyon-confluence';
const NCMD = `spBv1.0/${GROUP}/NCMD/pointyard`;
const DEMO_DEVICES = 14;

const rebirth = (port: number) =>
  publishSparkplug(port, NCMD, {
    timestamp: Date.now(),
    metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
  });

describe('Sparkplug B edge node on the embedded broker', { skip: SKIP, timeout: 240_000 }, () => {
  let data: string;
  let port: number;
  let pointyard: RunningPointyard | null = null;
  let capture: SparkplugCapture | null = null;

  before(async () => {
    data = mkdtempSync(join(tmpdir(), 'pointyard-spb-embedded-'));
    port = await freePort();
    pointyard = await startPointyard(join(data, 'demo'), { args: ['--mqtt-port', String(port)] });
    capture = await SparkplugCapture.start(port);
  });

  after(async () => {
    await pointyard?.stop('SIGKILL');
    await capture?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  test('a rebirth: NBIRTH (seq 0, bdSeq) then every DBIRTH; seq goes on without a gap', async () => {
    const c = capture as SparkplugCapture;
    rebirth(port);
    await c.until('the births', (ms) => ms.filter((m) => m.type === 'DBIRTH').length >= DEMO_DEVICES);
    const from = c.messages.findIndex((m) => m.type === 'NBIRTH');
    const nbirth = c.messages[from] as Captured;
    assert.equal(nbirth.seq, 0);
    assert.equal(num(metricNamed(nbirth.payload, 'bdSeq')?.value), 0);
    assert.deepEqual(
      c.messages
        .slice(from + 1, from + 1 + DEMO_DEVICES)
        .map((m) => m.type)
        .filter((t) => t !== 'DBIRTH'),
      [],
    );
    await c.until('more data', (ms) => ms.length > from + 100);
    assert.deepEqual(seqProblems(c.messages.slice(from)), []);
  });

  test('a DCMD by name writes through the write path with MQTT as its interface', async () => {
    const c = capture as SparkplugCapture;
    const api = await adminApi(pointyard?.url ?? '');
    publishSparkplug(port, `spBv1.0/${GROUP}/DCMD/pointyard/ev-charger-1`, {
      timestamp: Date.now(),
      metrics: [{ name: 'max-current-limit', type: 'Double', value: 16 }],
    });
    await until(
      'the limit written',
      async () => ((await api.curVal(`${GROUP}.ev-charger-1.max-current-limit`)) as { val?: number })?.val,
      (v) => v === 16,
    );
    const birth = c.messages.find((m) => m.type === 'DBIRTH' && m.device === 'ev-charger-1') as Captured;
    const alias = num(metricNamed(birth.payload, 'max-current-limit')?.alias);
    await c.until('its DDATA', (ms) =>
      ms.some(
        (m) => m.type === 'DDATA' && m.payload.metrics?.some((x) => num(x.alias) === alias && x.value === 16),
      ),
    );
    const audit = await api.rows('audit', { id: `@${GROUP}.ev-charger-1.max-current-limit` });
    assert.equal(audit.find((r) => r.via === 'mqtt')?.action, 'write');
  });

  test('a DCMD that names no point of its device, or is no payload, writes nothing', async () => {
    const c = capture as SparkplugCapture;
    const api = await adminApi(pointyard?.url ?? '');
    const tank = c.messages.find((m) => m.type === 'DBIRTH' && m.device === 'rainwater-tank') as Captured;
    const tankAlias = num(metricNamed(tank.payload, 'high-level-threshold')?.alias);
    const thresholdBefore = await api.curVal(`${GROUP}.rainwater-tank.high-level-threshold`);
    const topic = `spBv1.0/${GROUP}/DCMD/pointyard/ev-charger-1`;
    assert.equal(publish(`mqtt://127.0.0.1:${port}`, topic, 'not protobuf').status, 0);
    publishSparkplug(port, topic, {
      timestamp: Date.now(),
      metrics: [
        // Another device's alias, a name the device does not have.
        { alias: tankAlias ?? undefined, type: 'Double', value: 90 },
        { name: 'no-such-point', type: 'Double', value: 1 },
      ],
    });
    // Commands are taken in order: once this one is written, the ones before it were dealt with.
    publishSparkplug(port, topic, {
      timestamp: Date.now(),
      metrics: [{ name: 'max-current-limit', type: 'Double', value: 20 }],
    });
    await until(
      'the later command written',
      async () => ((await api.curVal(`${GROUP}.ev-charger-1.max-current-limit`)) as { val?: number })?.val,
      (v) => v === 20,
    );
    assert.deepEqual(await api.curVal(`${GROUP}.rainwater-tank.high-level-threshold`), thresholdBefore);
    const audit = await api.rows('audit', { id: `@${GROUP}.rainwater-tank` });
    assert.deepEqual(
      audit.filter((r) => r.via === 'mqtt'),
      [],
    );
  });

  test('a clean stop publishes the NDEATH of the session (its bdSeq)', async () => {
    const c = capture as SparkplugCapture;
    await pointyard?.stop('SIGTERM');
    pointyard = null;
    await c.until('the NDEATH', (ms) => ms.some((m) => m.type === 'NDEATH'));
    const death = c.messages.find((m) => m.type === 'NDEATH') as Captured;
    assert.equal(num(metricNamed(death.payload, 'bdSeq')?.value), 0);
    await c.stop();
    capture = null;
  });

  test('with a primary host: nothing until its STATE is online, births again each time it comes online', async () => {
    const site = join(data, 'state-site.yaml');
    writeFileSync(
      site,
      readFileSync('sites/demo.yaml', 'utf8').replace(
        /mqtt: \{ host: 127\.0\.0\.1, port: 1883 \}/,
        'mqtt: { host: 127.0.0.1, port: 1883, sparkplug: { primaryHost: scada } }',
      ),
    );
    assert.match(readFileSync(site, 'utf8'), /primaryHost: scada/);
    const statePort = await freePort();
    pointyard = await startPointyard(join(data, 'state'), {
      site,
      args: ['--mqtt-port', String(statePort)],
    });
    const c = await SparkplugCapture.start(statePort);
    capture = c;
    // The demo's points change every turn: held, none of them reach the broker.
    await c.until('a round trip', () => {
      publishState(statePort, 'other-host', false);
      return c.messages.some((m) => m.type === 'STATE');
    });
    assert.deepEqual(
      c.messages.map((m) => m.type),
      c.messages.map(() => 'STATE'),
    );
    publishState(statePort, 'scada', true);
    await c.until('the births', (ms) => ms.filter((m) => m.type === 'DBIRTH').length >= DEMO_DEVICES);
    const firstBirth = c.messages.findIndex((m) => m.type === 'NBIRTH');
    assert.ok(c.messages.slice(0, firstBirth).every((m) => m.type === 'STATE'));
    publishState(statePort, 'scada', false);
    publishState(statePort, 'scada', true);
    await c.until('births again', (ms) => ms.filter((m) => m.type === 'NBIRTH').length === 2);
    assert.deepEqual(seqProblems(c.messages), []);
  });
});
