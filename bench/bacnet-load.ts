// The BACnet/IP load generator of bench/bacnet.bench.ts, run in its own process so that it does not share the
// server's event loop: raw UDP sockets on loopback and frames built once with Pointyard's codec (not a BACnet
// client library, whose own speed would be measured). Three loads, each printing one JSON line:
//
//   rpm <host> <port> <clients> <warmMs> <measureMs> <objects…>
//     each client its own socket with one ReadPropertyMultiple (Present_Value and Status_Flags of the
//     objects, `type:instance` each) in flight at a time; prints `measure` when the warm-up ends, then:
//     requests, seconds, p50Ms, p99Ms, failures, cpuUs (its own CPU a request counted).
//   cov <host> <port> <warmMs> <measureMs> <objects…>
//     one socket subscribes (SubscribeCOV, unconfirmed, indefinite) once per object given (an object may come
//     back with another process id), waits for their first notifications, then prints `round` and waits
//     until every subscription has been notified once more (or ROUND_TIMEOUT_MS: what did not come is lost),
//     and again; the parent changes every point once per `round`: notifications, seconds, rounds, lost.
//   who-is <host> <port> <devices> <runs>
//     a global Who-Is, then the time until the last of `devices` I-Am arrives (or WHO_IS_TIMEOUT_MS): per
//     run, ms and found.
//
//   node --import tsx bench/bacnet-load.ts <load> …

import dgram from 'node:dgram';
import {
  type Apdu,
  ConfirmedService,
  decodeFrame,
  decodeIAm,
  decodeReadPropertyMultipleAck,
  encodeFrame,
  encodeReadPropertyMultiple,
  encodeSubscribeCov,
  encodeWhoIs,
  GLOBAL_NETWORK,
  type ObjectId,
  PropertyId,
  UnconfirmedService,
} from '../src/protocols/bacnet/codec/index.js';

const ROUND_TIMEOUT_MS = 500;
const WHO_IS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 1000;
/** Asked of the kernel for each socket: a burst of answers must not overflow it (capped by rmem_max). */
const RECEIVE_BUFFER = 4 * 1024 * 1024;

const [load = '', host = '127.0.0.1', portText = '0', ...rest] = process.argv.slice(2);
const server = { host, port: Number(portText) };

function objectsOf(args: string[]): ObjectId[] {
  return args.map((a) => {
    const [type, instance] = a.split(':').map(Number);
    return { type: type as number, instance: instance as number };
  });
}

async function socket(): Promise<dgram.Socket> {
  const s = dgram.createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER });
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  return s;
}

const send = (s: dgram.Socket, frame: Uint8Array) => s.send(frame, server.port, server.host);

