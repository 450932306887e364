// The BACnet application over the demo site's real runtime, in virtual time, without the network side:
// requests encoded with the codec and decoded again as the network side would, answers decoded with the
// codec; COV notifications caught at the outbound port. `close` stops the application and the runtime.

import { VirtualClock } from '../../src/core/clock.js';
import type {
  BacnetDevice,
  BacnetOutbound,
  BacnetPeer,
  ConfirmedAnswer,
} from '../../src/protocols/bacnet/application.js';
import {
  type BacnetApplicationOptions,
  createBacnetApplicationWith,
} from '../../src/protocols/bacnet/bacnet-application.js';
import {
  type BacnetValue,
  ConfirmedService,
  type CovNotification,
  decodeConfirmedRequest,
  decodeCovNotification,
  decodeError,
  decodePropertyValue,
  decodeReadPropertyAck,
  decodeReadPropertyMultipleAck,
  encodeReadProperty,
  encodeReadPropertyMultiple,
  encodeSubscribeCov,
  encodeSubscribeCovProperty,
  encodeWriteProperty,
  encodeWritePropertyMultiple,
  type ObjectId,
  type PropertyElement,
  type ReadAccessResult,
  type ReadAccessSpecification,
  type SubscribeCovPropertyRequest,
  type SubscribeCovRequest,
  type WriteAccessSpecification,
  type WritePropertyRequest,
} from '../../src/protocols/bacnet/codec/index.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import type { DriverFactory } from '../../src/runtime/device-driver.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { T0 } from '../runtime/site-fixture.js';

export const PEER: BacnetPeer = { address: '127.0.0.1:47809', routedFrom: null };

/** A notification the application sent, decoded. */
export interface SentNotification {
  confirmed: boolean;
  from: BacnetDevice;
  to: BacnetPeer;
  notification: CovNotification;
}

/** What a confirmed request got back, decoded where the codec can. */
export type Decoded =
  | { kind: 'simple-ack' }
  | { kind: 'complex-ack'; body: Uint8Array }
  | { kind: 'error'; errorClass: number; errorCode: number; why: string; body?: Uint8Array }
  | { kind: 'reject'; reason: number }
  | { kind: 'abort'; reason: number };

/** Values of a property value (context-tagged elements fail the test). */
export function valuesOf(raw: Uint8Array): BacnetValue[] {
  const decoded = decodePropertyValue(raw);
  if (!decoded.ok) throw new Error(`undecodable property value: ${decoded.error}`);
  return decoded.value.map((e: PropertyElement) => {
    if (e.type === 'context') throw new Error('a context-tagged element in a property value');
    return e;
  });
}

