// A whole Pointyard (`start --mqtt-url`) publishing the demo as a Sparkplug B edge node to Debian's mosquitto,
// read by mosquitto_sub and decoded by Eclipse Tahu's decoder (npm sparkplug-payload): the specification's
// rules (NBIRTH before any DBIRTH, seq 0–255 without a gap across a rebirth, the will's bdSeq), DCMD writes
// checked against the Haystack API, and a kill -9 (NDEATH) then a restart (next bdSeq, same aliases).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { type RunningPointyard, startPointyard } from '../support/running-pointyard.js';
import {
  type Captured,
  metricNamed,
  num,
  publishSparkplug,
  SparkplugCapture,
  seqProblems,
} from './mqtt-sparkplug-capture.js';
import { adminApi, until } from './ocpp-pointyard-run.js';

const SKIP = peerSkip(mosquittoMissing());
const GROUP = 'lyon-confluence';
const NODE = 'pointyard';
const DEMO_DEVICES = 14;

/** name → alias of every metric of the DBIRTHs in `messages`, by device. */
function aliasesOf(messages: readonly Captured[]): Map<string, number | null> {
  const aliases = new Map<string, number | null>();
  for (const m of messages)
    if (m.type === 'DBIRTH')
      for (const metric of m.payload.metrics ?? [])
        aliases.set(`${m.device}.${metric.name}`, num(metric.alias));
  return aliases;
}

/** The latest value of a point as a host knows it: its DBIRTH, then every DDATA by alias. */
function latestValue(messages: readonly Captured[], device: string, name: string): unknown {
  let alias: number | null = null;
  let value: unknown;
  for (const m of messages) {
    if (m.device !== device) continue;
    for (const metric of m.payload.metrics ?? []) {
      if (m.type === 'DBIRTH' && metric.name === name) {
        alias = num(metric.alias);
        value = metric.value;
      } else if (m.type === 'DDATA' && alias !== null && num(metric.alias) === alias) value = metric.value;
    }
  }
  return value;
}

