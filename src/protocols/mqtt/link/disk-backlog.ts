// The backlog on disk: one append-only file of records, and a second file holding how many of its first
// records have gone out. Both are written with plain write(2) before `append`/`drop` return, so a kill -9
// of the process loses nothing (a crash of the machine may lose what the kernel had not yet written back).
// The waiting records are also kept in memory, in order. The file is rewritten without the records gone out
// once they are most of it. Past its bounds (size, age) the oldest records are dropped, counted and logged.
//
// A record: u32 length of the rest | u8 flags (bit 0 QoS 1, bit 1 retain, bit 2 Sparkplug) | f64 appended at
// (epoch ms) | u16 topic length | topic (UTF-8) | payload.

import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../runtime/services/services.js';
import type { Backlog, BacklogStatus } from './backlog.js';
import type { Outgoing } from './outgoing.js';

const HEADER = 4 + 1 + 8 + 2;

interface Kept {
  readonly message: Outgoing;
  readonly at: number;
  readonly bytes: number;
}

export interface BacklogBounds {
  readonly maxBytes: number;
  readonly maxAgeMs: number;
}

function encode(message: Outgoing, at: number): Buffer {
  const topic = Buffer.from(message.topic, 'utf8');
  const record = Buffer.allocUnsafe(HEADER + topic.length + message.payload.length);
  record.writeUInt32LE(record.length - 4, 0);
  record.writeUInt8(
    (message.qos === 1 ? 1 : 0) | (message.retain ? 2 : 0) | (message.kind === 'sparkplug' ? 4 : 0),
    4,
  );
  record.writeDoubleLE(at, 5);
  record.writeUInt16LE(topic.length, 13);
  topic.copy(record, HEADER);
  message.payload.copy(record, HEADER + topic.length);
  return record;
}

/** The whole records of `data`; a torn last record (a crash in the middle of a write) is left out. */
function decodeAll(data: Buffer): Kept[] {
  const kept: Kept[] = [];
  let at = 0;
  while (at + HEADER <= data.length) {
    const length = data.readUInt32LE(at);
    const end = at + 4 + length;
    if (length < HEADER - 4 || end > data.length) break;
    const flags = data.readUInt8(at + 4);
    const appended = data.readDoubleLE(at + 5);
    const topicLength = data.readUInt16LE(at + 13);
    const topic = data.toString('utf8', at + HEADER, at + HEADER + topicLength);
    const payload = Buffer.from(data.subarray(at + HEADER + topicLength, end));
    const message: Outgoing = {
      topic,
      payload,
      qos: flags & 1 ? 1 : 0,
      retain: (flags & 2) !== 0,
      ...(flags & 4 ? { kind: 'sparkplug' as const } : {}),
    };
    kept.push({ message, at: appended, bytes: 4 + length });
    at = end;
  }
  return kept;
}

export class DiskBacklog implements Backlog {
  private fd: number;
  /** Records in the file before the first one waiting (they have gone out). */
  private gone = 0;
  private waiting: Kept[] = [];
  /** Index of the first waiting record in `waiting` (records before it are gone, kept until compaction). */
  private head = 0;
  private bytes = 0;
  private dropped = 0;

  private constructor(
    private readonly dir: string,
    private readonly bounds: BacklogBounds,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    const file = join(dir, 'queue');
    const records = existsSync(file) ? decodeAll(readFileSync(file)) : [];
    const goneFile = join(dir, 'gone');
    const gone = existsSync(goneFile) ? Number.parseInt(readFileSync(goneFile, 'utf8'), 10) || 0 : 0;
    this.waiting = records.slice(Math.min(gone, records.length));
    this.bytes = this.waiting.reduce((n, k) => n + k.bytes, 0);
    // Rewritten at once: a torn tail is cut and the records gone out are left behind.
    this.fd = this.rewrite();
    if (this.waiting.length > 0)
      log.info(
        { messages: this.waiting.length, bytes: this.bytes },
        'MQTT backlog found: published once the broker answers',
      );
  }

  /** Opens (or makes) the backlog in `dir`. */
  static open(dir: string, bounds: BacklogBounds, log: Logger, now: () => number = Date.now): DiskBacklog {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return new DiskBacklog(dir, bounds, log, now);
  }

  get size(): number {
    return this.waiting.length - this.head;
  }

  append(messages: readonly Outgoing[]): void {
    if (messages.length === 0) return;
    const at = this.now();
    const records = messages.map((m) => encode(m, at));
    const data = Buffer.concat(records);
    writeSync(this.fd, data);
    for (let i = 0; i < messages.length; i++)
      this.waiting.push({ message: messages[i] as Outgoing, at, bytes: (records[i] as Buffer).length });
    this.bytes += data.length;
    this.enforceBounds();
  }

  peek(max: number): Outgoing[] {
    this.enforceBounds();
    return this.waiting.slice(this.head, this.head + max).map((k) => k.message);
  }

  drop(count: number): void {
    const n = Math.min(count, this.size);
    for (let i = 0; i < n; i++) this.bytes -= (this.waiting[this.head + i] as Kept).bytes;
    this.head += n;
    this.gone += n;
    if (this.head > 10_000 && this.head > this.waiting.length / 2) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
      this.gone = 0;
      closeSync(this.fd);
      this.fd = this.rewrite();
    } else this.writeGone();
  }

  status(): BacklogStatus {
    return {
      messages: this.size,
      bytes: this.bytes,
      oldest: this.size > 0 ? (this.waiting[this.head] as Kept).at : null,
      dropped: this.dropped,
    };
  }

  close(): void {
    closeSync(this.fd);
  }

  private writeGone(): void {
    const fd = openSync(join(this.dir, 'gone'), 'w', 0o600);
    try {
      writeSync(fd, String(this.gone));
    } finally {
      closeSync(fd);
    }
  }

  /** Writes the waiting records to a new file and puts it in place; returns the open file to append to. */
  private rewrite(): number {
    const file = join(this.dir, 'queue');
    const next = join(this.dir, 'queue.new');
    const fd = openSync(next, 'w', 0o600);
    for (let i = this.head; i < this.waiting.length; i++) {
      const k = this.waiting[i] as Kept;
      writeSync(fd, encode(k.message, k.at));
    }
    fsyncSync(fd);
    closeSync(fd);
    this.gone = 0;
    this.writeGone();
    renameSync(next, file);
    return openSync(file, 'a', 0o600);
  }

  /** Drops the oldest records past the size or age bound, with a warning saying how many. */
  private enforceBounds(): void {
    const oldestKept = this.now() - this.bounds.maxAgeMs;
    let n = 0;
    while (
      this.size - n > 0 &&
      (this.bytes > this.bounds.maxBytes || (this.waiting[this.head + n] as Kept).at < oldestKept)
    ) {
      this.bytes -= (this.waiting[this.head + n] as Kept).bytes;
      n++;
    }
    if (n === 0) return;
    // bytes were taken off already: drop's own subtraction is undone by adding them back first.
    for (let i = 0; i < n; i++) this.bytes += (this.waiting[this.head + i] as Kept).bytes;
    this.drop(n);
    this.dropped += n;
    this.log.warn(
      {
        dropped: n,
        droppedInAll: this.dropped,
        maxBytes: this.bounds.maxBytes,
        maxAgeMs: this.bounds.maxAgeMs,
      },
      'MQTT backlog past its bound: oldest messages dropped',
    );
  }
}
