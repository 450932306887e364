// DDEATH and DBIRTH of a real device: a Pointyard reading a tank through Modbus TCP (gateway mode) from a
// Modbus server started and stopped by the test, publishing to mosquitto. Its connector down: DDEATH and no
// DATA; the device answering again: DBIRTH with its values; the simulated tank beside it is never touched.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DemoModbus, demoModbus } from '../support/modbus-server.js';
import { freePort, Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { type RunningPointyard, startPointyard } from '../support/running-pointyard.js';
import { type Captured, num, SparkplugCapture, seqProblems } from './mqtt-sparkplug-capture.js';

const SKIP = peerSkip(mosquittoMissing());

let broker: Mosquitto | null = null;
let capture: SparkplugCapture | null = null;
let pointyard: RunningPointyard | null = null;
let device: DemoModbus | null = null;
let data = '';
let modbusPort = 0;

before(async () => {
  if (SKIP) return;
  broker = await Mosquitto.start();
  capture = await SparkplugCapture.start(broker.port);
  data = mkdtempSync(join(tmpdir(), 'pointyard-spb-down-'));
  modbusPort = await freePort();
  const site = join(data, 'gateway.yaml');
  // The demo's rainwater tank is Modbus unit 6 of the demo (devices numbered in list order).
  writeFileSync(
    site,
    [
      'site: { id: gateway, name: Gateway, tz: Europe/Paris }',
      'devices:',
      '  - { id: local-tank, profile: level-sensor, name: Local Tank }',
      `  - { id: remote-tank, profile: level-sensor, name: Remote Tank, source: "modbus-tcp://127.0.0.1:${modbusPort}?unit=6&timeoutMs=300&pollMs=200" }`,
      'server:',
      '  mqtt: { host: 127.0.0.1, port: 1883 }',
      '',
    ].join('\n'),
  );
  pointyard = await startPointyard(join(data, 'run'), { site, args: ['--mqtt-url', broker.url] });
});

after(async () => {
  await pointyard?.stop('SIGKILL');
  await device?.close();
  await capture?.stop();
  await broker?.dispose();
  if (data) rmSync(data, { recursive: true, force: true });
});

const of = (ms: readonly Captured[], type: string, id: string) =>
  ms.filter((m) => m.type === type && m.device === id);

test(
  'a real device lost gets a DDEATH and no DATA; back, a DBIRTH with its values',
  { skip: SKIP, timeout: 120_000 },
  async () => {
    const c = capture as SparkplugCapture;
    // Nothing answers on its port: the connector is down at once, so the births leave the device out (or, when
    // they were quicker than the connection's refusal, a DDEATH follows its DBIRTH).
    await c.until('the tank known down', (ms) => {
      const births = of(ms, 'DBIRTH', 'local-tank').length === 1;
      return births && of(ms, 'DBIRTH', 'remote-tank').length === of(ms, 'DDEATH', 'remote-tank').length;
    });
    const deadFrom = c.messages.length;
    device = await demoModbus({ port: modbusPort });
    await c.until('the DBIRTH', (ms) =>
      ms.slice(deadFrom).some((m) => m.type === 'DBIRTH' && m.device === 'remote-tank'),
    );
    const back = c.messages.findLastIndex((m) => m.type === 'DBIRTH' && m.device === 'remote-tank');
    // Its values: in the DBIRTH, or (read just after the connector came back) in the DDATA that follow it.
    const birth = c.messages[back] as Captured;
    const alias = num(birth.payload.metrics?.find((m) => m.name === 'level')?.alias);
    await c.until('the level read', (ms) =>
      ms
        .slice(back)
        .some(
          (m) =>
            m.device === 'remote-tank' &&
            m.payload.metrics?.some((x) => num(x.alias) === alias && typeof x.value === 'number'),
        ),
    );
    // No DATA of the device while it was down (since its DDEATH, or since the births that left it out).
    const downFrom = Math.max(
      c.messages.findLastIndex((m, i) => i < back && m.type === 'DDEATH' && m.device === 'remote-tank'),
      c.messages.findLastIndex((m, i) => i < back && m.type === 'NBIRTH'),
    );
    assert.deepEqual(
      c.messages
        .slice(downFrom + 1, back)
        .filter((m) => m.device === 'remote-tank')
        .map((m) => m.type),
      [],
    );
    await device.close();
    device = null;
    await c.until('the DDEATH', (ms) =>
      ms.slice(back).some((m) => m.type === 'DDEATH' && m.device === 'remote-tank'),
    );
    const death = c.messages.findLastIndex((m) => m.type === 'DDEATH' && m.device === 'remote-tank');
    // Its DATA stops with the DDEATH (checked on what arrived while the other tank went on).
    await c.until(
      'more data of the other tank',
      (ms) => of(ms.slice(death), 'DDATA', 'local-tank').length >= 2,
    );
    assert.deepEqual(
      c.messages
        .slice(death + 1)
        .filter((m) => m.device === 'remote-tank')
        .map((m) => m.type),
      [],
    );
    assert.equal(of(c.messages, 'DDEATH', 'local-tank').length, 0);
    assert.deepEqual(seqProblems(c.messages), []);
  },
);
