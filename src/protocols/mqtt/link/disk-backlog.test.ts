import assert from 'node:assert/strict';
import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { DiskBacklog, FILE_HEADER, recordSize } from './disk-backlog.js';
import type { Outgoing } from './outgoing.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-disk-backlog-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `b${++n}`);

interface Line {
  obj: object | string;
  msg: string | undefined;
}
function logger() {
  const warnings: Line[] = [];
  return {
    warnings,
    log: { info() {}, warn: (obj: object | string, msg?: string) => warnings.push({ obj, msg }), error() {} },
  };
}

const UNBOUNDED = { maxBytes: Number.MAX_SAFE_INTEGER, maxAgeMs: Number.MAX_SAFE_INTEGER };

function message(i: number, payloadBytes = 8): Outgoing {
  return {
    topic: `pointyard/site/dev/p${i % 7}`,
    payload: Buffer.alloc(payloadBytes, i % 251),
    qos: i % 2 === 0 ? 1 : 0,
    retain: i % 3 === 0,
    ...(i % 5 === 0 ? { kind: 'sparkplug' as const } : {}),
  };
}

const arbMessage: fc.Arbitrary<Outgoing> = fc
  .record({
    topic: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
    payload: fc.uint8Array({ maxLength: 300 }),
    qos: fc.constantFrom(0 as const, 1 as const),
    retain: fc.boolean(),
    sparkplug: fc.boolean(),
  })
  .map(({ topic, payload, qos, retain, sparkplug }) => ({
    topic,
    payload: Buffer.from(payload),
    qos,
    retain,
    ...(sparkplug ? { kind: 'sparkplug' as const } : {}),
  }));

type Op =
  | { kind: 'append'; messages: Outgoing[] }
  | { kind: 'peek'; max: number }
  | { kind: 'release'; count: number }
  | { kind: 'reopen' };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), messages: fc.array(arbMessage, { maxLength: 20 }) }),
  fc.record({ kind: fc.constant('peek' as const), max: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('release' as const), count: fc.integer({ min: 0, max: 30 }) }),
  fc.constant({ kind: 'reopen' as const }),
);

test('random appends, peeks, releases and reopens give what a queue in memory gives', () => {
  fc.assert(
    fc.property(fc.array(arbOp, { maxLength: 40 }), (ops) => {
      const dir = fresh();
      const { log } = logger();
      let backlog = DiskBacklog.open(dir, UNBOUNDED, log);
      let model: Outgoing[] = [];
      try {
        for (const op of ops) {
          if (op.kind === 'append') {
            backlog.append(op.messages);
            model.push(...op.messages);
          } else if (op.kind === 'peek') {
            assert.deepEqual(backlog.peek(op.max), model.slice(0, op.max));
          } else if (op.kind === 'release') {
            backlog.peek(op.count);
            backlog.release(backlog.first + op.count);
            model = model.slice(op.count);
          } else {
            backlog.close();
            backlog = DiskBacklog.open(dir, UNBOUNDED, log);
          }
          assert.equal(backlog.size, model.length);
          assert.equal(
            backlog.status().bytes,
            model.reduce((sum, m) => sum + recordSize(m), 0),
          );
        }
        assert.deepEqual(backlog.peek(1000), model);
      } finally {
        backlog.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 150 },
  );
});

test('past the size bound the oldest are dropped, counted and logged; the rest stay in order', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(arbMessage, { maxLength: 10 }), { maxLength: 20 }),
      fc.integer({ min: 50, max: 3000 }),
      (appends, maxBytes) => {
        const dir = fresh();
        const { log, warnings } = logger();
        const backlog = DiskBacklog.open(dir, { maxBytes, maxAgeMs: Number.MAX_SAFE_INTEGER }, log);
        const model: Outgoing[] = [];
        let dropped = 0;
        try {
          for (const batch of appends) {
            backlog.append(batch);
            model.push(...batch);
            let bytes = model.reduce((sum, m) => sum + recordSize(m), 0);
            while (bytes > maxBytes) {
              bytes -= recordSize(model.shift() as Outgoing);
              dropped++;
            }
            assert.deepEqual(backlog.peek(1000), model);
            assert.equal(backlog.status().dropped, dropped);
          }
          assert.equal(warnings.length > 0, dropped > 0);
        } finally {
          backlog.close();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    ),
    { numRuns: 100 },
  );
});

test('past the age bound the oldest are dropped as time goes by', () => {
  const dir = fresh();
  const { log, warnings } = logger();
  let now = 1_000_000;
  const backlog = DiskBacklog.open(dir, { maxBytes: 1 << 30, maxAgeMs: 60_000 }, log, () => now);
  backlog.append([message(1), message(2)]);
  now += 30_000;
  backlog.append([message(3)]);
  now += 30_001;
  assert.deepEqual(backlog.peek(10), [message(3)]);
  assert.deepEqual(backlog.status(), {
    messages: 1,
    bytes: recordSize(message(3)),
    oldest: 1_030_000,
    dropped: 2,
  });
  assert.equal(warnings.length, 1);
  backlog.close();
});

test('a release names messages by number: those the bound dropped meanwhile are not released twice', () => {
  const dir = fresh();
  const size = recordSize(message(0));
  const backlog = DiskBacklog.open(dir, { maxBytes: 4 * size, maxAgeMs: 1e12 }, logger().log);
  backlog.append([0, 1, 2, 3].map((i) => message(i)));
  const first = backlog.first;
  const batch = backlog.peek(2);
  assert.deepEqual(batch, [message(0), message(1)]);
  // While the batch is out, two more arrive: the two oldest (the batch) are dropped by the bound.
  backlog.append([4, 5].map((i) => message(i)));
  backlog.release(first + batch.length);
  assert.deepEqual(
    backlog.peek(10),
    [2, 3, 4, 5].map((i) => message(i)),
  );
  backlog.close();
});

