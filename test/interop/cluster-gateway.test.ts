// Gateway mode in a cluster, through real processes: two `pointyard start --node` processes share a site whose
// one device is read over Modbus TCP from a device played by our own Modbus server (the demo, in this test
// process, which counts the connections and requests it gets). Only the node that runs the device connects to
// it; a write on the other node reaches the device (sent by the owner); the owner killed with SIGKILL, the
// other node takes the device over and reads it, and a write still reaches the device.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { callOp } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { type DemoModbus, demoModbus } from '../support/modbus-server.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../support/running-pointyard.js';

const skip = peerSkip(postgresMissing());
let cluster: PostgresCluster;
const root = mkdtempSync(join(tmpdir(), 'pointyard-cluster-gateway-'));
const SITE_ID = 'gw-cluster';
const DEVICE = 'dhw-tank';
const POINT = 'temperature-setpoint';

before(async () => {
  if (!skip) cluster = await PostgresCluster.start({ fsync: false });
});
after(async () => {
  await cluster?.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** Polls `ready` every 20 ms for at most `capMs`; fails with `what` when it never holds. */
async function until(ready: () => boolean | Promise<boolean>, what: string, capMs = 30_000): Promise<void> {
  const end = performance.now() + capMs;
  while (!(await ready())) {
    if (performance.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The node holding the device's lease now (by the database's clock), or null. */
async function ownerOf(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ node: string | null }>(
      'SELECT CASE WHEN expires_at > clock_timestamp() THEN node END AS node FROM device_leases WHERE device = $1',
      [DEVICE],
    );
    return rows[0]?.node ?? null;
  } finally {
    await client.end();
  }
}

/** Writes `value` at level 16 through the node's Haystack API; the answer's text (an error grid says err). */
async function haystackWrite(node: RunningPointyard, value: unknown, point = POINT): Promise<string> {
  const { fetch } = await haystackLogin(node.url, 'admin', ADMIN_PASSWORD);
  const answer = await fetch(`${node.url}pointWrite`, {
    method: 'POST',
    headers: { 'content-type': 'text/zinc' },
    body: `ver:"3.0"\nid,level,val\n@${SITE_ID}.${DEVICE}.${point},16,${value}\n`,
  });
  const text = await answer.text();
  assert.equal(answer.status, 200, text);
  return text;
}

/** The point's curVal as the node's Haystack API reads it (e.g. `61°C`), undefined on an error. */
async function curVal(node: RunningPointyard): Promise<string | undefined> {
  const { fetch } = await haystackLogin(node.url, 'admin', ADMIN_PASSWORD);
  const answer = await callOp(node.url, fetch, 'read', `ver:"3.0"\nid\n@${SITE_ID}.${DEVICE}.${POINT}\n`);
  return answer.error === null ? answer.grid.getRows()[0]?.get('curVal')?.toString() : undefined;
}

describe('gateway mode in a cluster', { skip }, () => {
  test('only the owner reads the device; a write on the other node reaches it; the owner killed, the other reads it', async () => {
    /** Connections open at the device now, opened in all, and requests answered. */
    const at = { open: 0, maxOpen: 0, opened: 0, requests: 0 };
    let device: DemoModbus | null = null;
    const nodes: RunningPointyard[] = [];
    try {
      device = await demoModbus({
        onConnection: (_ip, open) => {
          at.open += open ? 1 : -1;
          if (open) at.opened++;
          at.maxOpen = Math.max(at.maxOpen, at.open);
        },
        onRequest: () => {
          at.requests++;
        },
      });
      const unit = device.unitOf(DEVICE);
      const siteFile = join(root, 'site.yaml');
      writeFileSync(
        siteFile,
        [
          'site:',
          `  id: ${SITE_ID}`,
          '  name: Gateway cluster',
          '  tz: Europe/Paris',
          'devices:',
          `  - id: ${DEVICE}`,
          '    profile: dhw-tank',
          `    source: { kind: modbus, host: 127.0.0.1, port: ${device.port}, unit: ${unit}, pollMs: 100 }`,
          '',
        ].join('\n'),
      );
      const url = await cluster.createDatabase('gateway');
      for (const name of ['a', 'b'])
        nodes.push(
          await startPointyard(join(root, name), {
            site: siteFile,
            args: ['--store', url, '--node', name],
          }),
        );
      const byName = new Map(nodes.map((n, i) => [['a', 'b'][i] as string, n]));

      await until(async () => (await ownerOf(url)) !== null, 'the device owned by a node');
      const first = (await ownerOf(url)) as string;
      const owner = byName.get(first) as RunningPointyard;
      const other = nodes.find((n) => n !== owner) as RunningPointyard;
      // The owner polls it: requests keep coming, over one connection only.
      await until(() => at.requests >= 20, 'the owner polling the device');
      const before = at.requests;
      await until(() => at.requests >= before + 20, 'the owner polling on');
      assert.equal(at.maxOpen, 1, 'one connection at a time: only the owner reads the device');
      assert.equal(at.opened, 1, 'the node that does not run the device never connected');

      // A write on the node that does not run the device: committed there, sent to the device by the owner.
      assert.doesNotMatch(await haystackWrite(other, 61), /\berr\b/);
      await until(() => device?.value(`${DEVICE}.${POINT}`) === 61, 'the write reaching the device');
      // Read back from the device by the owner, shown on the other node through the feed.
      await until(async () => /^61(\D|$)/.test((await curVal(other)) ?? ''), 'the other node showing it');
      assert.equal(at.maxOpen, 1, 'still one connection: the write went through the owner');
      // A momentary action committed on the other node is not run by its (stopped) driver: no connection
      // from there. (The owner runs it when an owner-call transport links the nodes.)
      assert.doesNotMatch(await haystackWrite(other, 'T', 'legionella-cycle'), /\berr\b/);
      const afterAction = at.requests;
      await until(() => at.requests >= afterAction + 10, 'the owner polling on after the action');
      assert.equal(at.opened, 1, 'the node that does not run the device did not connect for the action');

      // The owner killed: the other node takes the device over and reads it.
      await owner.stop('SIGKILL');
      await until(() => at.open === 0, "the killed owner's connection closed by its system");
      const requestsAtKill = at.requests;
      await until(
        async () => (await ownerOf(url)) !== null && (await ownerOf(url)) !== first,
        'the device taken over by the node left',
      );
      await until(() => at.opened === 2 && at.requests >= requestsAtKill + 20, 'the new owner reading it');
      assert.equal(at.maxOpen, 1);
      // A write on the new owner reaches the device too.
      assert.doesNotMatch(await haystackWrite(other, 57), /\berr\b/);
      await until(() => device?.value(`${DEVICE}.${POINT}`) === 57, 'the write reaching the device');
    } finally {
      for (const node of nodes) await node.stop();
      await device?.close();
    }
  });
});
