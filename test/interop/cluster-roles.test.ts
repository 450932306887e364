// Node-wide roles through real processes: two `pointyard start --node` nodes on one PostgreSQL (Debian's),
// publishing to a real mosquitto (`--mqtt-url`) and transmitting SIA DC-09 reports (a periodic test every
// second) to an in-test receiver. Each role is played by one node: one Sparkplug edge-node session at a time
// (no birth while both run), each queued report acknowledged once. The SIA holder killed with SIGKILL while
// the receiver is away: the other node takes the role and sends every report the first one left queued. The
// MQTT holder killed: its will (NDEATH) is published, the other node takes the role and births again. Every
// node runs its own receiver: a burglary sent to one node's receiver, then again to the other's (a resend to
// the backup after a lost ACK), is logged once and raises one alarm.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import mqtt from 'mqtt';
import pg from 'pg';
import { encodeFrame } from '../../src/protocols/sia/codec/frame.js';
import { receiverPort, until } from '../protocols/sia-pointyard-rig.js';
import { TcpPanel } from '../protocols/sia-receiver-rig.js';
import { TestReceiver } from '../protocols/sia-transmitter-rig.js';
import { callOp, rowsOf } from '../support/haystack-call.js';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../support/running-pointyard.js';

const skip = peerSkip(postgresMissing() ?? mosquittoMissing());
let postgres: PostgresCluster | undefined;
let broker: Mosquitto | undefined;
const root = mkdtempSync(join(tmpdir(), 'pointyard-cluster-roles-'));
before(async () => {
  if (skip) return;
  postgres = await PostgresCluster.start({ fsync: false });
  broker = await Mosquitto.start();
});
after(async () => {
  await broker?.dispose();
  await postgres?.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** The site: a tank and a PIR detector; the transmitter sends an RP every second to `port`. */
function siteFile(port: number): string {
  const file = join(root, 'site.yaml');
  writeFileSync(
    file,
    `site: {id: yard, name: Yard, tz: UTC}
devices:
  - {id: tank, profile: level-sensor, parameters: {heightM: 3.0, volumeL: 30000, shape: vertical-cylinder}}
  - {id: pir-1, profile: pir-detector}
server:
  mqtt: {host: 127.0.0.1, port: 1883}
  sia:
    receiver: {accounts: {"2001": {}}}
    transmitter:
      receivers: {primary: {host: 127.0.0.1, port: ${port}, transport: tcp}}
      account: "1234"
      ackTimeoutMs: 1000
      maxBackoffMs: 500
      testIntervalS: 1
`,
  );
  return file;
}

interface Node {
  name: string;
  process: RunningPointyard;
  /** Role names this node plays, as the `cluster` op says. */
  roles(): Promise<string[]>;
  /** Whether its MQTT interface publishes now (the `interfaces` op). */
  publishing(): Promise<boolean>;
  /** The open alarms reported by `source` (the `alarms` op). */
  alarmsOf(source: string): Promise<Record<string, unknown>[]>;
  /** The received reports of `account` logged (the `alarmReports` op). */
  logged(account: string): Promise<number>;
}

async function nodeOf(name: string, process: RunningPointyard): Promise<Node> {
  const { fetch } = await haystackLogin(process.url, 'admin', ADMIN_PASSWORD);
  return {
    name,
    process,
    async roles() {
      const answer = await callOp(process.url, fetch, 'cluster');
      assert.equal(answer.error, null, answer.text);
      const row = rowsOf(answer.grid).find((r) => r.name === name);
      return typeof row?.roles === 'string' ? row.roles.split(',') : [];
    },
    async publishing() {
      const answer = await callOp(process.url, fetch, 'interfaces', 'ver:"3.0"\nname\n"mqtt"\n');
      assert.equal(answer.error, null, answer.text);
      const status = rowsOf(answer.grid)[0]?.status as { publishing?: boolean } | undefined;
      return status?.publishing === true;
    },
    async alarmsOf(source) {
      const answer = await callOp(process.url, fetch, 'alarms', 'ver:"3.0"\nstate\n"open"\n');
      assert.equal(answer.error, null, answer.text);
      return rowsOf(answer.grid).filter((r) => JSON.stringify(r.source ?? '').includes(source));
    },
    async logged(account) {
      const answer = await callOp(process.url, fetch, 'alarmReports', `ver:"3.0"\naccount\n"${account}"\n`);
      assert.equal(answer.error, null, answer.text);
      return answer.grid.getRows().length;
    },
  };
}

/** Who plays `role` among `nodes` (fails when two do). */
async function holder(nodes: readonly Node[], role: string): Promise<Node | null> {
  const playing: Node[] = [];
  for (const node of nodes) if ((await node.roles()).includes(role)) playing.push(node);
  assert.ok(playing.length <= 1, `${role} played by ${playing.map((n) => n.name).join(' and ')}`);
  return playing[0] ?? null;
}

/** The account's queue in the shared store: the sequences waiting. */
async function queued(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (await client.query<{ seq: string }>('SELECT seq::text AS seq FROM alarm_report_queue'))
      .rows;
    return rows.map((r) => Number(r.seq));
  } finally {
    await client.end();
  }
}

/**
 * The sequences acknowledged more than once since `from` (a report handed over while its ACK was on its way
 * may be sent again with its sequence, as DC-09 allows; with the roles settled none is).
 */
function resent(receiver: TestReceiver, from: number): number[] {
  const seen = new Set<string>();
  const again: number[] = [];
  for (const e of receiver.accepted.slice(from)) {
    const key = `${e.account}/${e.sequence}`;
    if (seen.has(key)) again.push(e.sequence);
    seen.add(key);
  }
  return again;
}

test(
  'roles: one node publishes to MQTT and one sends SIA reports; each role moves when its holder is killed',
  { skip, timeout: 300_000 },
  async () => {
    const url = await (postgres as PostgresCluster).createDatabase('roles');
    const receiver = await TestReceiver.start({ transport: 'tcp', accounts: [{ account: '1234' }] });
    const site = siteFile(receiver.port);
    // What a Sparkplug host sees of the edge node: births and deaths in order.
    const host = await mqtt.connectAsync((broker as Mosquitto).url, { clientId: 'test-host' });
    const sessions: string[] = [];
    host.on('message', (topic) => {
      const type = topic.split('/')[2] as string;
      if (type === 'NBIRTH' || type === 'NDEATH') sessions.push(type);
    });
    await host.subscribeAsync('spBv1.0/yard/#', { qos: 1 });
    const start = async (name: string) =>
      nodeOf(
        name,
        await startPointyard(join(root, name), {
          site,
          args: ['--store', url, '--node', name, '--mqtt-url', (broker as Mosquitto).url],
        }),
      );
    const nodes: Node[] = [];
    try {
      nodes.push(await start('a'), await start('b'));
      const [a, b] = nodes as [Node, Node];
      // Settled: each node plays one role (a took both alone, then handed one to b).
      let seen = '';
      await until(
        () => `one role each (${seen}); ${a.process.output.slice(-5).join(' | ')}`,
        async () => {
          const [ra, rb] = [await a.roles(), await b.roles()];
          seen = `a: ${ra.join()}; b: ${rb.join()}`;
          return ra.length === 1 && rb.length === 1;
        },
        60_000,
      );
      const mqttHolder = (await holder(nodes, 'mqtt')) as Node;
      const siaHolder = (await holder(nodes, 'sia-transmitter')) as Node;
      assert.notEqual(mqttHolder.name, siaHolder.name);
      assert.equal(await mqttHolder.publishing(), true);
      assert.equal(await siaHolder.publishing(), false);
      // One edge-node session stands (every birth after a death), and no birth comes while both nodes run.
      await until('an NBIRTH', async () => sessions.includes('NBIRTH'), 30_000);
      const standing = sessions.length;
      assert.equal(sessions.at(-1), 'NBIRTH');
      assert.ok(
        sessions.every((type, i) => type === (i % 2 === 0 ? 'NBIRTH' : 'NDEATH')),
        sessions.join(),
      );
      // SIA: the periodic tests arrive, each acknowledged once (two senders would send each one twice).
      const from = receiver.accepted.length;
      await until('three reports', async () => receiver.accepted.length >= from + 3, 30_000);
      assert.deepEqual(resent(receiver, from), [], 'no report sent twice');
      assert.equal(sessions.length, standing, `no session change meanwhile: ${sessions.join()}`);

      // A burglary to a's receiver, then the same message to b's: logged once, one alarm.
      const burglary = encodeFrame({
        token: 'SIA-DCS',
        encrypted: false,
        sequence: 7,
        line: '0',
        account: '2001',
        data: '#2001|Nri1/BA003',
        extended: [],
      });
      for (const node of nodes) {
        const panel = await TcpPanel.connect(receiverPort(node.process.banner));
        await panel.write(burglary);
        assert.match((await panel.answers(1))[0] as string, /"ACK"0007/);
        await panel.close();
      }
      assert.equal(await a.logged('2001'), 1);
      for (const node of nodes)
        assert.equal((await node.alarmsOf('2001')).length, 1, `one alarm on ${node.name}`);

      // The receiver goes away: reports pile up in the shared queue; the SIA holder is killed meanwhile.
      await receiver.stop();
      await until('reports queued', async () => (await queued(url)).length >= 3, 30_000);
      await siaHolder.process.stop('SIGKILL');
      const left = await queued(url);
      const survivor = nodes.find((n) => n !== siaHolder) as Node;
      await until('the survivor plays sia-transmitter', async () =>
        (await survivor.roles()).includes('sia-transmitter'),
      );
      await receiver.restart();
      await until('the queue sent', async () => (await queued(url)).length === 0, 30_000);
      const sequences = receiver.distinct().map((e) => e.sequence);
      for (const seq of left) assert.ok(sequences.includes(seq), `report ${seq} left queued was delivered`);
      assert.deepEqual(resent(receiver, from), [], 'no report sent twice');

      // The killed node comes back: it gets one role back; then the MQTT holder (the survivor) is killed.
      const back = await start(siaHolder.name);
      nodes[nodes.indexOf(siaHolder)] = back;
      await until('one role each again', async () => (await back.roles()).length === 1, 60_000);
      assert.deepEqual(await survivor.roles(), ['mqtt']);
      const births = sessions.filter((t) => t === 'NBIRTH').length;
      await survivor.process.stop('SIGKILL');
      await until(
        'the will, then a new birth',
        async () => sessions.filter((t) => t === 'NBIRTH').length > births,
        30_000,
      );
      assert.deepEqual(sessions.slice(-2), ['NDEATH', 'NBIRTH']);
      // The cluster view is read once per heartbeat: it shows the move shortly after.
      await until(
        'the node back plays both roles',
        async () => (await back.roles()).sort().join() === 'mqtt,sia-transmitter',
      );
      assert.equal(await back.publishing(), true);
      assert.equal(await back.process.stop(), 0);
    } finally {
      for (const node of nodes) await node.process.stop('SIGKILL');
      await host.endAsync();
      await receiver.stop();
    }
  },
);