test('a torn record at the end (a crash during an append) is cut off; the whole ones stay', () => {
  const dir = fresh();
  const { log, warnings } = logger();
  let backlog = DiskBacklog.open(dir, UNBOUNDED, log);
  backlog.append([message(1), message(2), message(3)]);
  backlog.close();
  const file = join(dir, 'queue');
  const whole = statSync(file).size;
  // Half of the last record written: the length says more than there is.
  truncateSync(file, whole - 5);
  backlog = DiskBacklog.open(dir, UNBOUNDED, log);
  assert.deepEqual(backlog.peek(10), [message(1), message(2)]);
  assert.equal(warnings.length, 1);
  backlog.append([message(4)]);
  backlog.close();
  // Zeros after the end (a machine crash extended the file but the data never reached the disk).
  appendFileSync(file, Buffer.alloc(100));
  backlog = DiskBacklog.open(dir, UNBOUNDED, log);
  assert.deepEqual(backlog.peek(10), [message(1), message(2), message(4)]);
  backlog.close();
});

test('a damaged record fails its CRC: the records before it stay', () => {
  const dir = fresh();
  const { log } = logger();
  let backlog = DiskBacklog.open(dir, UNBOUNDED, log);
  backlog.append([message(1), message(2)]);
  backlog.close();
  const file = join(dir, 'queue');
  const size = statSync(file).size;
  // Flip the last payload byte of the second record.
  poke(file, size - 1, 0xff);
  backlog = DiskBacklog.open(dir, UNBOUNDED, log);
  assert.deepEqual(backlog.peek(10), [message(1)]);
  backlog.close();
});

/** Writes one byte at a position of a file. */
function poke(file: string, position: number, byte: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.from([byte]), 0, 1, position);
  closeSync(fd);
}

test('a file that is not a backlog is set aside, never replayed', () => {
  const dir = fresh();
  const { log, warnings } = logger();
  DiskBacklog.open(dir, UNBOUNDED, log).close();
  writeFileSync(join(dir, 'queue'), 'not a backlog at all');
  const backlog = DiskBacklog.open(dir, UNBOUNDED, log);
  assert.equal(backlog.size, 0);
  assert.equal(warnings.length, 1);
  assert.ok(readdirSync(dir).some((f) => f.startsWith('queue.unreadable-')));
  backlog.close();
});

test('the file is compacted as records go out and cut back to its header once none waits', () => {
  const dir = fresh();
  const file = join(dir, 'queue');
  const backlog = DiskBacklog.open(dir, UNBOUNDED, logger().log);
  const big = (i: number) => message(i, 64 * 1024);
  backlog.append(Array.from({ length: 64 }, (_, i) => big(i))); // 4 MiB
  let next = 0;
  for (let round = 0; round < 60; round++) {
    const batch = backlog.peek(1);
    assert.deepEqual(batch, [big(next)]);
    next++;
    backlog.release(backlog.first + 1);
    // Never more than the waiting records, twice over, plus the 1 MiB compaction waits for.
    assert.ok(statSync(file).size <= 2 * backlog.status().bytes + (1 << 20) + 70 * 1024, `round ${round}`);
  }
  backlog.close();
  const reopened = DiskBacklog.open(dir, UNBOUNDED, logger().log);
  assert.deepEqual(reopened.peek(10), [60, 61, 62, 63].map(big));
  reopened.release(reopened.first + 4);
  assert.equal(statSync(file).size, FILE_HEADER);
  reopened.close();
});

test('records across and bigger than the read chunk (64 KiB) read back whole, after a reopen too', () => {
  const dir = fresh();
  const sizes = [10, 700 * 1024, 500 * 1024, 3 * 1024 * 1024, 20, 1024 * 1024 - 3];
  const messages = sizes.map((bytes, i) => message(i, bytes));
  let backlog = DiskBacklog.open(dir, UNBOUNDED, logger().log);
  backlog.append(messages);
  assert.deepEqual(backlog.peek(10), messages);
  backlog.close();
  backlog = DiskBacklog.open(dir, UNBOUNDED, logger().log);
  assert.deepEqual(backlog.peek(10), messages);
  backlog.peek(3);
  backlog.release(backlog.first + 3);
  assert.deepEqual(backlog.peek(10), messages.slice(3));
  backlog.close();
});

test('a crash between the steps of a cut or a compaction replays nothing gone and loses nothing waiting', () => {
  // Cut back to the header, then the crash before the head was reset: the head points past the end.
  const dir = fresh();
  let backlog = DiskBacklog.open(dir, UNBOUNDED, logger().log);
  backlog.close();
  const file = join(dir, 'queue');
  const fd = openSync(file, 'r+');
  const head = Buffer.alloc(8);
  head.writeDoubleLE(5000, 0);
  writeSync(fd, head, 0, 8, 8);
  closeSync(fd);
  backlog = DiskBacklog.open(dir, UNBOUNDED, logger().log);
  assert.equal(backlog.size, 0);
  backlog.append([message(1)]);
  backlog.close();
  // A compaction's new file written, the crash before its rename: the old file is whole, the new one ignored.
  writeFileSync(join(dir, 'queue.new'), 'half a compaction');
  backlog = DiskBacklog.open(dir, UNBOUNDED, logger().log);
  assert.deepEqual(backlog.peek(10), [message(1)]);
  assert.ok(!readdirSync(dir).includes('queue.new'));
  backlog.close();
});
