// What the BACnet network tests share: the demo site's devices as BacnetDevices, a small application defined
// here (ReadProperty of Object_Name answers a name as long as asked, to force segmentation), the network side
// started on a free loopback port with a virtual clock, and a raw BACnet/IP peer on its own socket that sends
// frames and collects the decoded answers with bounded polls.

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { VirtualClock } from '../../src/core/clock.js';
import type {
  BacnetApplication,
  BacnetDevice,
  BacnetOutbound,
  BacnetPeer,
  ConfirmedAnswer,
} from '../../src/protocols/bacnet/application.js';
import {
  type Apdu,
  type BipAddress,
  ConfirmedService,
  decodeFrame,
  ErrorClass,
  ErrorCode,
  encodeFrame,
  encodePropertyValue,
  encodeReadProperty,
  encodeReadPropertyAck,
  type Frame,
  type FrameToSend,
  ObjectType,
  PropertyId,
  Segmentation,
} from '../../src/protocols/bacnet/codec/index.js';
import {
  type BacnetNetwork,
  ipDeviceIdOf,
  startBacnetNetwork,
} from '../../src/protocols/bacnet/server-service.js';
import type { TransactionTiming } from '../../src/protocols/bacnet/transactions.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { loadSite } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';

export const T0 = Date.UTC(2026, 0, 5);

export function demoSite(): Site {
  const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
  if (!site) throw new Error('the demo site does not load');
  return site;
}

/** Every device of the demo site, as the application side would list them. */
export function demoDevices(site = demoSite()): BacnetDevice[] {
  return site.devices.map((d) => {
    const instance = d.numbers.bacnet;
    if (instance === undefined || instance === null) throw new Error(`${d.id} has no BACnet instance`);
    return {
      id: d.id,
      instance,
      name: d.id,
      vendorId: 65535,
      maxApdu: 1476,
      segmentation: Segmentation.SEGMENTED_BOTH,
    };
  });
}

/** The application of these tests: Object_Name of anything is `nameLength` characters long; the rest errs. */
export class TestApplication implements BacnetApplication {
  readonly calls: Array<{ device: string; service: string; peer: BacnetPeer }> = [];
  outbound: BacnetOutbound | null = null;

  constructor(
    private readonly list: readonly BacnetDevice[],
    public nameLength = 20,
  ) {}

  devices(): readonly BacnetDevice[] {
    return this.list;
  }

  async confirmed(
    device: BacnetDevice,
    request: Parameters<BacnetApplication['confirmed']>[1],
    peer: BacnetPeer,
  ): Promise<ConfirmedAnswer> {
    this.calls.push({ device: device.id, service: request.service, peer });
    if (request.service === 'read-property' && request.request.property === PropertyId.OBJECT_NAME) {
      const name = `${device.id}:`.padEnd(this.nameLength, 'x').slice(0, this.nameLength);
      const value = encodePropertyValue([{ type: 'characterString', value: name }]);
      return { kind: 'complex-ack', body: encodeReadPropertyAck({ ...request.request, value }) };
    }
    if (request.service === 'write-property') return { kind: 'simple-ack' };
    return {
      kind: 'error',
      errorClass: ErrorClass.PROPERTY,
      errorCode: ErrorCode.UNKNOWN_PROPERTY,
      why: 'test',
    };
  }

  unconfirmed(): readonly [] {
    return [];
  }
}

export const FAST_TIMING: TransactionTiming = {
  apduTimeoutMs: 1000,
  segmentTimeoutMs: 1000,
  retries: 2,
  proposedWindow: 4,
};

/** The network side on the demo site's devices, on a free loopback port, its timers on a virtual clock. */
export async function testNetwork(
  options: {
    nameLength?: number;
    timing?: TransactionTiming;
    host?: string;
    port?: number;
    broadcast?: string;
  } = {},
) {
  const site = demoSite();
  const devices = demoDevices(site);
  const application = new TestApplication(devices, options.nameLength);
  const clock = new VirtualClock(T0);
  const lines: string[] = [];
  const network: BacnetNetwork = await startBacnetNetwork({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    network: 2,
    ipNetwork: 1,
    broadcast: options.broadcast ?? options.host ?? '127.0.0.1',
    ipDeviceId: ipDeviceIdOf(site),
    application: (outbound) => {
      application.outbound = outbound;
      return application;
    },
    clock,
    timing: options.timing ?? FAST_TIMING,
    log: (line) => lines.push(line),
  });
  const ipDevice = devices.find((d) => d.id === ipDeviceIdOf(site)) as BacnetDevice;
  return {
    site,
    devices,
    application,
    clock,
    network,
    lines,
    ipDevice,
    routed: devices.filter((d) => d !== ipDevice),
  };
}

/** A BACnet/IP station of its own on loopback: sends frames, keeps every decoded datagram it receives. */
export class RawPeer {
  readonly received: Array<{ frame: Frame; from: BipAddress; raw: Buffer }> = [];
  readonly undecodable: Buffer[] = [];

  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (raw, rinfo) => {
      const decoded = decodeFrame(raw);
      if (decoded.ok)
        this.received.push({ frame: decoded.value, from: { address: rinfo.address, port: rinfo.port }, raw });
      else this.undecodable.push(raw);
    });
  }

  static async open(host = '127.0.0.1', port = 0): Promise<RawPeer> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(port, host, resolve));
    return new RawPeer(socket);
  }

  get address(): BipAddress {
    const a = this.socket.address();
    return { address: a.address, port: a.port };
  }

  sendRaw(datagram: Uint8Array, to: BipAddress): void {
    this.socket.send(datagram, to.port, to.address);
  }

  send(frame: FrameToSend, to: BipAddress): void {
    this.sendRaw(encodeFrame(frame), to);
  }

  /** The received frames that match, once there are at least `count` of them (polls every 5 ms, 2 s at most). */
  async waitFor(match: (f: Frame) => boolean, count = 1): Promise<Frame[]> {
    for (let i = 0; i < 400; i++) {
      const found = this.received.filter((r) => match(r.frame)).map((r) => r.frame);
      if (found.length >= count) return found;
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.fail(
      `expected ${count} matching frame(s), got ${this.received.filter((r) => match(r.frame)).length}`,
    );
  }

  /** Sends a marker to itself and waits for it: every datagram the server sent before is in by then. */
  async settle(server: BacnetNetwork): Promise<void> {
    // The server answers a Who-Is-Router-To-Network for the virtual network: its answer follows any earlier one.
    const before = this.received.length;
    this.send(
      {
        bvlc: 'original-unicast',
        npdu: { expectingReply: false, priority: 0 },
        body: { networkMessage: { type: 'who-is-router-to-network', network: 2 } },
      },
      server.address,
    );
    await this.waitFor(() => this.received.length > before);
    this.received.splice(before);
  }

  clear(): void {
    this.received.length = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}

/** ReadProperty of a Device object's Object_Name, with the requester's limits. */
export function readName(
  invokeId: number,
  instance: number,
  limits: Partial<Extract<Apdu, { type: 'confirmed-request' }>> = {},
): Apdu {
  return {
    type: 'confirmed-request',
    segmentedResponseAccepted: false,
    maxSegments: 0,
    maxApdu: 5,
    invokeId,
    service: ConfirmedService.READ_PROPERTY,
    body: encodeReadProperty({
      object: { type: ObjectType.DEVICE, instance },
      property: PropertyId.OBJECT_NAME,
    }),
    ...limits,
  };
}
