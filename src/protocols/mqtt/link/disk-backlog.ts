// The backlog on disk: one file, `queue`, of records appended in order, and in its header the offset of the
// first record still waiting. `append` writes its records with one write(2) before it returns, and `release`
// moves the head with one 8-byte write(2): a kill -9 of the process loses nothing appended and replays nothing
// released (a crash of the machine may lose what the kernel had not written back: no fsync per append).
// Memory stays small whatever the backlog's size: only offsets and counts are kept, records are read back from
// the file as they are sent. Records are checked (length and CRC-32) when the file is opened: a torn tail (a
// crash in the middle of an append) is cut off. Once the records gone out take more room than those waiting,
// the file is compacted (the waiting ones copied to a new file put in place by rename); once none waits it is
// cut back to its header. Past its bounds (size, age) the oldest records are dropped, counted and logged.
//
// File: 8-byte magic `PYMQBL01` | f64 offset of the first waiting record | records.
// Record: u32 length of the rest | u32 CRC-32 of the rest | u8 flags (bit 0 QoS 1, bit 1 retain, bit 2
// Sparkplug) | f64 appended at (epoch ms) | u16 topic length | topic (UTF-8) | payload.

import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../runtime/services/services.js';
import type { Backlog, BacklogStatus } from './backlog.js';
import { crc32 } from './crc32.js';
import type { Outgoing } from './outgoing.js';

const MAGIC = Buffer.from('PYMQBL01', 'latin1');
/** File header: magic and head offset. */
export const FILE_HEADER = 16;
/** Record header: length, CRC, flags, appended at, topic length. */
const RECORD_HEADER = 4 + 4 + 1 + 8 + 2;
/** Bytes read from the file at a time (a drain batch of small messages takes one or two reads). */
const CHUNK = 64 * 1024;
/** Compaction waits until the records gone out take at least this much room (and more than those waiting). */
const COMPACT_MIN_BYTES = 1 << 20;
/** Bigger records cannot be sent (MQTT's limit is 256 MiB; a length past this is a torn or foreign record). */
const MAX_RECORD = 1 << 28;

export interface BacklogBounds {
  readonly maxBytes: number;
  readonly maxAgeMs: number;
}

/** The size of `message`'s record in the file. */
export function recordSize(message: Outgoing): number {
  return RECORD_HEADER + Buffer.byteLength(message.topic, 'utf8') + message.payload.length;
}

function encodeInto(target: Buffer, at: number, message: Outgoing, appendedAt: number): number {
  const start = at;
  const topicLength = target.write(message.topic, at + RECORD_HEADER, 'utf8');
  const end = at + RECORD_HEADER + topicLength + message.payload.length;
  target.writeUInt32LE(end - start - 4, at);
  target.writeUInt8(
    (message.qos === 1 ? 1 : 0) | (message.retain ? 2 : 0) | (message.kind === 'sparkplug' ? 4 : 0),
    at + 8,
  );
  target.writeDoubleLE(appendedAt, at + 9);
  target.writeUInt16LE(topicLength, at + 17);
  message.payload.copy(target, at + RECORD_HEADER + topicLength);
  target.writeUInt32LE(crc32(target.subarray(start + 8, end)), at + 4);
  return end;
}

function decode(record: Buffer): Outgoing {
  const flags = record.readUInt8(8);
  const topicLength = record.readUInt16LE(17);
  return {
    topic: record.toString('utf8', RECORD_HEADER, RECORD_HEADER + topicLength),
    payload: Buffer.from(record.subarray(RECORD_HEADER + topicLength)),
    qos: flags & 1 ? 1 : 0,
    retain: (flags & 2) !== 0,
    ...(flags & 4 ? { kind: 'sparkplug' as const } : {}),
  };
}

/** A record seen while scanning: its offset, its whole bytes (valid until the next one), when it was appended. */
interface Seen {
  readonly offset: number;
  readonly bytes: Buffer;
  readonly at: number;
}

export class DiskBacklog implements Backlog {
  private fd: number;
  /** Offset of the first waiting record, and of the end of the last whole record. */
  private head = FILE_HEADER;
  private end = FILE_HEADER;
  private count = 0;
  /** Number of the first waiting record: numbers count up from 0 at the open. */
  private firstNumber = 0;
  /** When the first waiting record was appended, or null when none waits. */
  private oldestAt: number | null = null;
  private dropped = 0;
  /** Where each record of the last `peek` ends, from the number `peekedFrom` on: `release` moves there. */
  private peekedFrom = -1;
  private peekedEnds: number[] = [];

