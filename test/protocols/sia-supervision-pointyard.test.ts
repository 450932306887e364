// Link supervision in a whole Pointyard (a real `pointyard start` process): its transmitter reports pir-1 as
// account 1001 (a NULL link test every second) to its own receiver through a relay on loopback, and the
// receiver supervises 1001 (interval 2 s, grace 1 s) on pir-1. The relay goes down (the transmitting side
// is cut off): pir-1's Communication Status turns FAULT, with an alarm; the relay comes back on the same
// port: the transmitter's next NULL gets through and Communication Status is OK again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { HStr } from 'haystack-core';
import { callOp } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { ADMIN_PASSWORD, startPointyard } from '../support/running-pointyard.js';
import { adminOf, receiverPort, until } from './sia-pointyard-rig.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-supervision-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A TCP relay on loopback to `target` (set once known); `down()` drops it, `up()` listens again. */
class Relay {
  target = 0;
  port = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  async up(): Promise<void> {
    const server = createServer((inbound) => {
      const outbound = createConnection({ host: '127.0.0.1', port: this.target });
      for (const s of [inbound, outbound]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.once('close', () => {
          this.sockets.delete(s);
          inbound.destroy();
          outbound.destroy();
        });
      }
      inbound.pipe(outbound);
      outbound.pipe(inbound);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: this.port }, () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

test(
  'the transmitting side cut off: Communication Status FAULT; back: OK',
  { timeout: 120_000 },
  async () => {
    const relay = new Relay();
    await relay.up();
    const site = join(root, 'yard.yaml');
    writeFileSync(
      site,
      [
        'site: {id: yard, name: Yard, tz: UTC}',
        'devices:',
        '  - {id: pir-1, profile: pir-detector, parameters: {armedSchedule: never, randomFaults: false}}',
        'server:',
        '  sia:',
        '    receiver:',
        '      supervision: {intervalS: 2, graceS: 1}',
        '      accounts: {"1001": {device: pir-1}}',
        '    transmitter:',
        `      receivers: {primary: {host: 127.0.0.1, port: ${relay.port}, transport: tcp}}`,
        '      perZone: {base: "1000", zones: [1]}',
        '      supervisionS: 1',
        '      ackTimeoutMs: 1000',
        '      maxBackoffMs: 500',
        '',
      ].join('\n'),
    );
    const yard = await startPointyard(join(root, 'data'), { site });
    try {
      relay.target = receiverPort(yard.banner);
      const admin = await adminOf(yard);
      const { fetch } = await haystackLogin(yard.url, 'admin', ADMIN_PASSWORD);
      const communication = async () => {
        const answer = await callOp(
          yard.url,
          fetch,
          'read',
          'ver:"3.0"\nid\n@yard.pir-1.communication-status\n',
        );
        assert.equal(answer.error, null, answer.text);
        return answer.grid.getRows()[0]?.get<HStr>('curVal')?.value;
      };
      const link = async () => {
        const status = await admin.siaStatus();
        return (status.supervision as Array<{ account: string; state: string; losses: number }>)[0];
      };
      const acknowledged = async () => {
        const status = await admin.siaStatus();
        return (status.accounts as Array<{ ack: number }>)[0]?.ack ?? 0;
      };
      await until('a NULL through the relay', async () => (await acknowledged()) > 0);
      assert.equal(await communication(), 'OK');

      await relay.down();
      await until('Communication Status FAULT', async () => (await communication()) === 'FAULT');
      assert.equal((await link())?.state, 'lost');
      const alarms = await callOp(yard.url, fetch, 'alarms');
      assert.equal(alarms.error, null, alarms.text);
      assert.ok(alarms.text.includes('pir-1.communication-status'), alarms.text);

      await relay.up();
      await until('Communication Status OK again', async () => (await communication()) === 'OK');
      assert.equal((await link())?.state, 'ok');
      assert.ok(((await link())?.losses ?? 0) >= 1);
      assert.equal(await yard.stop(), 0);
    } finally {
      await yard.stop('SIGKILL');
      await relay.down();
    }
  },
);
