// Write load on a running demo Pointyard, as the shutdown test and benchmark use it: a Modbus master and a
// Haystack client each write their own point back to back, an increasing value each time a write is
// acknowledged (a refused write is sent again with the same value), and one HTTP request is left half sent
// on a keep-alive connection. Each loop ends when its connection is gone or after `maxAttempts` writes.
import { connect, type Socket } from 'node:net';
import { ModbusTcpClient } from '../../src/protocols/modbus/client.js';
import { haystackLogin } from './haystack-scram-client.js';
import { ADMIN_PASSWORD, type RunningPointyard } from './running-pointyard.js';

/** The demo's ev-charger-1 (Modbus unit 2): Max Current Limit (6–32 A) is holding register 40101, in 0.01 A. */
export const MODBUS_POINT = 'ev-charger-1.max-current-limit';
export const MODBUS_LEVEL = 16;
/** The Haystack client writes ev-charger-2's Max Current Limit at level 10. */
export const HTTP_POINT = 'ev-charger-2.max-current-limit';
export const HTTP_LEVEL = 10;
/** The n-th acknowledged write of either client writes 6 A + n × 0.01 A (n < 2600 stays in range). */
export const writtenValue = (n: number) => (600 + n) / 100;

export interface LoopReport {
  /** Writes acknowledged: the last one wrote writtenValue(acked - 1). */
  acked: number;
  /** How each refused write was refused (`exception 6`, `503`, an error grid's text…), counted. */
  refusals: Map<string, number>;
  /** Why the loop ended. */
  ended: string;
}

export interface WriteLoad {
  modbus: LoopReport;
  http: LoopReport;
  /** Resolves when both loops have ended. */
  done: Promise<void>;
  /** Resolves once both clients have had `n` writes acknowledged (rejects if a loop ends first). */
  acked(n: number): Promise<void>;
  /** Resolves when the half-sent request is under way (see `halfSentRequest`). */
  halfSentInProgress: Promise<void>;
  /** Resolves when the server closed the connection of the half-sent request. */
  halfSentClosed: Promise<void>;
  /** Ends the loops and closes the connections (for a server that does not stop). */
  close(): void;
}

function count(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The pause between writes of a paced load (none unless asked). */
const pause = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : null);

interface LoopState {
  open: boolean;
  paceMs: number;
}

async function modbusLoop(run: RunningPointyard, report: LoopReport, state: LoopState, max: number) {
  if (!run.modbus) throw new Error('the server serves no Modbus TCP');
  const client = await ModbusTcpClient.connect(run.modbus.host, run.modbus.port);
  try {
    for (let attempt = 0; attempt < max && state.open; attempt++) {
      const value = Math.round(writtenValue(report.acked) * 100);
      const answer = await client.request(2, { fc: 6, address: 100, value }).catch((err: Error) => err);
      if (answer instanceof Error) {
        report.ended = answer.message;
        return;
      }
      if (answer.kind === 'exception') count(report.refusals, `exception ${answer.exception}`);
      else report.acked++;
      await pause(state.paceMs);
    }
    report.ended = state.open ? 'max attempts' : 'closed by the test';
  } finally {
    await client.close();
  }
}

async function httpLoop(run: RunningPointyard, report: LoopReport, state: LoopState, max: number) {
  const { fetch } = await haystackLogin(run.url, 'admin', ADMIN_PASSWORD);
  const id = `@lyon-confluence.${HTTP_POINT}`;
  for (let attempt = 0; attempt < max && state.open; attempt++) {
    const body = `ver:"3.0"\nid,level,val\n${id},${HTTP_LEVEL},${writtenValue(report.acked)}\n`;
    const answer = await fetch(`${run.url}pointWrite`, {
      method: 'POST',
      headers: { 'content-type': 'text/zinc' },
      body,
    }).then(
      async (r) => ({ status: r.status, text: await r.text() }),
      (err: Error) => err,
    );
    if (answer instanceof Error) {
      report.ended = answer.message;
      return;
    }
    if (answer.status !== 200) count(report.refusals, String(answer.status));
    else if (/^ver:.*\berr\b/.test(answer.text))
      count(report.refusals, /dis:"([^"]*)"/.exec(answer.text)?.[1] ?? answer.text);
    else report.acked++;
    await pause(state.paceMs);
  }
  report.ended = state.open ? 'max attempts' : 'closed by the test';
}

