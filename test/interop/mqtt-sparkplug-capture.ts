// What a Sparkplug host sees: mosquitto_sub (`-F '%t %x'`: topic and payload in hex) subscribed to `spBv1.0/#`,
// every message decoded by Eclipse Tahu's decoder (npm `sparkplug-payload`) as it arrives; and NCMD / DCMD
// sent with mosquitto_pub, encoded by the same library.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import sparkplugPayload from 'sparkplug-payload';
import { ADMIN_PASSWORD } from '../support/running-pointyard.js';

/** Publishing to the embedded broker needs an operator or admin; a test mosquitto takes any name. */
const LOGIN = ['-u', 'admin', '-P', ADMIN_PASSWORD];

const tahu = sparkplugPayload.get('spBv1.0');
if (!tahu) throw new Error('sparkplug-payload has no spBv1.0 codec');
export type TahuPayload = ReturnType<NonNullable<typeof tahu>['decodePayload']>;
export type TahuMetric = NonNullable<TahuPayload['metrics']>[number];

/** A Long (or a number) as a number. */
export const num = (v: unknown): number | null =>
  v === undefined || v === null
    ? null
    : typeof v === 'number'
      ? v
      : Number((v as { toString(): string }).toString());

export interface Captured {
  topic: string;
  /** NBIRTH, DDATA… (the topic's third level). */
  type: string;
  /** The device of a device message, else null. */
  device: string | null;
  payload: TahuPayload;
  seq: number | null;
  /** A STATE message's JSON text. */
  text?: string;
}

export class SparkplugCapture {
  readonly messages: Captured[] = [];
  /** Topics of messages that were no Sparkplug B payload. */
  readonly undecodable: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private probed = false;

  private constructor(
    readonly port: number,
    sessionId: string | null,
  ) {
    const session = sessionId ? ['-c', '-i', sessionId] : [];
    this.child = spawn(
      'mosquitto_sub',
      ['-h', '127.0.0.1', '-p', String(port), '-q', '1', '-t', 'spBv1.0/#', '-F', '%t %x', ...session],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const space = line.indexOf(' ');
      const topic = space < 0 ? line : line.slice(0, space);
      const parts = topic.split('/');
      if (topic === 'spBv1.0/probe') this.probed = true;
      if (parts[1] === 'STATE') {
        // A primary host's STATE (JSON), kept as a marker of when it went by.
        const text = Buffer.from(line.slice(space + 1), 'hex').toString('utf8');
        this.messages.push({ topic, type: 'STATE', device: null, payload: { metrics: [] }, seq: null, text });
        return;
      }
      if (parts.length < 4) return; // the probe
      let payload: TahuPayload | undefined;
      try {
        payload = tahu?.decodePayload(Buffer.from(space < 0 ? '' : line.slice(space + 1), 'hex'));
      } catch {
        this.undecodable.push(topic); // a test's garbage command
        return;
      }
      if (!payload) return;
      this.messages.push({
        topic,
        type: parts[2] as string,
        device: parts[4] ?? null,
        payload,
        seq: num(payload.seq),
      });
    });
  }

  /**
   * Subscribed (a probe published to `spBv1.0/probe` came back) before it resolves. With `sessionId`, a
   * persistent session of that client id: what the broker queued for it while it was away is delivered.
   */
  static async start(port: number, sessionId: string | null = null): Promise<SparkplugCapture> {
    const capture = new SparkplugCapture(port, sessionId);
    const end = Date.now() + 10_000;
    while (!capture.probed) {
      if (Date.now() > end) throw new Error('mosquitto_sub did not subscribe');
      spawnSync('mosquitto_pub', [
        ...LOGIN,
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-t',
        'spBv1.0/probe',
        '-m',
        'x',
      ]);
      await new Promise((r) => setTimeout(r, 50));
    }
    return capture;
  }

  /** Polls every 20 ms until `ok` holds of what was captured, at most `ms`. */
  async until(what: string, ok: (messages: Captured[]) => boolean, ms = 30_000): Promise<void> {
    const end = Date.now() + ms;
    while (!ok(this.messages)) {
      if (Date.now() > end)
        throw new Error(
          `timed out waiting for ${what}; ${this.messages.length} messages: ${this.messages
            .slice(-5)
            .map((m) => `${m.type} ${m.device ?? ''} seq ${m.seq}`)
            .join(', ')}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stops the subscriber: SIGTERM, and SIGKILL if it has not exited 5 s later (a stop never hangs a test). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Publishes a primary host's retained STATE (Sparkplug 3.0 JSON) with mosquitto_pub. */
export function publishState(port: number, host: string, online: boolean): void {
  const run = spawnSync(
    'mosquitto_pub',
    [
      ...LOGIN,
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-q',
      '1',
      '-r',
      '-t',
      `spBv1.0/STATE/${host}`,
      '-m',
      JSON.stringify({ online, timestamp: Date.now() }),
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (run.status !== 0) throw new Error(`mosquitto_pub: ${run.stderr}`);
}

/** Publishes a Sparkplug payload (encoded by Tahu's encoder) with mosquitto_pub; throws when it fails. */
export function publishSparkplug(port: number, topic: string, payload: TahuPayload): void {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-spb-'));
  try {
    const file = join(dir, 'payload.bin');
    writeFileSync(file, tahu?.encodePayload(payload) ?? new Uint8Array());
    const run = spawnSync(
      'mosquitto_pub',
      [...LOGIN, '-h', '127.0.0.1', '-p', String(port), '-q', '1', '-t', topic, '-f', file],
      { encoding: 'utf8', timeout: 10_000 },
    );
    if (run.status !== 0) throw new Error(`mosquitto_pub: ${run.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The metric of a payload by name, or undefined. */
export const metricNamed = (payload: TahuPayload, name: string): TahuMetric | undefined =>
  payload.metrics?.find((m) => m.name === name);

/** Checks that seq runs on by one (255 → 0) from each NBIRTH (0) to the next; returns the problems. */
export function seqProblems(messages: readonly Captured[]): string[] {
  const problems: string[] = [];
  let previous: number | null = null;
  messages.forEach((m, i) => {
    if (m.type === 'NDEATH' || m.type === 'NCMD' || m.type === 'DCMD' || m.type === 'STATE') return;
    if (m.type === 'NBIRTH') {
      if (m.seq !== 0) problems.push(`#${i} NBIRTH has seq ${m.seq}`);
    } else if (previous === null) problems.push(`#${i} ${m.type} before any NBIRTH`);
    else if (m.seq !== (previous + 1) % 256)
      problems.push(`#${i} ${m.type} ${m.device} has seq ${m.seq} after ${previous}`);
    previous = m.seq;
  });
  return problems;
}