describe('Sparkplug B edge node on mosquitto', { skip: SKIP, timeout: 240_000 }, () => {
  let broker: Mosquitto;
  let capture: SparkplugCapture;
  let data: string;
  let pointyard: RunningPointyard | null = null;

  before(async () => {
    broker = await Mosquitto.start();
    capture = await SparkplugCapture.start(broker.port);
    data = mkdtempSync(join(tmpdir(), 'pointyard-spb-'));
    pointyard = await startPointyard(data, { args: ['--mqtt-url', broker.url] });
  });

  after(async () => {
    await pointyard?.stop('SIGKILL');
    await capture?.stop();
    await broker?.dispose();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  test('NBIRTH first, with bdSeq and Node Control; then a DBIRTH per device, every point a metric', async () => {
    await capture.until('the births', (ms) => ms.filter((m) => m.type === 'DBIRTH').length >= DEMO_DEVICES);
    const [first] = capture.messages;
    assert.equal(first?.topic, `spBv1.0/${GROUP}/NBIRTH/${NODE}`);
    assert.equal(first?.seq, 0);
    assert.equal(num(metricNamed(first.payload, 'bdSeq')?.value), 0);
    assert.equal(metricNamed(first.payload, 'Node Control/Rebirth')?.value, false);
    assert.equal(metricNamed(first.payload, 'Node Control/Rebirth')?.type, 'Boolean');
    assert.ok(metricNamed(first.payload, 'Node Control/Next Server'));
    assert.ok(metricNamed(first.payload, 'Node Control/Scan Rate'));
    const births = capture.messages.filter((m) => m.type === 'DBIRTH');
    const firstData = capture.messages.findIndex((m) => m.type === 'DDATA');
    assert.ok(firstData < 0 || firstData > DEMO_DEVICES, 'no DDATA before the births');
    assert.equal(new Set(births.map((b) => b.device)).size, DEMO_DEVICES);
    const tank = births.find((b) => b.device === 'rainwater-tank');
    const threshold = tank && metricNamed(tank.payload, 'high-level-threshold');
    assert.equal(threshold?.type, 'Double');
    assert.equal(threshold?.properties?.engUnit?.value, '%');
    assert.equal(threshold?.properties?.engLow?.value, 70);
    assert.equal(threshold?.properties?.engHigh?.value, 100);
    assert.equal(threshold?.properties?.writable?.value, true);
    assert.ok(num(threshold?.alias) !== null);
    const aliases = [...aliasesOf(capture.messages).values()];
    assert.equal(new Set(aliases).size, aliases.length, 'aliases unique in the edge node');
  });

  test('seq runs 0–255 without a gap, wrapping, across a rebirth asked for by NCMD', async () => {
    await capture.until('a wrap of seq', (ms) => ms.length > 300);
    publishSparkplug(broker.port, `spBv1.0/${GROUP}/NCMD/${NODE}`, {
      timestamp: Date.now(),
      metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
    });
    await capture.until(
      'the rebirth',
      (ms) => ms.filter((m) => m.type === 'NBIRTH').length === 2 && ms.at(-1)?.type === 'DDATA',
    );
    const nbirths = capture.messages.filter((m) => m.type === 'NBIRTH');
    // A rebirth is no new session: the same bdSeq.
    assert.deepEqual(
      nbirths.map((m) => num(metricNamed(m.payload, 'bdSeq')?.value)),
      [0, 0],
    );
    assert.deepEqual(seqProblems(capture.messages), []);
    assert.ok(capture.messages.some((m) => m.seq === 255));
  });

  test('DCMD writes through the write path: by alias accepted, out of range refused and answered with the value in force', async () => {
    const api = await adminApi(pointyard?.url ?? '');
    const birth = capture.messages.find((m) => m.type === 'DBIRTH' && m.device === 'rainwater-tank');
    const alias = num(birth && metricNamed(birth.payload, 'high-level-threshold')?.alias);
    const topic = `spBv1.0/${GROUP}/DCMD/${NODE}/rainwater-tank`;
    publishSparkplug(broker.port, topic, {
      timestamp: Date.now(),
      metrics: [{ alias: alias ?? undefined, type: 'Double', value: 85 }],
    });
    await until(
      'the threshold written',
      async () =>
        ((await api.curVal(`${GROUP}.rainwater-tank.high-level-threshold`)) as { val?: number })?.val,
      (v) => v === 85,
    );
    await capture.until(
      'its DDATA',
      (ms) => latestValue(ms, 'rainwater-tank', 'high-level-threshold') === 85,
    );
    const before = capture.messages.length;
    publishSparkplug(broker.port, topic, {
      timestamp: Date.now(),
      metrics: [{ name: 'high-level-threshold', type: 'Double', value: 150 }],
    });
    // The refusal goes out as a DDATA of the value in force.
    await capture.until('the value in force again', (ms) =>
      ms
        .slice(before)
        .some(
          (m) =>
            m.device === 'rainwater-tank' &&
            m.type === 'DDATA' &&
            m.payload.metrics?.some((x) => num(x.alias) === alias && x.value === 85),
        ),
    );
    assert.equal(
      ((await api.curVal(`${GROUP}.rainwater-tank.high-level-threshold`)) as { val?: number })?.val,
      85,
    );
    // Both audited as MQTT's, the refusal with its reason.
    const audit = await api.rows('audit', { id: `@${GROUP}.rainwater-tank.high-level-threshold` });
    const mine = audit.filter((r) => r.via === 'mqtt');
    assert.deepEqual(
      mine.map((r) => r.action),
      ['refused', 'write'],
      JSON.stringify(audit),
    );
    assert.match(String(mine[0]?.note), /range|70|100/);
  });

  test('the value a host knows of every command point equals the point store’s', async () => {
    const api = await adminApi(pointyard?.url ?? '');
    const births = capture.messages.filter((m) => m.type === 'DBIRTH');
    const commands = births.flatMap((b) =>
      (b.payload.metrics ?? [])
        .filter((m) => m.properties?.writable?.value === true && m.properties?.kind?.value === 'command')
        .filter((m) => m.type !== 'Boolean' || !String(m.name).startsWith('reset'))
        .map((m) => ({ device: b.device as string, name: m.name as string, type: m.type })),
    );
    assert.ok(commands.length > 20);
    await until(
      'every command point equal',
      async () => {
        const differing: string[] = [];
        for (const c of commands) {
          const cur = (await api.curVal(`${GROUP}.${c.device}.${c.name}`)) as unknown;
          const stored = cur && typeof cur === 'object' && 'val' in cur ? (cur as { val: unknown }).val : cur;
          const known = latestValue(capture.messages, c.device, c.name);
          if (stored !== undefined && stored !== known)
            differing.push(`${c.device}.${c.name}: ${stored} ≠ ${known}`);
        }
        return differing;
      },
      (differing) => differing.length === 0,
    );
  });

  test('killed with SIGKILL: the will is an NDEATH with the NBIRTH’s bdSeq; restarted: next bdSeq, same aliases', async () => {
    const aliasesBefore = aliasesOf(capture.messages);
    await pointyard?.stop('SIGKILL');
    pointyard = null;
    await capture.until('the NDEATH', (ms) => ms.some((m) => m.type === 'NDEATH'), 90_000);
    const death = capture.messages.find((m) => m.type === 'NDEATH') as Captured;
    assert.equal(num(metricNamed(death.payload, 'bdSeq')?.value), 0);
    const restartAt = capture.messages.length;
    pointyard = await startPointyard(data, { args: ['--mqtt-url', broker.url] });
    await capture.until(
      'the births again',
      (ms) => ms.slice(restartAt).filter((m) => m.type === 'DBIRTH').length >= DEMO_DEVICES,
    );
    const rebirth = capture.messages.slice(restartAt).find((m) => m.type === 'NBIRTH') as Captured;
    assert.equal(num(metricNamed(rebirth.payload, 'bdSeq')?.value), 1);
    assert.deepEqual(aliasesOf(capture.messages.slice(restartAt)), aliasesBefore);
  });
});