  private constructor(
    private readonly dir: string,
    private readonly bounds: BacklogBounds,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    const file = join(dir, 'queue');
    // A compaction cut short leaves its new file behind: the old one is still whole.
    rmSync(join(dir, 'queue.new'), { force: true });
    this.fd = existsSync(file) ? openSync(file, 'r+') : this.create(file);
    this.load(file);
    if (this.count > 0)
      log.info(
        { messages: this.count, bytes: this.end - this.head },
        'MQTT backlog found: published once the broker answers',
      );
  }

  /** Opens (or makes) the backlog in `dir`. */
  static open(dir: string, bounds: BacklogBounds, log: Logger, now: () => number = Date.now): DiskBacklog {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return new DiskBacklog(dir, bounds, log, now);
  }

  get size(): number {
    return this.count;
  }

  get first(): number {
    return this.firstNumber;
  }

  append(messages: readonly Outgoing[]): void {
    if (messages.length === 0) return;
    const at = this.now();
    let total = 0;
    for (const m of messages) {
      const size = recordSize(m);
      if (size > MAX_RECORD) throw new Error(`an MQTT message of ${size} bytes is too big to keep`);
      total += size;
    }
    const data = Buffer.allocUnsafe(total);
    let offset = 0;
    for (const m of messages) offset = encodeInto(data, offset, m, at);
    this.writeAt(data, this.end);
    this.end += total;
    if (this.count === 0) this.oldestAt = at;
    this.count += messages.length;
    this.enforceBounds();
  }

  peek(max: number): Outgoing[] {
    this.enforceBounds();
    const messages: Outgoing[] = [];
    this.peekedFrom = this.firstNumber;
    this.peekedEnds = [];
    this.scan(this.head, (seen) => {
      if (messages.length >= max) return false;
      messages.push(decode(seen.bytes));
      this.peekedEnds.push(seen.offset + seen.bytes.length);
      return true;
    });
    return messages;
  }

  release(next: number): void {
    const n = Math.min(next - this.firstNumber, this.count);
    if (n <= 0) return;
    const index = next - 1 - this.peekedFrom;
    const known = index >= 0 && index < this.peekedEnds.length ? this.peekedEnds[index] : undefined;
    this.advance(n, known);
  }

  status(): BacklogStatus {
    return {
      messages: this.count,
      bytes: this.end - this.head,
      oldest: this.oldestAt,
      dropped: this.dropped,
    };
  }

  close(): void {
    closeSync(this.fd);
  }

  // --- the file

  private create(file: string): number {
    const fd = openSync(file, 'w+', 0o600);
    const header = Buffer.alloc(FILE_HEADER);
    MAGIC.copy(header, 0);
    header.writeDoubleLE(FILE_HEADER, 8);
    this.fdWrite(fd, header, 0);
    return fd;
  }

  /** Reads the header, checks the waiting records and cuts off a torn tail. */
  private load(file: string): void {
    const size = fstatSync(this.fd).size;
    const header = this.readAt(0, Math.min(FILE_HEADER, size));
    if (header.length < FILE_HEADER || !header.subarray(0, 8).equals(MAGIC)) {
      // Not a backlog (or a crash before its header was written): kept aside, never replayed.
      closeSync(this.fd);
      const aside = `${file}.unreadable-${Date.now()}`;
      renameSync(file, aside);
      this.log.warn({ file: aside }, 'MQTT backlog file unreadable: set aside, a new one started');
      this.fd = this.create(file);
      return;
    }
    const head = header.readDoubleLE(8);
    // A head past the end: the file was cut back to its header and the crash came before the head was reset.
    this.head = Number.isInteger(head) && head >= FILE_HEADER && head <= size ? head : size;
    this.end = this.head;
    let oldest: number | null = null;
    this.scan(
      this.head,
      (seen) => {
        oldest ??= seen.at;
        this.count++;
        this.end = seen.offset + seen.bytes.length;
        return true;
      },
      true,
    );
    this.oldestAt = oldest;
    if (this.end < size) {
      this.log.warn(
        { bytes: size - this.end, messages: this.count },
        'MQTT backlog: a torn record at its end (a crash during a write) cut off',
      );
      ftruncateSync(this.fd, this.end);
    }
    if (this.count === 0) this.emptied();
    else this.compactIfWorth();
  }

