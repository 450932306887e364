// The Modbus server's connections over real TCP on 127.0.0.1: pipelined requests answered in order, many
// masters at once, garbage closes, idle timeout, a bound on connections, and a fuzz of frames on the wire.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { EXCEPTION } from '../../src/protocols/modbus/constants.js';
import { encodeFrame, type Frame, FrameDecoder } from '../../src/protocols/modbus/mbap.js';
import { encodeRequest, type Request } from '../../src/protocols/modbus/requests.js';
import { type DemoModbus, demoModbus } from '../support/modbus-server.js';

/** A raw connection: every frame received, and whether the server closed it. */
async function raw(port: number) {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const decoder = new FrameDecoder();
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  socket.on('data', (chunk: Buffer) => {
    decoder.push(chunk, (f) => frames.push({ ...f, pdu: Buffer.from(f.pdu) }));
    wake();
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      wake();
      resolve();
    }),
  );
  return {
    socket,
    frames,
    closed,
    /** Waits until `n` frames arrived (or the connection closed). */
    async receive(n: number): Promise<Frame[]> {
      while (frames.length < n && !socket.destroyed)
        await new Promise<void>((resolve) => waiters.push(resolve));
      return frames.slice(0, n);
    },
    end: () => socket.destroy(),
  };
}

const frameOf = (id: number, unit: number, request: Request) => encodeFrame(id, unit, encodeRequest(request));

describe('Modbus connections', () => {
  let demo: DemoModbus;
  before(async () => {
    demo = await demoModbus();
  });
  after(() => demo.close());

  test('pipelined requests are answered in order; a read after a write sees the write', async () => {
    const conn = await raw(demo.port);
    try {
      const requests: Buffer[] = [];
      for (let i = 0; i < 20; i++) requests.push(frameOf(100 + i, 2, { fc: 3, address: 0, quantity: 7 }));
      requests.push(frameOf(200, 2, { fc: 6, address: 100, value: 2500 }));
      requests.push(frameOf(201, 2, { fc: 3, address: 100, quantity: 1 }));
      requests.push(frameOf(202, 2, { fc: 6, address: 100, value: 1000 }));
      requests.push(frameOf(203, 2, { fc: 3, address: 100, quantity: 1 }));
      requests.push(frameOf(204, 99, { fc: 3, address: 0, quantity: 1 }));
      conn.socket.write(Buffer.concat(requests));
      const frames = await conn.receive(requests.length);
      assert.deepEqual(
        frames.map((f) => f.transactionId),
        [...Array.from({ length: 20 }, (_, i) => 100 + i), 200, 201, 202, 203, 204],
      );
      assert.deepEqual([...(frames[21]?.pdu ?? [])], [3, 2, 2500 >> 8, 2500 & 0xff]);
      assert.deepEqual([...(frames[23]?.pdu ?? [])], [3, 2, 1000 >> 8, 1000 & 0xff]);
      assert.deepEqual([...(frames[24]?.pdu ?? [])], [0x83, EXCEPTION.gatewayTargetFailedToRespond]);
      assert.equal(frames[24]?.unitId, 99);
    } finally {
      conn.end();
    }
  });

  test('3,000 pipelined reads on one connection (200 KiB of answers) are all answered, in order', async () => {
    const conn = await raw(demo.port);
    try {
      const count = 3000;
      const requests: Buffer[] = [];
      for (let i = 0; i < count; i++) requests.push(frameOf(i, 2, { fc: 4, address: 500, quantity: 30 }));
      conn.socket.write(Buffer.concat(requests));
      // Bounded: a stalled connection would only be closed by the idle timeout (60 s).
      const frames = await Promise.race([
        conn.receive(count),
        new Promise<Frame[]>((resolve) => setTimeout(() => resolve(conn.frames.slice()), 20_000).unref()),
      ]);
      assert.equal(frames.length, count);
      assert.ok(frames.every((f, i) => f.transactionId === i && f.pdu[0] === 4 && f.pdu[1] === 60));
    } finally {
      conn.end();
    }
  });

  test('a frame in pieces is answered once whole', async () => {
    const conn = await raw(demo.port);
    try {
      const frame = frameOf(7, 1, { fc: 1, address: 0, quantity: 2 });
      for (const byte of frame) {
        conn.socket.write(Buffer.of(byte));
        await new Promise((resolve) => setImmediate(resolve));
      }
      const [answer] = await conn.receive(1);
      assert.equal(answer?.transactionId, 7);
      assert.equal(answer?.pdu[0], 1);
    } finally {
      conn.end();
    }
  });

  test('many masters at once, each answered on its own connection', async () => {
    const clients = await Promise.all(Array.from({ length: 25 }, () => demo.client()));
    const answers = await Promise.all(
      clients.flatMap((c, i) =>
        Array.from({ length: 4 }, () =>
          c.request((i % 14) + 1, { fc: 43, mei: 14, code: 4, objectId: 0x80 }),
        ),
      ),
    );
    answers.forEach((a, n) => {
      const i = Math.floor(n / 4);
      assert.ok(a.kind === 'device-id');
      assert.equal(a.objects.get(0x80), demo.site.devices.find((d) => d.numbers.modbus === (i % 14) + 1)?.id);
    });
    assert.ok(demo.server.connections >= 25); // every one has been answered: the server holds them all
    await Promise.all(clients.map((c) => c.close()));
  });

  test('garbage closes the connection after answering the frames before it', async () => {
    const conn = await raw(demo.port);
    conn.socket.write(
      Buffer.concat([
        frameOf(1, 1, { fc: 1, address: 0, quantity: 1 }),
        Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      ]),
    );
    await conn.closed;
    assert.deepEqual(
      conn.frames.map((f) => f.transactionId),
      [1],
    );
    // The server itself is fine.
    const client = await demo.client();
    assert.equal((await client.request(1, { fc: 1, address: 0, quantity: 1 })).kind, 'bits');
  });

  test('close() ends every connection', async () => {
    const other = await demoModbus();
    const conn = await raw(other.port);
    await other.close();
    await conn.closed;
    assert.ok(conn.socket.destroyed);
  });
});

