// For the JSON interop tests: mosquitto_sub left running on a topic filter, every message kept as it arrives
// (retained flag, topic, payload), and the site's points as the Haystack API reads them, to compare the two.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { HBool, HNum, HStr } from 'haystack-core';
import { callOp } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { publish } from '../support/mosquitto.js';
import { ADMIN_PASSWORD } from '../support/running-pointyard.js';

/** The demo's JSON topics. */
export const BASE = 'pointyard/lyon-confluence';

export interface Seen {
  retained: boolean;
  topic: string;
  payload: string;
}

/** mosquitto_sub on `filters` until `stop` (or `timeoutS`), keeping every message. */
export class Watch {
  readonly messages: Seen[] = [];
  /** The last message of each topic. */
  readonly latest = new Map<string, Seen>();
  /** Topics a retained message came on (at the subscription). */
  readonly retained = new Set<string>();
  private readonly child: ChildProcess;

  constructor(port: number, filters: string[], extra: string[] = [], timeoutS = 300) {
    this.child = spawn(
      'mosquitto_sub',
      [
        ...['-h', '127.0.0.1', '-p', String(port), '-q', '1', '-W', String(timeoutS)],
        ...['-F', '%r %t %p'],
        ...filters.flatMap((f) => ['-t', f]),
        ...extra,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const [flag, topic, ...rest] = line.split(' ');
      const seen = { retained: flag === '1', topic: topic as string, payload: rest.join(' ') };
      this.messages.push(seen);
      this.latest.set(seen.topic, seen);
      if (seen.retained) this.retained.add(seen.topic);
    });
  }

  /** Polls `condition` every 20 ms until it holds; throws with `what` after `timeoutMs`. */
  async until(condition: () => boolean, what: string | (() => string), timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The next message on `topic` after the `from`-th one. */
  async next(topic: string, from: number, timeoutMs = 20_000): Promise<Seen> {
    let found: Seen | undefined;
    await this.until(
      () => {
        found = this.messages.slice(from).find((m) => m.topic === topic);
        return found !== undefined;
      },
      `a message on ${topic}`,
      timeoutMs,
    );
    return found as Seen;
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** One point as the Haystack API reads it: `<device>/<point>`, value, status and its COV increment. */
export interface StorePoint {
  path: string;
  value: number | boolean | string | null;
  status: string;
  unit: string | null;
  /** The default COV increment of a number sensor or status: 0.1 % of its range. */
  increment: number;
}

/** Every point of the site, read through the Haystack API. */
export async function storePoints(url: string, fetch: typeof globalThis.fetch): Promise<StorePoint[]> {
  const answer = await callOp(url, fetch, 'read', { query: { filter: 'point' } });
  if (answer.status !== 200 || answer.error) throw new Error(`read failed: ${answer.text}`);
  return answer.grid.getRows().map((row) => {
    const id = String(row.get('id')?.valueOf());
    const [, device, point] = id.split('.');
    const cur = row.get('curVal');
    const min = row.get('minVal');
    const max = row.get('maxVal');
    const writable = row.has('writable');
    return {
      path: `${device}/${point}`,
      value:
        cur instanceof HNum || cur instanceof HBool || cur instanceof HStr
          ? (cur.value as number | boolean | string)
          : null,
      status: String(row.get('curStatus')?.valueOf()),
      unit: cur instanceof HNum ? (cur.unit?.symbol ?? null) : null,
      increment:
        !writable && min instanceof HNum && max instanceof HNum ? Math.abs(max.value - min.value) / 1000 : 0,
    };
  });
}

/** Whether a point's JSON payload shows what the store holds (a number within its COV increment). */
export function matches(point: StorePoint, payload: string): boolean {
  const json = JSON.parse(payload) as { val: unknown; status: string; ts: string };
  if (json.status !== point.status) return false;
  if (Number.isNaN(Date.parse(json.ts)) || !json.ts.endsWith('Z')) return false;
  if (typeof point.value === 'number' && typeof json.val === 'number')
    return Math.abs(point.value - json.val) <= point.increment + 1e-9;
  return json.val === point.value;
}

/** Polls until every point's latest JSON message matches the store at one of the reads (values keep moving). */
export async function everyPointMatches(watch: Watch, url: string): Promise<StorePoint[]> {
  const admin = await haystackLogin(url, 'admin', ADMIN_PASSWORD);
  let points = await storePoints(url, admin.fetch);
  assert.ok(points.length > 200, `${points.length} points`);
  await watch.until(
    () => points.every((p) => watch.latest.has(`${BASE}/${p.path}`)),
    'every point on its JSON topic',
  );
  const pending = new Set(points.map((p) => p.path));
  for (let round = 0; round < 50 && pending.size > 0; round++) {
    if (round > 0) await new Promise((r) => setTimeout(r, 100));
    points = await storePoints(url, admin.fetch);
    for (const p of points) {
      const seen = watch.latest.get(`${BASE}/${p.path}`);
      if (seen && matches(p, seen.payload)) pending.delete(p.path);
    }
  }
  assert.deepEqual([...pending], [], 'points whose JSON topic never matched the store');
  return points;
}

/** Publishes a command and answers the next result on its `/set/result` topic. */
export async function command(
  watch: Watch,
  brokerUrl: string,
  path: string,
  payload: string,
  extra: string[] = [],
): Promise<Record<string, unknown>> {
  const from = watch.messages.length;
  const sent = publish(brokerUrl, `${BASE}/${path}/set`, payload, ['-q', '1', ...extra]);
  assert.equal(sent.status, 0, sent.output);
  const result = await watch.next(`${BASE}/${path}/set/result`, from);
  assert.equal(result.retained, false);
  return JSON.parse(result.payload) as Record<string, unknown>;
}

/** The value of a point's latest JSON message. */
export const valOf = (watch: Watch, path: string) =>
  JSON.parse(watch.latest.get(`${BASE}/${path}`)?.payload ?? '{}').val as unknown;