/** A confirmed request to the device on the IP network (no DNET): octet 6 is the APDU, 8 its invoke id. */
function confirmedFrame(service: number, body: Uint8Array): Buffer {
  const apdu: Apdu = {
    type: 'confirmed-request',
    segmentedResponseAccepted: false,
    maxSegments: 0,
    maxApdu: 5,
    invokeId: 0,
    service,
    body,
  };
  return encodeFrame({
    bvlc: 'original-unicast',
    npdu: { expectingReply: true, priority: 0 },
    body: { apdu },
  });
}
const INVOKE_ID_AT = 8;
/** An answer from the device on the IP network: BVLC (4) and NPDU (2) octets, then the APDU. */
const APDU_AT = 6;

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function rpm(args: string[]): Promise<void> {
  const [clients, warmMs, measureMs] = args.slice(0, 3).map(Number) as [number, number, number];
  const objects = objectsOf(args.slice(3));
  const body = encodeReadPropertyMultiple(
    objects.map((object) => ({
      object,
      properties: [{ property: PropertyId.PRESENT_VALUE }, { property: PropertyId.STATUS_FLAGS }],
    })),
  );
  const template = confirmedFrame(ConfirmedService.READ_PROPERTY_MULTIPLE, body);
  const samples: number[] = [];
  let failures = 0;
  let checked = false;
  const start = performance.now();
  const warmEnd = start + warmMs;
  const end = warmEnd + measureMs;
  // The parent measures its CPU from here (the server's, over the requests counted).
  let cpu: NodeJS.CpuUsage | null = null;
  const measuring = setTimeout(() => {
    cpu = process.cpuUsage();
    process.stdout.write('measure\n');
  }, warmMs);
  const client = async () => {
    const s = await socket();
    const frame = Buffer.from(template);
    let invokeId = 0;
    let sentAt = 0;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      const next = () => {
        if (performance.now() >= end) return resolve();
        invokeId = (invokeId + 1) & 0xff;
        frame[INVOKE_ID_AT] = invokeId;
        sentAt = performance.now();
        send(s, frame);
        clearTimeout(timer);
        timer = setTimeout(() => {
          failures++;
          next();
        }, REQUEST_TIMEOUT_MS);
      };
      s.on('message', (answer) => {
        const now = performance.now();
        // A ComplexACK (PDU type 3) with this request's invoke id; anything else is a failure.
        if (answer[APDU_AT] !== 0x30 || answer[APDU_AT + 1] !== invokeId) {
          failures++;
          return;
        }
        if (!checked) {
          // Once: the whole answer decodes, with a result for every object.
          const f = decodeFrame(answer);
          const ack = f.ok && f.value.apdu?.type === 'complex-ack' ? f.value.apdu.body : null;
          const results = ack ? decodeReadPropertyMultipleAck(ack) : null;
          if (!results?.ok || results.value.length !== objects.length)
            throw new Error('the ReadPropertyMultiple-ACK does not answer every object');
          checked = true;
        }
        if (sentAt >= warmEnd) samples.push(now - sentAt);
        next();
      });
      next();
    });
    clearTimeout(timer);
    s.close();
  };
  await Promise.all(Array.from({ length: clients }, client));
  clearTimeout(measuring);
  const used = cpu ? process.cpuUsage(cpu) : null;
  samples.sort((a, b) => a - b);
  const out = {
    requests: samples.length,
    seconds: measureMs / 1000,
    p50Ms: percentile(samples, 0.5),
    p99Ms: percentile(samples, 0.99),
    failures,
    cpuUs: used && samples.length ? (used.user + used.system) / samples.length : null,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

async function cov(args: string[]): Promise<void> {
  const [warmMs, measureMs] = args.slice(0, 2).map(Number) as [number, number];
  const objects = objectsOf(args.slice(2));
  const s = await socket();
  // Subscribe: process id 1 + how many times the object came before; 64 requests in flight at most.
  const seenBefore = new Map<string, number>();
  const requests = objects.map((object, i) => {
    const key = `${object.type}:${object.instance}`;
    const processId = 1 + (seenBefore.get(key) ?? 0);
    seenBefore.set(key, processId);
    const frame = confirmedFrame(
      ConfirmedService.SUBSCRIBE_COV,
      encodeSubscribeCov({ processId, object, cancel: false, confirmed: false, lifetime: 0 }),
    );
    frame[INVOKE_ID_AT] = i & 0xff;
    return frame;
  });
  let notifications = 0;
  let acked = 0;
  let onAck: () => void = () => {};
  let onNotification: () => void = () => {};
  s.on('message', (d) => {
    if (d[APDU_AT] === 0x20) {
      acked++; // SimpleACK
      onAck();
    } else if (d[APDU_AT] === 0x10 && d[APDU_AT + 1] === UnconfirmedService.UNCONFIRMED_COV_NOTIFICATION) {
      notifications++;
      onNotification();
    }
  });
  for (let from = 0; from < requests.length; from += 64) {
    const batch = requests.slice(from, from + 64);
    const want = acked + batch.length;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`SubscribeCOV: ${acked} of ${want} acknowledged`)),
        5000,
      );
      onAck = () => {
        if (acked >= want) {
          clearTimeout(timer);
          resolve();
        }
      };
    });
    for (const frame of batch) send(s, frame);
    await done;
  }
  onAck = () => {};
  const perRound = objects.length;
  /** Resolves once `count` notifications are in, or after `ms`. */
  const notified = (count: number, ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      onNotification = () => {
        if (notifications >= count) {
          clearTimeout(timer);
          resolve();
        }
      };
      onNotification();
    });
  // The first notification of each subscription, sent after its SimpleACK.
  await notified(perRound, 5000);
  // Rounds: the parent changes every point once; each subscription is notified once more.
  let rounds = 0;
  let lost = 0;
  let counted = 0;
  const start = performance.now();
  let measuredFrom = 0;
  for (;;) {
    const now = performance.now();
    if (now >= start + warmMs + measureMs) break;
    if (measuredFrom === 0 && now >= start + warmMs) {
      measuredFrom = now;
      counted = notifications;
    }
    const before = notifications;
    process.stdout.write('round\n');
    await notified(before + perRound, ROUND_TIMEOUT_MS);
    if (measuredFrom !== 0) {
      rounds++;
      lost += Math.max(0, before + perRound - notifications);
    }
  }
  const seconds = (performance.now() - measuredFrom) / 1000;
  process.stdout.write(
    `${JSON.stringify({ notifications: notifications - counted, seconds, rounds, lost })}\n`,
  );
  s.close();
}

async function whoIs(args: string[]): Promise<void> {
  const [devices, runs] = args.map(Number) as [number, number];
  const s = await socket();
  const frame = encodeFrame({
    bvlc: 'original-broadcast',
    npdu: {
      expectingReply: false,
      priority: 0,
      destination: { network: GLOBAL_NETWORK, address: new Uint8Array(0) },
      hopCount: 255,
    },
    body: {
      apdu: { type: 'unconfirmed-request', service: UnconfirmedService.WHO_IS, body: encodeWhoIs({}) },
    },
  });
  const results: Array<{ ms: number; found: number }> = [];
  for (let run = 0; run < runs; run++) {
    const instances = new Set<number>();
    const sentAt = performance.now();
    let last = sentAt;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, WHO_IS_TIMEOUT_MS);
      const listener = (d: Buffer) => {
        const f = decodeFrame(d);
        if (!f.ok || f.value.apdu?.type !== 'unconfirmed-request') return;
        if (f.value.apdu.service !== UnconfirmedService.I_AM) return;
        const iAm = decodeIAm(f.value.apdu.body);
        if (iAm.ok) instances.add(iAm.value.device.instance);
        last = performance.now();
        if (instances.size >= devices) {
          clearTimeout(timer);
          s.off('message', listener);
          resolve();
        }
      };
      s.on('message', listener);
      send(s, frame);
    });
    s.removeAllListeners('message');
    results.push({ ms: last - sentAt, found: instances.size });
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
  s.close();
}

if (load === 'rpm') await rpm(rest);
else if (load === 'cov') await cov(rest);
else if (load === 'who-is') await whoIs(rest);
else throw new Error(`unknown load ${load}`);
