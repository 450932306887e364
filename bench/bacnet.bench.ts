// BACnet/IP figures over real UDP on loopback: Pointyard's server (the network side and the application over
// a site's runtime, in this process) under the loads of bench/bacnet-load.ts (its own process, raw sockets and
// frames built with our codec):
// - ReadPropertyMultiple of 30 objects' Present_Value and Status_Flags to the demo site's parking server
//   (its 29 point objects, and the first one again: no demo device has 30 points), 1 and 16 clients, with the
//   CPU a request costs the server and the load generator meanwhile; and the CPU each such request costs in
//   process, without the sockets (bench/bacnet-rpm-cpu.ts);
// - COV notifications delivered per second with 1,000 unconfirmed subscriptions (the parking server's numeric
//   points, several process ids each) while this process changes every one of those points, round after
//   round, as fast as the notifications of the previous round arrive;
// - a global Who-Is on a generated 1,000-device site: time until the last I-Am arrives.
// The site's clock is virtual and not advanced: the simulation does not run, values change only where the
// COV load changes them.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { VirtualClock } from '../src/core/clock.js';
import type { Point } from '../src/points/model.js';
import { bacnetAddressOf } from '../src/protocols/bacnet/bacnet-address.js';
import { createBacnetApplication } from '../src/protocols/bacnet/bacnet-application.js';
import { BACNET_OBJECT_TYPES } from '../src/protocols/bacnet/bacnet-map.js';
import { ipDeviceIdOf, startBacnetNetwork } from '../src/protocols/bacnet/server-service.js';
import { PROTOCOLS } from '../src/protocols/registry.js';
import { Runtime } from '../src/runtime/runtime.js';
import { loadSite } from '../src/site/load.js';
import type { Device, Site } from '../src/site/model.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { rpmCpu } from './bacnet-rpm-cpu.js';
import { type Figure, round3 } from './harness.js';
import { benchSite } from './sites.js';

const group = 'BACnet/IP';
const WARM_MS = 1000;
const MEASURE_MS = 3000;
const RPM_OBJECTS = 30;
const COV_SUBSCRIPTIONS = 1000;
const WHO_IS_DEVICES = 1000;
const WHO_IS_RUNS = 5;

/** A running server: the site's runtime and the network side on a free loopback port. */
async function withServer<T>(site: Site, use: (port: number, runtime: Runtime) => Promise<T>): Promise<T> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5));
  const runtime = await Runtime.open({ site, store: new MemoryStore(), clock, seed: 1 });
  const network = await startBacnetNetwork({
    host: '127.0.0.1',
    port: 0,
    network: 2,
    ipNetwork: 1,
    broadcast: '127.0.0.1',
    ipDeviceId: ipDeviceIdOf(site),
    application: (outbound) => createBacnetApplication(runtime.services, outbound),
  });
  try {
    return await use(network.address.port, runtime);
  } finally {
    await network.close();
    await runtime.stop();
  }
}

/**
 * The load generator with `args`; `onLine` sees every line it prints before the last, which is its result
 * (JSON).
 */
function generate(args: string[], onLine: (line: string) => void = () => {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bacnet-load.ts', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let last = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{') || line.startsWith('[')) last = line;
      else onLine(line);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 && last ? resolve(JSON.parse(last)) : reject(new Error(`the load generator exited ${code}`)),
    );
  });
}

function parkingServer(site: Site): Device {
  const device = site.devices.find((d) => d.id === ipDeviceIdOf(site));
  if (!device) throw new Error('no device on the IP network');
  return device;
}

/** `type:instance` of a point's object, as the load generator takes it. */
function objectArg(point: Point): string {
  const { type, instance } = bacnetAddressOf(point);
  return `${BACNET_OBJECT_TYPES[type].number}:${instance}`;
}

function demoSite(): Site {
  const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
  if (!site) throw new Error('the demo site does not load');
  return site;
}

interface RpmLoad {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  /** The load generator's own CPU a request, µs. */
  cpuUs: number | null;
}

