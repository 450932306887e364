// What the transmitter's tests stand on: a small DC-09 receiver on loopback (TCP or UDP) that answers with the
// receiver checks (receiver/checks.ts) on its own clock, and can be told to stay silent, to answer DUH, or to
// go away and come back on the same port; a SQLite store in a temp folder; and a source of device events, as
// the simulation hands a PIR detector's SIA events to whoever follows them.

import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BehaviourEvent } from '../../src/behaviours/behaviour.js';
import { RealClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { encodeFrame, type SiaFrame } from '../../src/protocols/sia/codec/frame.js';
import {
  type CheckOutcome,
  checkFrame,
  type ReceivedEvent,
  type ReceiverAccount,
} from '../../src/protocols/sia/receiver/checks.js';
import type { TransmitterServices } from '../../src/protocols/sia/transmitter/transmitter.js';
import type { DeviceEventListener } from '../../src/runtime/services/simulation.js';
import type { Device } from '../../src/site/model.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

export const quietLog: Logger = { info() {}, warn() {}, error() {} };

/** Polls `check` every 5 ms until it is true, failing after `capMs` with `what`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, capMs = 10_000) {
  const end = performance.now() + capMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** `mismatched`: answers an ACK and a DUH that echo another sequence number, line or account. */
export type Mode = 'answer' | 'silent' | 'duh' | 'mismatched';

export interface ReceiverOptions {
  transport: 'tcp' | 'udp';
  accounts: ReceiverAccount[];
  /** The receiver's clock offset from the test's, ms. */
  skewMs?: number;
  port?: number;
}

/** A loopback DC-09 receiver answering with `checkFrame`. */
export class TestReceiver {
  /** Every frame received, as text. */
  readonly frames: string[] = [];
  /** The events of every frame it acknowledged (resends included). */
  readonly accepted: ReceivedEvent[] = [];
  /** Answers given, in order. */
  readonly answers: CheckOutcome['answer'][] = [];
  mode: Mode = 'answer';
  private tcp: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private udp: UdpSocket | null = null;
  port = 0;

  private constructor(private readonly options: ReceiverOptions) {}

  static async start(options: ReceiverOptions): Promise<TestReceiver> {
    const r = new TestReceiver(options);
    await r.listen(options.port ?? 0);
    return r;
  }

  /** Events acknowledged, a resend (same account and sequence) counted once. */
  distinct(): ReceivedEvent[] {
    const seen = new Set<string>();
    return this.accepted.filter((e) => {
      const key = `${e.account}/${e.sequence}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  private answer(raw: string): string | null {
    this.frames.push(raw);
    const outcome = checkFrame(
      { raw, now: new Date(Date.now() + (this.options.skewMs ?? 0)) },
      { accounts: this.options.accounts },
    );
    if (this.mode === 'silent') return null;
    if (this.mode === 'duh' && outcome.answer !== 'none') {
      this.answers.push('DUH');
      return duhOf(raw);
    }
    if (this.mode === 'mismatched' && outcome.answer === 'ACK') {
      this.answers.push('none');
      const f = outcome.frame;
      const echo = (change: Partial<SiaFrame>) =>
        encodeFrame({ ...f, token: 'ACK', encrypted: false, data: '', extended: [], ...change });
      return (
        echo({ sequence: (f.sequence % 9999) + 1 }) +
        echo({ line: `${f.line}1` }) +
        echo({ account: 'FFF' }) +
        echo({ token: 'DUH', receiver: 'ABC' })
      );
    }
    this.answers.push(outcome.answer);
    if (outcome.answer === 'ACK') this.accepted.push(...outcome.events);
    return outcome.answer === 'none' ? null : outcome.reply;
  }

  private async listen(port: number): Promise<void> {
    if (this.options.transport === 'tcp') {
      const server = createServer((socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {});
        let buffer = '';
        socket.on('data', (chunk) => {
          buffer += chunk.toString('latin1');
          for (let end = buffer.indexOf('\r'); end >= 0; end = buffer.indexOf('\r')) {
            const frame = buffer.slice(buffer.indexOf('\n'), end + 1);
            buffer = buffer.slice(end + 1);
            const reply = this.answer(frame);
            if (reply) socket.write(Buffer.from(reply, 'latin1'));
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      this.tcp = server;
      this.port = (server.address() as { port: number }).port;
    } else {
      const socket = createSocket('udp4');
      socket.on('message', (msg, from) => {
        const reply = this.answer(msg.toString('latin1'));
        if (reply) socket.send(Buffer.from(reply, 'latin1'), from.port, from.address);
      });
      await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
      this.udp = socket;
      this.port = socket.address().port;
    }
  }

  /** Goes away: stops listening and drops every connection. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const tcp = this.tcp;
    const udp = this.udp;
    this.tcp = null;
    this.udp = null;
    if (tcp) await new Promise((resolve) => tcp.close(resolve));
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
  }

  /** Comes back on the same port. */
  async restart(): Promise<void> {
    await this.listen(this.port);
  }
}

/** A DUH echoing the frame's header, whatever the frame says. */
function duhOf(raw: string): string {
  const m = /"\*?[A-Z-]+"(\d{4})(?:R([0-9A-F]+))?L([0-9A-F]+)#([0-9A-F]+)\[/i.exec(raw);
  const [seq, rcv, line, acct] = [m?.[1] ?? '0000', m?.[2], m?.[3] ?? '0', m?.[4] ?? '0'];
  const message = `"DUH"${seq}${rcv === undefined ? '' : `R${rcv}`}L${line}#${acct}[]`;
  return `\n${crc(message)}${message.length.toString(16).toUpperCase().padStart(4, '0')}${message}\r`;
}

function crc(text: string): string {
  let c = 0;
  for (let i = 0; i < text.length; i++) {
    c ^= text.charCodeAt(i);
    for (let b = 0; b < 8; b++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
  }
  return c.toString(16).toUpperCase().padStart(4, '0');
}

/** The simulation's live events, driven by the test. */
export class EventSource {
  private readonly listeners = new Set<DeviceEventListener>();

  followEvents(listener: DeviceEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A detector's SIA event, shaped as the PIR behaviour reports it. */
  sia(deviceId: string, zone: number, code: string, point: string | null = 'alarm-status'): void {
    const event: BehaviourEvent = {
      kind: 'sia',
      point,
      message: `${code} zone ${zone}`,
      data: { code, zone, text: `${code} text`, location: `PIR Zone ${zone}` },
    };
    for (const l of this.listeners) l({ id: deviceId } as Device, Date.now(), event);
  }
}

/** A SQLite store in a temp folder, reopened on demand, with the services the transmitter uses. */
export class StoreRig {
  readonly dir = mkdtempSync(join(tmpdir(), 'pointyard-sia-tx-'));
  readonly events = new EventSource();
  readonly clock = new RealClock();
  store = new SqliteStore(this.dir);

  services(): TransmitterServices {
    const events = this.events;
    return {
      clock: this.clock,
      alarmReports: this.store.alarmReports,
      simulation: {
        simulated: () => true,
        request: () => null,
        setSignal: () => {},
        signal: () => undefined,
        followEvents: (l) => events.followEvents(l),
      },
    };
  }

  async reopen(): Promise<void> {
    await this.store.close();
    this.store = new SqliteStore(this.dir);
  }

  async close(): Promise<void> {
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
