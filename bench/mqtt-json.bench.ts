// MQTT JSON: a 100,000-point site whose every point changes once a second, published as plain JSON topics to
// a mosquitto started here (the JSON publisher and Pointyard's link over MQTT.js, at QoS 1 and at QoS 0; no
// disk backlog, as with the embedded broker, so that what the link cannot take is counted as dropped instead
// of going to disk). Measured over a window after a warm-up: messages published per second, CPU and RSS
// of this process (the point store and its change feed, the publisher and MQTT.js: what Pointyard runs; the
// changes are made by a timer instead of the simulation, whose own cost the runtime group measures), and the
// latency from a point's change to mosquitto_sub, sampled on one device's topics (ms: the payload's `ts`).

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Value } from '../src/core/value.js';
import { JsonPublisher } from '../src/protocols/mqtt/json/json-publisher.js';
import { ClientLink } from '../src/protocols/mqtt/link/client-link.js';
import { linkCommands } from '../src/protocols/mqtt/link/link-commands.js';
import type { MqttSettings } from '../src/protocols/mqtt/mqtt-settings.js';
import { PointStore } from '../src/runtime/point-store.js';
import { pointsService } from '../src/runtime/services/points.js';
import type { Services } from '../src/runtime/services/services.js';
import type { WritePath } from '../src/runtime/write-path.js';
import { Mosquitto, mosquittoMissing } from '../test/support/mosquitto.js';
import { type Figure, round3 } from './harness.js';
import { benchSite } from './sites.js';

const GROUP = 'MQTT JSON';
const POINTS = 100_000;
const WARM_UP_MS = 3000;
const WINDOW_MS = 10_000;
const TICK_MS = 10;
/** The process size past which the window ends early. */
const MAX_RSS = 1.5 * 2 ** 30;
const quiet = { info() {}, warn() {}, error() {} };

/** A site of at least POINTS points. */
function site() {
  for (let n = POINTS / 30; ; n += 50) {
    const s = benchSite(Math.ceil(n));
    if (s.devices.reduce((sum, d) => sum + d.profile.points.length, 0) >= POINTS) return s;
  }
}

