// MQTT Sparkplug: the edge node publishing a 100,000-point site (1,000 devices of 100 number points), every
// point changing once a second, to a mosquitto started here, read by mosquitto_sub (`%U %x`: the time it
// received each message, and its payload) decoded afterwards with Eclipse Tahu's decoder. The publishing
// process is this one: the point store, its change feed and COV filter, the edge node (DDATA batched per
// device per turn, written by hand) and the MQTT.js link; its CPU share and RSS over the measured window.
// Latency: from the point's change (its timestamp, the metric's) to mosquitto_sub receiving the DDATA.
// Also the DDATA encoder alone, in metrics per second.

import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sparkplugPayload from 'sparkplug-payload';
import { RealClock } from '../src/core/clock.js';
import type { Point, Profile } from '../src/points/model.js';
import { ClientLink } from '../src/protocols/mqtt/link/client-link.js';
import { linkCommands } from '../src/protocols/mqtt/link/link-commands.js';
import type { MqttSettings } from '../src/protocols/mqtt/mqtt-settings.js';
import { type DataMetric, encodeData } from '../src/protocols/mqtt/sparkplug/data-encoder.js';
import { EdgeNode } from '../src/protocols/mqtt/sparkplug/edge-node.js';
import { DataType } from '../src/protocols/mqtt/sparkplug/payload.js';
import { PointStore } from '../src/runtime/point-store.js';
import { pointsService } from '../src/runtime/services/points.js';
import type { Services } from '../src/runtime/services/services.js';
import type { WritePath } from '../src/runtime/write-path.js';
import type { Site } from '../src/site/model.js';
import { Mosquitto, mosquittoMissing } from '../test/support/mosquitto.js';
import { type Figure, measure, round3 } from './harness.js';

const GROUP = 'MQTT Sparkplug';
const DEVICES = 1000;
const POINTS_PER_DEVICE = 100;
const WARM_MS = 3000;
const MEASURE_MS = 10_000;

function point(i: number): Point {
  return {
    id: `temperature-${i}`,
    name: `Temperature ${i}`,
    kind: 'sensor',
    type: 'number',
    tags: ['temp', 'sensor'],
    unit: '°C',
    min: 0,
    max: 100,
    enum: null,
    trueText: null,
    falseText: null,
    action: null,
    writeRole: null,
    update: 'periodic',
    intervalMs: 1000,
    description: null,
    addresses: {},
    protocols: {},
  };
}

function syntheticSite(): Site {
  const profile: Profile = {
    id: 'bench-sensors',
    name: 'Bench sensors',
    localName: null,
    declaredCounts: { sensor: POINTS_PER_DEVICE, command: 0, status: 0 },
    sources: [],
    points: Array.from({ length: POINTS_PER_DEVICE }, (_, i) => point(i)),
  };
  return {
    site: { id: 'bench', name: 'Bench', tz: 'Europe/Paris', location: null },
    devices: Array.from({ length: DEVICES }, (_, d) => ({
      id: `sensors-${d}`,
      name: `Sensors ${d}`,
      profileRef: profile.id,
      profile,
      parameters: {},
      source: { kind: 'sim' as const },
      numbers: {},
      faults: [],
    })),
    server: {},
    store: { engine: 'memory', path: null },
    file: null,
  };
}

function encoderFigure(): Figure {
  const metrics: DataMetric[] = Array.from({ length: POINTS_PER_DEVICE }, (_, i) => ({
    alias: 5 * 2 ** 20 + i,
    timestamp: 1_700_000_000_000 + i,
    type: DataType.Double,
    value: 20 + i / 7,
  }));
  const timing = measure(() => encodeData(1_700_000_000_000, metrics), 1000);
  return {
    group: GROUP,
    name: 'DDATA encoding',
    value: round3(timing.opsPerSecond * POINTS_PER_DEVICE),
    unit: 'metrics/s',
    note: `one DDATA of ${POINTS_PER_DEVICE} Double metrics (alias, timestamp, datatype, value) at a time, one core`,
  };
}

const silent = { info() {}, warn() {}, error() {} };

