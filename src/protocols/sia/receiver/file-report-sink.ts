// Reports kept in a file of the plug-in's state folder, one JSON line each, written and flushed to disk
// (fdatasync) before `record` resolves: an ACK then means the event is on disk. What the receiver uses until
// the store keeps alarm reports. A restart reads the end of the file back, so that a message sent again
// across the restart is still a duplicate.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import {
  type AlarmReport,
  DUPLICATE_WINDOW_MS,
  type RecordResult,
  type ReportSink,
  reportKey,
} from './report-sink.js';

/** The end of the file read back at open (the duplicates' window holds far less). */
const TAIL_BYTES = 4 * 1024 * 1024;

export class FileReportSink implements ReportSink {
  /** Reports written since the file was opened. */
  written = 0;
  private readonly lastSeen = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<FileReportSink> {
    const { reports: recent, tornEnd } = readTail(path);
    const sink = new FileReportSink(await open(path, 'a', 0o600), path);
    // A crash mid-write left a line without its end: the next report starts on a line of its own.
    if (tornEnd) await sink.file.appendFile('\n');
    for (const report of recent) sink.lastSeen.set(reportKey(report), report.receivedAt.getTime());
    return sink;
  }

  record(report: AlarmReport): Promise<RecordResult> {
    // One write at a time, in order: a repeat waits for the first to be on disk.
    const done = this.queue.then(() => this.write(report));
    this.queue = done.catch(() => {});
    return done;
  }

  private async write(report: AlarmReport): Promise<RecordResult> {
    const key = reportKey(report);
    const at = report.receivedAt.getTime();
    const before = this.lastSeen.get(key);
    if (before !== undefined && Math.abs(at - before) <= DUPLICATE_WINDOW_MS) {
      this.lastSeen.set(key, at);
      return 'duplicate';
    }
    await this.file.appendFile(`${JSON.stringify(report)}\n`);
    await this.file.datasync();
    this.lastSeen.set(key, at);
    if (this.lastSeen.size > 100_000)
      for (const [k, seen] of this.lastSeen) if (seen < at - DUPLICATE_WINDOW_MS) this.lastSeen.delete(k);
    this.written++;
    return 'recorded';
  }

  async close(): Promise<void> {
    await this.queue;
    await this.file.close();
  }
}

/** The reports at the end of the file (a torn last line, from a crash mid-write, is skipped). */
function readTail(path: string): { reports: AlarmReport[]; tornEnd: boolean } {
  if (!existsSync(path)) return { reports: [], tornEnd: false };
  const size = statSync(path).size;
  const length = Math.min(size, TAIL_BYTES);
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const lines = buffer.toString('utf8').split('\n');
  if (length < size) lines.shift(); // the first line is cut
  const reports: AlarmReport[] = [];
  for (const line of lines) {
    if (line === '') continue;
    try {
      const raw = JSON.parse(line) as AlarmReport & {
        receivedAt: string;
        time: string;
        messageTime?: string;
      };
      reports.push({
        ...raw,
        receivedAt: new Date(raw.receivedAt),
        time: new Date(raw.time),
        ...(raw.messageTime ? { messageTime: new Date(raw.messageTime) } : {}),
      });
    } catch {
      // a torn line
    }
  }
  return { reports, tornEnd: length > 0 && buffer[length - 1] !== 0x0a };
}