/**
 * A POST whose body never arrives: the request stays open on its keep-alive connection. `inProgress`
 * resolves when the server has read its headers (it answered `100 Continue`) and the first bytes of body
 * are sent; `closed` when the server has closed the connection.
 */
export function halfSentRequest(run: RunningPointyard): {
  inProgress: Promise<void>;
  closed: Promise<void>;
  destroy(): void;
} {
  const url = new URL(run.url);
  let socket: Socket | null = null;
  let destroyed = false;
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  // Logged in first: the server answers a request without a login before reading its body, and closes it.
  const inProgress = haystackLogin(run.url, 'admin', ADMIN_PASSWORD).then(
    ({ token }) =>
      new Promise<void>((resolve) => {
        if (destroyed) {
          markClosed();
          resolve();
          return;
        }
        const half = connect(Number(url.port), url.hostname);
        socket = half;
        half.on('error', () => {});
        half.once('close', () => markClosed());
        let received = '';
        half.on('data', (chunk: Buffer) => {
          received += chunk.toString('latin1');
          if (!received.includes(' 100 Continue')) return;
          received = '';
          half.write('ver:"3.0"\n', () => resolve());
        });
        half.write(
          `POST ${url.pathname}pointWrite HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n` +
            `Authorization: BEARER authToken=${token}\r\n` +
            'Content-Type: text/zinc\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n',
        );
      }),
  );
  return {
    inProgress,
    closed,
    destroy() {
      destroyed = true;
      (socket as Socket | null)?.destroy();
    },
  };
}

export interface WriteLoadOptions {
  /** Writes each loop sends at most (default 20,000). */
  maxAttempts?: number;
  /** Leave one request half sent (default true); without it, its promises resolve at once. */
  halfSent?: boolean;
  /**
   * A pause after each write, ms (default 0: back to back). A load that must last long paces itself, since
   * fewer than 2,600 writes of each client stay in the point's range (see `writtenValue`).
   */
  paceMs?: number;
}

/** Starts the load on `run` (the demo site). */
export function startWriteLoad(run: RunningPointyard, options: WriteLoadOptions = {}): WriteLoad {
  const { maxAttempts = 20_000, halfSent = true, paceMs = 0 } = options;
  const state: LoopState = { open: true, paceMs };
  const modbus: LoopReport = { acked: 0, refusals: new Map(), ended: '' };
  const http: LoopReport = { acked: 0, refusals: new Map(), ended: '' };
  const half = halfSent ? halfSentRequest(run) : null;
  let ended = 0;
  const loops: Array<[LoopReport, Promise<void>]> = [
    [modbus, modbusLoop(run, modbus, state, maxAttempts)],
    [http, httpLoop(run, http, state, maxAttempts)],
  ];
  const done = Promise.all(
    loops.map(([report, loop]) =>
      loop
        .catch((err: Error) => {
          report.ended = `failed: ${err.message}`;
        })
        .finally(() => ended++),
    ),
  ).then(() => {});
  return {
    modbus,
    http,
    done,
    halfSentInProgress: half?.inProgress ?? Promise.resolve(),
    halfSentClosed: half?.closed ?? Promise.resolve(),
    async acked(n) {
      // A bounded poll: every few ms until both have n acks, for at most 2,000 rounds.
      for (let i = 0; i < 2000; i++) {
        if (modbus.acked >= n && http.acked >= n) return;
        if (ended > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(
        `not ${n} acknowledged writes each: modbus ${modbus.acked} (${modbus.ended}), http ${http.acked} (${http.ended}); refused: modbus ${JSON.stringify([...modbus.refusals])}, http ${JSON.stringify([...http.refusals])}`,
      );
    },
    close() {
      state.open = false;
      half?.destroy();
    },
  };
}