async function rpmFigures(): Promise<Figure[]> {
  const site = demoSite();
  const points = parkingServer(site).profile.points;
  const objects = Array.from({ length: RPM_OBJECTS }, (_, i) =>
    objectArg(points[i % points.length] as Point),
  );
  const out: Figure[] = [];
  const cpu = await rpmCpu(
    site,
    objects.map((o) => {
      const [type, instance] = o.split(':').map(Number);
      return { type: type as number, instance: instance as number };
    }),
  );
  out.push({
    group,
    name: `ReadPropertyMultiple, ${RPM_OBJECTS} objects × Present_Value and Status_Flags: CPU per request in process`,
    value: round3(cpu.cpuUs),
    unit: 'µs',
    note: `the request decoded, routed, answered by the application and the ${cpu.answerOctets}-octet answer encoded, one at a time without the sockets; process CPU time (garbage collection included) over ${cpu.requests} requests, ${round3(cpu.wallUs)} µs of wall time each`,
  });
  await withServer(site, async (port) => {
    for (const clients of [1, 16]) {
      // This process's CPU (the server's: the load generator is a process of its own) while requests are counted.
      let serverFrom: NodeJS.CpuUsage | null = null;
      const r = (await generate(
        ['rpm', '127.0.0.1', String(port), ...[clients, WARM_MS, MEASURE_MS].map(String), ...objects],
        (line) => {
          if (line === 'measure') serverFrom = process.cpuUsage();
        },
      )) as RpmLoad;
      const used = serverFrom ? process.cpuUsage(serverFrom) : null;
      const serverUs = used && r.requests ? (used.user + used.system) / r.requests : Number.NaN;
      const what = `ReadPropertyMultiple, ${RPM_OBJECTS} objects × Present_Value and Status_Flags, ${clients} client${clients === 1 ? '' : 's'}`;
      out.push(
        {
          group,
          name: what,
          value: round3(r.requests / r.seconds),
          unit: 'req/s',
          note: `demo site's parking server (its ${points.length} point objects and the first again), one request in flight per client, ${MEASURE_MS / 1000} s after ${WARM_MS / 1000} s warm-up${r.failures ? `, ${r.failures} failed` : ''}; CPU a request: the server's ${round3(serverUs)} µs, the load generator's ${round3(r.cpuUs ?? Number.NaN)} µs`,
        },
        { group, name: `${what}, p50`, value: round3(r.p50Ms), unit: 'ms' },
        {
          group,
          name: `${what}, p99`,
          value: round3(r.p99Ms),
          unit: 'ms',
          ...(clients === 16 ? { note: 'goal: under 5 ms at 16 clients' } : {}),
        },
      );
    }
  });
  return out;
}

interface CovLoad {
  notifications: number;
  seconds: number;
  rounds: number;
  lost: number;
}

async function covFigures(): Promise<Figure[]> {
  const site = demoSite();
  const device = parkingServer(site);
  const numbers = device.profile.points.filter((p) => p.type === 'number');
  const objects = Array.from({ length: COV_SUBSCRIPTIONS }, (_, i) =>
    objectArg(numbers[i % numbers.length] as Point),
  );
  return withServer(site, async (port, runtime) => {
    const indices = numbers.map((p) => runtime.points.indexOf(`${device.id}.${p.id}`) as number);
    let flip = false;
    /** Every subscribed point to the other end of its range: past any COV increment. */
    const change = () => {
      flip = !flip;
      const now = runtime.services.clock.now();
      numbers.forEach((p, i) => {
        const low = p.min ?? 0;
        const high = p.max ?? low + 1000;
        runtime.points.update(indices[i] as number, flip ? high : low, now);
      });
    };
    const r = (await generate(
      ['cov', '127.0.0.1', String(port), String(WARM_MS), String(MEASURE_MS), ...objects],
      (line) => {
        if (line === 'round') change();
      },
    )) as CovLoad;
    return [
      {
        group,
        name: `COV notifications delivered, ${COV_SUBSCRIPTIONS} unconfirmed subscriptions`,
        value: round3(r.notifications / r.seconds),
        unit: 'notifications/s',
        note: `${numbers.length} numeric points of the demo site's parking server, ${Math.ceil(COV_SUBSCRIPTIONS / numbers.length)} process ids at most each; every point changed once a round, the next round once the last one's notifications arrived; ${r.rounds} rounds in ${round3(r.seconds)} s, ${r.lost} notifications lost`,
      },
    ];
  });
}

async function whoIsFigures(): Promise<Figure[]> {
  const site = benchSite(WHO_IS_DEVICES);
  const runs = (await withServer(site, (port) =>
    generate(['who-is', '127.0.0.1', String(port), String(WHO_IS_DEVICES), String(WHO_IS_RUNS)]),
  )) as Array<{ ms: number; found: number }>;
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const found = Math.min(...runs.map((r) => r.found));
  return [
    {
      group,
      name: `Who-Is (global) on a ${WHO_IS_DEVICES}-device site: last I-Am`,
      value: round3(times[Math.floor(times.length / 2)] as number),
      unit: 'ms',
      note: `median of ${WHO_IS_RUNS} runs (fastest ${round3(times[0] as number)} ms, slowest ${round3(times[times.length - 1] as number)} ms); fewest devices found in a run: ${found} of ${WHO_IS_DEVICES}; goal: all found in under 2 s`,
    },
  ];
}

export async function bacnetBench(): Promise<Figure[]> {
  return [...(await rpmFigures()), ...(await covFigures()), ...(await whoIsFigures())];
}
