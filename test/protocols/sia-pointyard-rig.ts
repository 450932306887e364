// Helpers for tests of whole Pointyards (real `pointyard start` processes) that report to each other over
// SIA DC-09: the SIA status from the `interfaces` op, faults injected with the `fault` op, bounded polls.
import assert from 'node:assert/strict';
import type { HDict, HGrid, HStr } from 'haystack-core';
import { callOp } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { ADMIN_PASSWORD, type RunningPointyard } from '../support/running-pointyard.js';

/** An admin session on a running Pointyard's API. */
export interface Admin {
  siaStatus(): Promise<Record<string, unknown>>;
  fault(device: string, fault: string, clear?: boolean): Promise<void>;
}

export async function adminOf(pointyard: RunningPointyard): Promise<Admin> {
  const api = pointyard.url;
  const { fetch } = await haystackLogin(api, 'admin', ADMIN_PASSWORD);
  return {
    async siaStatus() {
      const listed = await callOp(api, fetch, 'interfaces');
      assert.equal(listed.error, null);
      const row = (listed.grid as HGrid).getRows().find((r) => r.get<HStr>('name')?.value === 'sia');
      assert.ok(row, 'the sia interface is listed');
      return (row as HDict).get<HDict>('status')?.toJSON() as Record<string, unknown>;
    },
    async fault(device, fault, clear = false) {
      const body = `ver:"3.0"\ndevice,fault,clear\n"${device}","${fault}",${clear ? 'T' : 'F'}\n`;
      const answer = await callOp(api, fetch, 'fault', body);
      assert.equal(answer.error, null, answer.text);
      assert.equal(answer.status, 200, answer.text);
    },
  };
}

/** Events the receiver logged for each account (status.accounts[].events). */
export function receiverEvents(status: Record<string, unknown>): Record<string, number> {
  const accounts = (status.accounts ?? []) as Array<{ account: string; events: number }>;
  return Object.fromEntries(accounts.map((a) => [a.account, a.events]));
}

/** Reports queued by the transmitter since start, per account (status.transmitter.accounts[].queued). */
export function transmitterQueued(status: Record<string, unknown>): Record<string, number> {
  const tx = status.transmitter as { accounts: Array<{ account: string; queued: number }> } | undefined;
  return Object.fromEntries((tx?.accounts ?? []).map((a) => [a.account, a.queued]));
}

/** Polls `check` every 25 ms until it returns true; fails after `capMs` with `what` (read then). */
export async function until(
  what: string | (() => string),
  check: () => Promise<boolean>,
  capMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + capMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`gave up waiting: ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The port of `SIA DC-09 receiver: tcp 127.0.0.1:P, udp 127.0.0.1:P` in a banner. */
export function receiverPort(banner: readonly string[]): number {
  for (const line of banner) {
    const m = /^SIA DC-09 receiver: tcp 127\.0\.0\.1:(\d+), udp 127\.0\.0\.1:(\d+)$/.exec(line);
    if (m) {
      assert.equal(m[1], m[2], 'TCP and UDP on one port');
      return Number(m[1]);
    }
  }
  throw new Error(`no receiver in the banner:\n${banner.join('\n')}`);
}