  /**
   * Calls `visit` with each whole record from `from` on, in order, until it answers false or the records end.
   * `check`: records are checked (length, CRC) and the scan stops at the first bad one.
   */
  private scan(from: number, visit: (seen: Seen) => boolean, check = false): void {
    const size = check ? fstatSync(this.fd).size : this.end;
    let offset = from;
    while (offset + RECORD_HEADER <= size) {
      const chunk = this.readAt(offset, Math.min(CHUNK, size - offset));
      let at = 0;
      while (at + RECORD_HEADER <= chunk.length) {
        const length = chunk.readUInt32LE(at) + 4;
        if (length < RECORD_HEADER || length > MAX_RECORD || offset + at + length > size) return;
        // A record longer than what is left of the chunk: read whole (alone when bigger than a chunk).
        if (at + length > chunk.length) break;
        const bytes = chunk.subarray(at, at + length);
        if (check) {
          const topicLength = bytes.readUInt16LE(17);
          if (RECORD_HEADER + topicLength > length || crc32(bytes.subarray(8)) !== bytes.readUInt32LE(4))
            return;
        }
        if (!visit({ offset: offset + at, bytes, at: bytes.readDoubleLE(9) })) return;
        at += length;
      }
      if (at === 0) {
        // One record bigger than a chunk.
        const length = chunk.readUInt32LE(0) + 4;
        const bytes = this.readAt(offset, length);
        if (
          check &&
          (RECORD_HEADER + bytes.readUInt16LE(17) > length ||
            crc32(bytes.subarray(8)) !== bytes.readUInt32LE(4))
        )
          return;
        if (!visit({ offset, bytes, at: bytes.readDoubleLE(9) })) return;
        at = length;
      }
      offset += at;
    }
  }

  /** Moves the head past `n` waiting records (to `knownEnd` when the caller knows where they end). */
  private advance(n: number, knownEnd?: number): void {
    let head = knownEnd;
    if (head === undefined) {
      let left = n;
      head = this.head;
      this.scan(this.head, (seen) => {
        head = seen.offset + seen.bytes.length;
        return --left > 0;
      });
    }
    this.head = head;
    this.count -= n;
    this.firstNumber += n;
    if (this.count === 0) {
      this.emptied();
      return;
    }
    this.writeHead();
    this.scan(this.head, (seen) => {
      this.oldestAt = seen.at;
      return false;
    });
    this.compactIfWorth();
  }

  /** Nothing waits: the file is cut back to its header (cut first: a crash between leaves a head past the end). */
  private emptied(): void {
    ftruncateSync(this.fd, FILE_HEADER);
    this.head = FILE_HEADER;
    this.end = FILE_HEADER;
    this.oldestAt = null;
    this.writeHead();
    this.forgetPeek();
  }

  /** The records gone out take more room than those waiting (and at least 1 MiB): copied into a new file. */
  private compactIfWorth(): void {
    const gone = this.head - FILE_HEADER;
    if (gone < COMPACT_MIN_BYTES || gone < this.end - this.head) return;
    const file = join(this.dir, 'queue');
    const next = join(this.dir, 'queue.new');
    const fd = this.create(next);
    let to = FILE_HEADER;
    for (let from = this.head; from < this.end; ) {
      const chunk = this.readAt(from, Math.min(CHUNK, this.end - from));
      this.fdWrite(fd, chunk, to);
      from += chunk.length;
      to += chunk.length;
    }
    fsyncSync(fd);
    renameSync(next, file);
    closeSync(this.fd);
    this.fd = fd;
    this.end -= this.head - FILE_HEADER;
    this.head = FILE_HEADER;
    this.forgetPeek();
  }

  private forgetPeek(): void {
    this.peekedFrom = -1;
    this.peekedEnds = [];
  }

  private writeHead(): void {
    const data = Buffer.allocUnsafe(8);
    data.writeDoubleLE(this.head, 0);
    this.fdWrite(this.fd, data, 8);
  }

  private writeAt(data: Buffer, position: number): void {
    this.fdWrite(this.fd, data, position);
  }

  private fdWrite(fd: number, data: Buffer, position: number): void {
    let done = 0;
    while (done < data.length) done += writeSync(fd, data, done, data.length - done, position + done);
  }

  private readAt(position: number, length: number): Buffer {
    const data = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, data, done, length - done, position + done);
      if (n === 0) return data.subarray(0, done);
      done += n;
    }
    return data;
  }

  /** Drops the oldest records past the size or age bound, with a warning saying how many. */
  private enforceBounds(): void {
    const oldestKept = this.now() - this.bounds.maxAgeMs;
    if (this.count === 0) return;
    if (this.end - this.head <= this.bounds.maxBytes && (this.oldestAt ?? oldestKept) >= oldestKept) return;
    let n = 0;
    let head = this.head;
    this.scan(this.head, (seen) => {
      if (this.end - head <= this.bounds.maxBytes && seen.at >= oldestKept) return false;
      head = seen.offset + seen.bytes.length;
      n++;
      return true;
    });
    if (n === 0) return;
    this.advance(n, head);
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