/** A value other than the one held, far enough to pass any change-of-value increment. */
function another(store: PointStore, index: number, tick: number): Value {
  const { point } = store.entry(index);
  const value = store.value(index);
  switch (point.type) {
    case 'number':
      return value === (point.max ?? 1) ? (point.min ?? 0) : (point.max ?? 1);
    case 'bool':
    case 'action':
      return !value;
    case 'enum': {
      const words = point.enum ?? [''];
      return words[(words.indexOf(String(value)) + 1) % words.length] as string;
    }
    case 'string':
      return `text ${tick}`;
    case 'datetime':
      return new Date(tick * 1000).toISOString();
  }
}

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`MQTT JSON bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function mqttJsonBench(): Promise<Figure[]> {
  const missing = mosquittoMissing();
  if (missing) {
    process.stderr.write(`  skipped: ${missing}\n`);
    return [];
  }
  return [...(await underLoad(1)), ...(await underLoad(0))];
}

/** One run at `qos` with its own mosquitto (no persistence: the broker's disk is not what is measured). */
async function underLoad(qos: 0 | 1): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-mqtt-json-'));
  const broker = await Mosquitto.start({ extra: ['persistence false'] });
  let subscriber: ChildProcess | null = null;
  let timer: NodeJS.Timeout | null = null;
  try {
    const benchSite_ = site();
    const store = new PointStore(benchSite_, Date.now());
    const writes = { inForce: () => undefined, onInForceChange: () => () => {} } as unknown as WritePath;
    // The publisher reads the site and its points only (commands need the write path: none here).
    const services = { site: benchSite_, points: pointsService(store, writes) } as unknown as Services;
    const settings: MqttSettings = {
      broker: {
        kind: 'external',
        url: broker.url,
        username: null,
        password: null,
        ca: null,
        cert: null,
        key: null,
      },
      clientId: 'pointyard-bench',
      protocolVersion: 4,
      commandRole: 'operator',
      json: { prefix: 'pointyard', qos },
      sparkplug: null,
      homeAssistant: null,
      buffer: { maxBytes: 2 ** 30, maxAgeMs: 3_600_000 },
    };
    const link = new ClientLink({
      url: broker.url,
      clientId: settings.clientId,
      protocolVersion: 4,
      backlog: null,
      log: quiet,
    });
    const publisher = new JsonPublisher(
      {
        services,
        settings,
        connection: { url: broker.url, protocolVersion: 4 },
        link,
        commands: linkCommands(link, 'operator'),
        stateDir: dir,
        log: quiet,
      },
      { prefix: 'pointyard', qos },
    );
    await link.start(true);
    process.stderr.write(`  QoS ${qos}: ${store.size} points, first snapshot…\n`);
    // Every point once (the start), drained before the load.
    await until(
      () => link.status().published + link.status().dropped >= store.size,
      'the first snapshot',
      120_000,
    );

    // The sampled subscriber: one device's topics, the latency from each payload's ts to its arrival here.
    const sampled = benchSite_.devices[0]?.id as string;
    const latencies: number[] = [];
    let measuring = false;
    subscriber = spawn(
      'mosquitto_sub',
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(broker.port),
        '-q',
        '1',
        '-t',
        `pointyard/bench/${sampled}/+`,
        '-F',
        '%p',
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    createInterface({ input: subscriber.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const at = Date.now();
      if (!measuring) return;
      const ts = Date.parse((JSON.parse(line) as { ts: string }).ts);
      if (Number.isFinite(ts)) latencies.push(at - ts);
    });

    // Every point changes once a second: each tick changes the share of points the time since the last asks for.
    let next = 0;
    let tick = 0;
    let changes = 0;
    let last = performance.now();
    timer = setInterval(() => {
      const now = performance.now();
      const due = Math.round((store.size * (now - last)) / 1000);
      last = now;
      tick++;
      const ts = Date.now();
      for (let k = 0; k < due; k++) {
        store.update(next, another(store, next, tick), ts);
        next = (next + 1) % store.size;
      }
      changes += due;
    }, TICK_MS);
    await new Promise((r) => setTimeout(r, WARM_UP_MS));
    measuring = true;
    process.stderr.write(`  QoS ${qos}: measuring…\n`);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const published = link.status().published;
    const droppedBefore = link.status().dropped;
    const changed = changes;
    // The window, cut short when this process grows past a bound (a broker that cannot keep up makes
    // MQTT.js queue what it cannot write: at QoS 0 nothing else holds it back).
    let cut = false;
    while (performance.now() - started < WINDOW_MS) {
      await new Promise((r) => setTimeout(r, 100));
      if (process.memoryUsage().rss > MAX_RSS) {
        cut = true;
        break;
      }
    }
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    const sent = link.status().published - published;
    const made = changes - changed;
    const rssMiB = process.memoryUsage().rss / 2 ** 20;
    measuring = false;
    clearInterval(timer);
    timer = null;
    const dropped = link.status().dropped - droppedBefore;
    process.stderr.write(`  QoS ${qos}: closing…\n`);
    await publisher.close();
    await link.close();
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
    const load = `${store.size.toLocaleString('en')} points, each changing once a second`;
    const tag = `QoS ${qos}`;
    const cpuS = (used.user + used.system) / 1e6;
    return [
      {
        group: GROUP,
        name: `${tag}: point changes made per second`,
        value: round3(made / seconds),
        unit: 'changes/s',
        note: load,
      },
      {
        group: GROUP,
        name: `${tag}: JSON messages published per second`,
        value: round3(sent / seconds),
        unit: 'msg/s',
        note: `handed to MQTT.js, retained, to mosquitto on the loopback (goal: 100,000)${cut ? `; window cut at ${round3(seconds)} s, past ${MAX_RSS / 2 ** 30} GiB` : ''}`,
      },
      {
        group: GROUP,
        name: `${tag}: messages dropped by the link per second`,
        value: round3(dropped / seconds),
        unit: 'msg/s',
        note: 'more than 0: 20,000 QoS 1 messages awaited their acknowledgement (with a backlog they go to disk)',
      },
      {
        group: GROUP,
        name: `${tag}: CPU of the publishing process`,
        value: round3(cpuS / seconds),
        unit: 'cores',
        note: 'point store, change feed, payloads, MQTT.js (goal: under 1)',
      },
      {
        group: GROUP,
        name: `${tag}: CPU per message published`,
        value: round3((cpuS * 1e6) / Math.max(1, sent)),
        unit: 'µs',
        note: 'the changes made included; × 100,000 = µs of CPU a second at the goal',
      },
      {
        group: GROUP,
        name: `${tag}: RSS of the publishing process`,
        value: round3(rssMiB),
        unit: 'MiB',
        note: load,
      },
      ...(latencies.length === 0
        ? [
            {
              group: GROUP,
              name: `${tag}: sampled messages that reached mosquitto_sub in the window`,
              value: 0,
              unit: 'msg',
              note: 'none: they were still queued behind the others (no latency to give)',
            },
          ]
        : [
            {
              group: GROUP,
              name: `${tag}: latency from a change to mosquitto_sub, p50`,
              value: at(0.5),
              unit: 'ms',
              note: `${latencies.length} messages of one device sampled`,
            },
            {
              group: GROUP,
              name: `${tag}: latency from a change to mosquitto_sub, p99`,
              value: at(0.99),
              unit: 'ms',
            },
          ]),
    ];
  } finally {
    if (timer) clearInterval(timer);
    subscriber?.kill();
    await broker.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