describe('Modbus connection limits', () => {
  test('a connection silent for the idle timeout is closed', async () => {
    const demo = await demoModbus({ idleTimeoutMs: 100 });
    try {
      const conn = await raw(demo.port);
      await conn.closed; // the test runner's timeout bounds the wait
      for (let i = 0; i < 100 && demo.server.connections > 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.equal(demo.server.connections, 0);
    } finally {
      await demo.close();
    }
  });

  test('a connection that keeps talking is not closed by the idle timeout', async () => {
    const demo = await demoModbus({ idleTimeoutMs: 300 });
    try {
      const client = await demo.client();
      // Three idle timeouts of requests, a few tens of ms apart: every one is answered.
      const until = Date.now() + 900;
      while (Date.now() < until) {
        assert.equal((await client.request(1, { fc: 1, address: 0, quantity: 1 })).kind, 'bits');
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.equal(demo.server.connections, 1);
    } finally {
      await demo.close();
    }
  });

  test('connections beyond the bound are closed at once; the others keep working', async () => {
    const demo = await demoModbus({ maxConnections: 2 });
    try {
      const a = await demo.client();
      const b = await demo.client();
      const third = await raw(demo.port);
      await third.closed;
      assert.equal(third.frames.length, 0);
      assert.equal((await a.request(1, { fc: 1, address: 0, quantity: 1 })).kind, 'bits');
      assert.equal((await b.request(1, { fc: 1, address: 0, quantity: 1 })).kind, 'bits');
      await a.close();
      // A place is free again (the server sees the close soon after).
      let fourth = await raw(demo.port);
      for (let i = 0; i < 50; i++) {
        fourth.socket.write(frameOf(1, 1, { fc: 1, address: 0, quantity: 1 }));
        const got = await Promise.race([fourth.receive(1), fourth.closed.then(() => [])]);
        if (got.length === 1) break;
        fourth = await raw(demo.port);
      }
      assert.equal(fourth.frames[0]?.pdu[0], 1);
      fourth.end();
    } finally {
      await demo.close();
    }
  });

  test('onRequest and onConnection tell who talks (for the parking server)', async () => {
    const seen: string[] = [];
    const demo = await demoModbus({
      onRequest: (ip) => seen.push(`request ${ip}`),
      onConnection: (ip, open) => seen.push(`${open ? 'open' : 'close'} ${ip}`),
    });
    try {
      const client = await demo.client();
      await client.request(1, { fc: 1, address: 0, quantity: 1 });
      await client.close();
      for (let i = 0; i < 100 && !seen.includes('close 127.0.0.1'); i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(seen, ['open 127.0.0.1', 'request 127.0.0.1', 'close 127.0.0.1']);
    } finally {
      await demo.close();
    }
  });
});

describe('Modbus frames fuzzed on the wire', () => {
  let demo: DemoModbus;
  before(async () => {
    demo = await demoModbus();
  });
  after(() => demo.close());

  const valid = (pdu: Uint8Array) => {
    const fcode = pdu[0] as number;
    return fcode & 0x80 ? pdu.length === 2 && [1, 2, 3, 4, 0x0b].includes(pdu[1] as number) : pdu.length >= 2;
  };

  test('property: random and mutated frames get an answer (a response or a listed exception) or a close', async () => {
    const seeds = [
      frameOf(1, 2, { fc: 3, address: 0, quantity: 7 }),
      frameOf(1, 1, { fc: 16, address: 500, values: Uint16Array.from([0x7374, 0x616e, 0x6400]) }),
      frameOf(1, 6, { fc: 4, address: 0, quantity: 4 }),
      frameOf(1, 1, { fc: 15, address: 0, values: [true, false] }),
      frameOf(1, 8, { fc: 43, mei: 14, code: 3, objectId: 0 }),
    ];
    const frame = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(...seeds),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        )
        .map(([seed, mutations]) => {
          const out = Buffer.from(seed);
          for (const [at, byte] of mutations) out[7 + (at % (out.length - 7))] = byte; // the PDU only
          return out;
        }),
      fc
        .tuple(fc.integer({ min: 0, max: 20 }), fc.uint8Array({ minLength: 1, maxLength: 40 }))
        .map(([unit, pdu]) => encodeFrame(9, unit, pdu)),
      fc.uint8Array({ minLength: 1, maxLength: 30 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (bytes) => {
        const conn = await raw(demo.port);
        try {
          conn.socket.write(bytes);
          // A whole valid-looking frame gets one answer; garbage a close; a partial frame waits.
          const header = bytes.length >= 7 && bytes.readUInt16BE(2) === 0 ? 6 + bytes.readUInt16BE(4) : -1;
          if (header === bytes.length && header >= 8 && header <= 260) {
            const [answer] = await conn.receive(1);
            assert.ok(answer, 'answered');
            assert.ok(valid(answer.pdu), `answer ${answer.pdu.toString('hex')} to ${bytes.toString('hex')}`);
          } else if (bytes.length >= 4 && bytes.readUInt16BE(2) !== 0) {
            await conn.closed;
          }
        } finally {
          conn.end();
        }
      }),
      { numRuns: 150 },
    );
    // Still serving, and no garbage reached the point store.
    const client = await demo.client();
    assert.equal((await client.request(2, { fc: 3, address: 0, quantity: 7 })).kind, 'registers');
  });
});