export async function bacnetApp(
  options: BacnetApplicationOptions & {
    edit?: (site: Site) => void;
    /** Reads some devices through connectors (a fake remote). */
    driverFor?: DriverFactory;
  } = {},
) {
  const { edit, driverFor, ...appOptions } = options;
  const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
  if (!site) throw new Error('the demo site does not load');
  edit?.(site);
  const clock = new VirtualClock(T0);
  const store = new MemoryStore();
  const runtime = await Runtime.open({ site, store, clock, seed: 1, ...(driverFor ? { driverFor } : {}) });
  runtime.start();
  clock.advance(60_000);
  const sent: SentNotification[] = [];
  const outbound: BacnetOutbound = {
    unconfirmed(from, to, request) {
      const d = decodeCovNotification(request.body);
      if (!d.ok) throw new Error(`undecodable notification: ${d.error}`);
      sent.push({ confirmed: false, from, to, notification: d.value });
    },
    async confirmed(from, to, service, body) {
      if (service !== ConfirmedService.CONFIRMED_COV_NOTIFICATION) throw new Error(`service ${service}`);
      const d = decodeCovNotification(body);
      if (!d.ok) throw new Error(`undecodable notification: ${d.error}`);
      sent.push({ confirmed: true, from, to, notification: d.value });
      return true;
    },
  };
  const app = createBacnetApplicationWith(runtime.services, outbound, appOptions);

  /** A device by its site id. */
  const device = (id: string): BacnetDevice => {
    const found = app.devices().find((d) => d.id === id);
    if (!found) throw new Error(`no BACnet device ${id}`);
    return found;
  };

  /** Sends a confirmed request's octets through the codec's dispatch, as the network side does. */
  async function confirmed(
    to: BacnetDevice,
    service: number,
    body: Uint8Array,
    peer = PEER,
  ): Promise<Decoded> {
    const request = decodeConfirmedRequest(service, body);
    if (!request || !request.ok)
      throw new Error(`the codec refuses the request: ${request?.ok === false ? request.error : 'unknown'}`);
    const answer: ConfirmedAnswer = await app.confirmed(to, request.value, peer);
    return answer;
  }

  return {
    site,
    runtime,
    clock,
    store,
    app,
    sent,
    device,
    confirmed,
    /** ReadProperty: the values, or the error. */
    async readProperty(
      to: BacnetDevice,
      object: ObjectId,
      property: number,
      arrayIndex?: number,
    ): Promise<{ ok: true; values: BacnetValue[]; object: ObjectId } | { ok: false; answer: Decoded }> {
      const body = encodeReadProperty(
        arrayIndex === undefined ? { object, property } : { object, property, arrayIndex },
      );
      const answer = await confirmed(to, ConfirmedService.READ_PROPERTY, body);
      if (answer.kind !== 'complex-ack') return { ok: false, answer };
      const ack = decodeReadPropertyAck(answer.body);
      if (!ack.ok) throw new Error(`undecodable ReadProperty-ACK: ${ack.error}`);
      return { ok: true, values: valuesOf(ack.value.value), object: ack.value.object };
    },
    async readMultiple(to: BacnetDevice, specs: ReadAccessSpecification[]): Promise<ReadAccessResult[]> {
      const answer = await confirmed(
        to,
        ConfirmedService.READ_PROPERTY_MULTIPLE,
        encodeReadPropertyMultiple(specs),
      );
      if (answer.kind !== 'complex-ack') throw new Error(`RPM answered ${JSON.stringify(answer)}`);
      const ack = decodeReadPropertyMultipleAck(answer.body);
      if (!ack.ok) throw new Error(`undecodable RPM-ACK: ${ack.error}`);
      return ack.value;
    },
    writeProperty: (to: BacnetDevice, request: WritePropertyRequest) =>
      confirmed(to, ConfirmedService.WRITE_PROPERTY, encodeWriteProperty(request)),
    writeMultiple: (to: BacnetDevice, specs: WriteAccessSpecification[]) =>
      confirmed(to, ConfirmedService.WRITE_PROPERTY_MULTIPLE, encodeWritePropertyMultiple(specs)),
    subscribe: (to: BacnetDevice, request: SubscribeCovRequest, peer = PEER) =>
      confirmed(to, ConfirmedService.SUBSCRIBE_COV, encodeSubscribeCov(request), peer),
    subscribeProperty: (to: BacnetDevice, request: SubscribeCovPropertyRequest, peer = PEER) =>
      confirmed(to, ConfirmedService.SUBSCRIBE_COV_PROPERTY, encodeSubscribeCovProperty(request), peer),
    /** The point store's state of `<device>.<point>`. */
    state(key: string) {
      const index = runtime.services.points.indexOf(key);
      if (index === undefined) throw new Error(`no point ${key}`);
      return runtime.services.points.read(index);
    },
    async close() {
      app.close();
      await runtime.stop();
    },
  };
}

export type BacnetAppFixture = Awaited<ReturnType<typeof bacnetApp>>;

/** Polls `cond` every few ms until it holds, at most `maxMs` (real time): for what goes out on setImmediate. */
export async function until(cond: () => boolean, maxMs = 2000): Promise<void> {
  const end = Date.now() + maxMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}

export { decodeError };
