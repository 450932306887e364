// The CPU a ReadPropertyMultiple costs the server, in process and without the sockets: the request datagram
// taken apart (decodeFrame, as the UDP endpoint does), the router, the server transactions and the
// application over the site's runtime, the answer datagram built; one request at a time. The figure is the
// process's CPU time (process.cpuUsage, garbage collection included) over the requests answered: what each
// request takes from the server's one thread, the bound on its requests per second.

import { VirtualClock } from '../src/core/clock.js';
import { createBacnetApplication } from '../src/protocols/bacnet/bacnet-application.js';
import {
  ConfirmedService,
  decodeFrame,
  encodeFrame,
  encodeReadPropertyMultiple,
  type ObjectId,
  PropertyId,
} from '../src/protocols/bacnet/codec/index.js';
import { BacnetRouter, outboundOf, type RouterLink } from '../src/protocols/bacnet/router.js';
import { ipDeviceIdOf } from '../src/protocols/bacnet/server-service.js';
import { ClientTransactions, ServerTransactions } from '../src/protocols/bacnet/transactions.js';
import type { Received } from '../src/protocols/bacnet/udp-endpoint.js';
import { Runtime } from '../src/runtime/runtime.js';
import type { Site } from '../src/site/model.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';

const WARM_MS = 1000;
const MEASURE_MS = 2000;
const FROM = { address: '127.0.0.1', port: 47809 };
/** Octet 8 of the request datagram is its invoke id (BVLC 4, NPDU 2, then the APDU's third octet). */
const INVOKE_ID_AT = 8;

export interface RpmCpu {
  /** CPU time per request, µs. */
  cpuUs: number;
  /** Wall time per request, µs (one at a time, nothing else in between). */
  wallUs: number;
  requests: number;
  /** Octets of the answer datagram. */
  answerOctets: number;
}

/** Present_Value and Status_Flags of `objects` of the device on the IP network of `site`, asked again and again. */
export async function rpmCpu(site: Site, objects: readonly ObjectId[]): Promise<RpmCpu> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5));
  const runtime = await Runtime.open({ site, store: new MemoryStore(), clock, seed: 1 });
  const client = new ClientTransactions(clock);
  let router: BacnetRouter | null = null;
  const application = createBacnetApplication(
    runtime.services,
    outboundOf((from, to, apdu) => router?.sendTo(from, to, apdu), client),
  );
  const server = new ServerTransactions(application, clock);
  let answered: (datagram: Uint8Array) => void = () => {};
  const link: RouterLink = {
    send: (datagram) => answered(datagram),
    broadcast: () => {},
    answersThroughBbmd: () => false,
  };
  router = new BacnetRouter(application, server, client, link, {
    network: 2,
    ipNetwork: 1,
    ipDeviceId: ipDeviceIdOf(site),
  });
  const request = encodeFrame({
    bvlc: 'original-unicast',
    npdu: { expectingReply: true, priority: 0 },
    body: {
      apdu: {
        type: 'confirmed-request',
        segmentedResponseAccepted: false,
        maxSegments: 0,
        maxApdu: 5,
        invokeId: 0,
        service: ConfirmedService.READ_PROPERTY_MULTIPLE,
        body: encodeReadPropertyMultiple(
          objects.map((object) => ({
            object,
            properties: [{ property: PropertyId.PRESENT_VALUE }, { property: PropertyId.STATUS_FLAGS }],
          })),
        ),
      },
    },
  });
  let invokeId = 0;
  const one = () =>
    new Promise<Uint8Array>((resolve, reject) => {
      invokeId = (invokeId + 1) & 0xff;
      request[INVOKE_ID_AT] = invokeId;
      const frame = decodeFrame(request);
      if (!frame.ok) return reject(new Error(frame.error));
      answered = resolve;
      router?.receive({
        frame: frame.value as Received['frame'],
        from: FROM,
        replyTo: FROM,
        broadcast: false,
      });
    });
  try {
    const first = await one();
    // A ComplexACK (PDU type 3) of the whole answer, not an error.
    if (first[6] !== 0x30) throw new Error('ReadPropertyMultiple was not answered with a ComplexACK');
    const warmEnd = performance.now() + WARM_MS;
    while (performance.now() < warmEnd) await one();
    let requests = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    while (performance.now() < start + MEASURE_MS) {
      await one();
      requests++;
    }
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return {
      cpuUs: (used.user + used.system) / requests,
      wallUs: (wallMs * 1000) / requests,
      requests,
      answerOctets: first.length,
    };
  } finally {
    server.close();
    client.close();
    application.close?.();
    await runtime.stop();
  }
}