export async function mqttSparkplugBench(): Promise<Figure[]> {
  const figures: Figure[] = [encoderFigure()];
  const missing = mosquittoMissing();
  if (missing) {
    process.stderr.write(`  ${GROUP}: skipped the broker figures (${missing})\n`);
    return figures;
  }
  const broker = await Mosquitto.start();
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-spb-bench-'));
  const site = syntheticSite();
  const store = new PointStore(site, Date.now());
  const noWrites = { inForce: () => undefined, onInForceChange: () => () => {} } as unknown as WritePath;
  const services = {
    site,
    clock: new RealClock(),
    points: pointsService(store, noWrites),
    devices: { connectorStatus: () => null },
  } as unknown as Services;
  const settings = {
    sparkplug: { group: 'bench', node: 'pointyard', primaryHost: null },
  } as unknown as MqttSettings;
  let node: EdgeNode | null = null;
  const link = new ClientLink({
    url: broker.url,
    clientId: 'pointyard-bench',
    protocolVersion: 4,
    will: () => node?.will() ?? null,
    finalize: (m, replayed) => (node ? node.finalize(m, replayed) : m),
    backlog: null,
    log: silent,
  });
  const out = join(dir, 'received');
  const fd = openSync(out, 'w');
  const sub = spawn(
    'mosquitto_sub',
    ['-h', '127.0.0.1', '-p', String(broker.port), '-t', 'spBv1.0/bench/DDATA/#', '-F', '%U %x'],
    { stdio: ['ignore', fd, 'ignore'] },
  );
  const subExited = new Promise((resolve) => sub.once('exit', resolve));
  try {
    node = new EdgeNode({
      services,
      settings,
      connection: { url: broker.url, protocolVersion: 4 },
      link,
      commands: linkCommands(link, 'operator'),
      stateDir: dir,
      log: silent,
    });
    await link.start(true);
    // Every point once a second: the share of points due by now, changed at each 5 ms tick.
    const n = store.size;
    let changed = 0;
    const start = Date.now();
    const ticker = setInterval(() => {
      const now = Date.now();
      const due = Math.floor(((now - start) * n) / 1000);
      for (; changed < due; changed++) {
        const i = changed % n;
        const round = Math.floor(changed / n);
        store.update(i, (round % 2 === 0 ? 30 : 70) + (i % 10) / 10, now);
      }
    }, 5);
    await new Promise((r) => setTimeout(r, WARM_MS));
    const cpuBefore = process.cpuUsage();
    const windowStart = Date.now();
    const changedBefore = changed;
    await new Promise((r) => setTimeout(r, MEASURE_MS));
    const cpu = process.cpuUsage(cpuBefore);
    const windowEnd = Date.now();
    const changes = changed - changedBefore;
    const rss = process.memoryUsage().rss;
    clearInterval(ticker);
    await node.close();
    await link.close();
    // Let the subscriber take what is on its way, then read what it received in the window.
    await new Promise((r) => setTimeout(r, 500));
    sub.kill('SIGTERM');
    await subExited;
    const tahu = sparkplugPayload.get('spBv1.0');
    const latencies: number[] = [];
    let metrics = 0;
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      const space = line.indexOf(' ');
      if (space < 0) continue;
      const receivedMs = Number(line.slice(0, space)) * 1000;
      if (receivedMs < windowStart || receivedMs > windowEnd) continue;
      const payload = tahu?.decodePayload(Buffer.from(line.slice(space + 1), 'hex'));
      for (const m of payload?.metrics ?? []) {
        metrics++;
        latencies.push(receivedMs - Number(String(m.timestamp)));
      }
    }
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    const seconds = (windowEnd - windowStart) / 1000;
    figures.push(
      {
        group: GROUP,
        name: 'point changes',
        value: round3(changes / seconds),
        unit: 'changes/s',
        note: `${n.toLocaleString('en')} points (${DEVICES} devices × ${POINTS_PER_DEVICE}), each changing once a second`,
      },
      {
        group: GROUP,
        name: 'DDATA metrics received',
        value: round3(metrics / seconds),
        unit: 'metrics/s',
        note: 'decoded from what mosquitto_sub received during the window (QoS 0)',
      },
      {
        group: GROUP,
        name: 'publishing process CPU',
        value: round3((cpu.user + cpu.system) / 1000 / (windowEnd - windowStart)),
        unit: 'cores',
        note: 'point store, change feed, edge node and MQTT client: CPU time over wall time of the window',
      },
      {
        group: GROUP,
        name: 'publishing process RSS',
        value: round3(rss / 2 ** 20),
        unit: 'MiB',
        note: 'at the end of the window',
      },
      {
        group: GROUP,
        name: 'change to subscriber p50',
        value: round3(p(0.5)),
        unit: 'ms',
        note: 'point change (its timestamp) to mosquitto_sub receiving the DDATA',
      },
      {
        group: GROUP,
        name: 'change to subscriber p99',
        value: round3(p(0.99)),
        unit: 'ms',
        note: 'point change (its timestamp) to mosquitto_sub receiving the DDATA',
      },
    );
    return figures;
  } finally {
    if (sub.exitCode === null && sub.signalCode === null) {
      sub.kill('SIGKILL');
      await subExited;
    }
    closeSync(fd);
    await link.close();
    await broker.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
