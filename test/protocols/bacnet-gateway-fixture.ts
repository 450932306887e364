// The gateway tests' two sites: site A (the demo, simulated in virtual time held still) serves BACnet/IP on
// 127.0.0.2 with its router and virtual network; site B reads some of A's devices over BACnet through their
// points lists — the parking server on the IP network, the others behind A's router by DNET/DADR — on a
// virtual clock of its own.
import assert from 'node:assert/strict';
import { VirtualClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import type { Value } from '../../src/core/value.js';
import type { Point } from '../../src/points/model.js';
import { pointsWithRole } from '../../src/points/special-roles.js';
import type { BacnetApplication } from '../../src/protocols/bacnet/application.js';
import {
  applicationOptionsOf,
  type BacnetApplicationHandle,
  createBacnetApplicationWith,
} from '../../src/protocols/bacnet/bacnet-application.js';
import { bacnetDriverFor } from '../../src/protocols/bacnet/gateway/bacnet-device.js';
import { macOf } from '../../src/protocols/bacnet/router.js';
import {
  type BacnetNetwork,
  ipDeviceIdOf,
  startBacnetNetwork,
} from '../../src/protocols/bacnet/server-service.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { T0 } from '../runtime/site-fixture.js';

export const HOST_A = '127.0.0.2';
export const VIRTUAL_NETWORK = 2;
export const PRIORITY = 12;

export function demoSite(): Site {
  const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
  assert.ok(site, 'the demo site loads');
  return site;
}

/**
 * Site A: the demo simulated in virtual time (held still), served over BACnet/IP on HOST_A; `wrap` may stand
 * between the network and the application (to count or refuse requests). `app` is the application now
 * serving (a new one at each `serve`).
 */
export async function siteA(wrap: (app: BacnetApplication) => BacnetApplication = (app) => app) {
  const site = demoSite();
  const clock = new VirtualClock(T0);
  const runtime = await Runtime.open({ site, store: new MemoryStore(), clock, seed: 1 });
  runtime.start();
  clock.advance(60_000);
  let app: BacnetApplicationHandle | null = null;
  const serve = (port: number) =>
    startBacnetNetwork({
      host: HOST_A,
      port,
      network: VIRTUAL_NETWORK,
      ipNetwork: 1,
      ipDeviceId: ipDeviceIdOf(site),
      application: (outbound) => {
        const made = createBacnetApplicationWith(runtime.services, outbound, applicationOptionsOf(site));
        app = made;
        return wrap(made);
      },
      clock,
    });
  const network = await serve(0);
  return {
    site,
    runtime,
    network: network as BacnetNetwork | null,
    port: network.address.port,
    serve,
    /** COV subscriptions in force on A's application now serving. */
    get covSubscriptions(): number {
      return (app as BacnetApplicationHandle | null)?.covSubscriptions ?? 0;
    },
    state(key: string) {
      return runtime.points.read(runtime.points.indexOf(key) as number);
    },
    /** Writes on A through its write path (as its own operator would). */
    async write(key: string, value: Value) {
      const written = await runtime.writes.write({ key, value, who: 't', via: 't', role: 'admin' });
      assert.equal(written.ok, true, `${key} = ${String(value)} on A`);
    },
    async close() {
      await this.network?.close();
      await runtime.stop();
    },
  };
}

export type SiteA = Awaited<ReturnType<typeof siteA>>;

/** The BACnet source settings B gives each device, beside its address. */
export interface GatewayOptions {
  cov?: boolean;
  maxApdu?: number;
  /** Found with Who-Is: no dnet/dadr written. */
  whoIs?: boolean;
}

/** Site B: A's devices `ids` read over BACnet, the IP device directly and the others through A's router. */
export function gatewaySite(a: SiteA, ids: string[], options: GatewayOptions = {}): Site {
  const ipDevice = ipDeviceIdOf(a.site);
  return {
    ...a.site,
    devices: a.site.devices
      .filter((d) => ids.includes(d.id))
      .map((d) => {
        const instance = d.numbers.bacnet as number;
        const routed = d.id !== ipDevice && !options.whoIs;
        return {
          ...d,
          source: {
            kind: 'bacnet',
            settings: {
              host: HOST_A,
              port: a.port,
              instance,
              dnet: routed ? VIRTUAL_NETWORK : null,
              dadr: routed ? Buffer.from(macOf(instance)).toString('hex') : null,
              priority: PRIORITY,
              timeoutMs: 200,
              pollMs: 1000,
              tz: a.site.site.tz,
              cov: options.cov ?? false,
              maxApdu: options.maxApdu ?? 1476,
              whoIs: options.whoIs ?? false,
            },
          },
        };
      }),
  };
}

export async function siteB(site: Site, log?: Logger) {
  const clock = new VirtualClock(T0);
  const runtime = await Runtime.open({
    site,
    store: new MemoryStore(),
    clock,
    seed: 2,
    driverFor: bacnetDriverFor,
    ...(log ? { log } : {}),
  });
  runtime.start();
  return {
    site,
    runtime,
    clock,
    state(key: string) {
      return runtime.points.read(runtime.points.indexOf(key) as number);
    },
    /** Moves B's clock on in steps until `check` holds (bounded in steps); whether it does. */
    async settle(check: () => boolean, stepMs = 200, tries = 400): Promise<boolean> {
      for (let i = 0; i < tries; i++) {
        if (check()) return true;
        clock.advance(stepMs);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return check();
    },
    /** Waits (real time, bounded) until `check` holds, B's clock held still; whether it does. */
    async await(check: () => boolean, tries = 400): Promise<boolean> {
      for (let i = 0; i < tries && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      return check();
    },
    close: () => runtime.stop(),
  };
}

export type SiteB = Awaited<ReturnType<typeof siteB>>;

/** Whether B's value is A's as BACnet carries it (a REAL in single precision, a time to the hundredth). */
export function same(point: Point, b: Value | null, a: Value | null): boolean {
  if (point.type === 'number' && typeof a === 'number') return b === Math.fround(a);
  if (point.type === 'datetime' && a !== null && b !== null)
    return Math.abs(Date.parse(String(a)) - Date.parse(String(b))) < 10;
  return b === a;
}

/** B's keys of the points it reads from A (actions and Communication Status, which the connector sets, aside). */
export function readKeys(b: SiteB, ids?: string[]): string[] {
  const communication = new Set(
    b.site.devices.flatMap((d) =>
      pointsWithRole(d.profile, 'communication-status').map((p) => `${d.id}.${p.id}`),
    ),
  );
  return b.runtime.points.entries
    .filter((e) => e.point.type !== 'action' && !communication.has(e.key))
    .filter((e) => !ids || ids.some((id) => e.key.startsWith(`${id}.`)))
    .map((e) => e.key);
}
