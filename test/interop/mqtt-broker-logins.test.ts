// The embedded broker with Pointyard's users, driven by Debian's mosquitto_sub / mosquitto_pub: the MQTT server
// service started on the demo site (a real Runtime, its one Logins) on a free loopback port. Users log in with
// their password; anonymous clients read only (or are refused with `anonymous: none`); a publish of anyone but
// an operator or admin is refused (the client is disconnected and nothing reaches the command handlers); failed
// logins are audited and count towards the Security Alert; subscribers to the site's topics are host
// applications, reported as connections while they stay.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { after, describe, test } from 'node:test';
import { createCredentials } from '../../src/auth/credentials.js';
import { LOGIN_AUDIT_KEY } from '../../src/auth/login-audit.js';
import type { ThrottlePolicy } from '../../src/auth/login-throttle.js';
import { VirtualClock } from '../../src/core/clock.js';
import { startEmbeddedBroker } from '../../src/protocols/mqtt/broker/embedded-broker.js';
import type { CommandSender } from '../../src/protocols/mqtt/commands.js';
import { mqttServerService } from '../../src/protocols/mqtt/server-service.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import type { StartedServer } from '../../src/protocols/server-service.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { freePort, mosquittoMissing, subscribe } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';

const skip = peerSkip(mosquittoMissing());
const T0 = Date.UTC(2026, 0, 1);

interface Line {
  level: 'info' | 'warn' | 'error';
  obj: object | string;
  msg: string | undefined;
}

async function until(what: string, condition: () => boolean, capMs = 10_000): Promise<void> {
  const deadline = Date.now() + capMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const started: { server: StartedServer; runtime: Runtime }[] = [];
after(async () => {
  for (const { server, runtime } of started) {
    await server.close(1000);
    await runtime.stop();
  }
});

/** The demo site with `server.mqtt` on a free port, users alice (operator) and victor (viewer). */
async function start(mqtt: Record<string, unknown> = {}, throttle: Partial<ThrottlePolicy> = {}) {
  const loaded = loadSite('sites/demo.yaml', PROTOCOLS).site as Site;
  const port = await freePort();
  const site: Site = { ...loaded, server: { ...loaded.server, mqtt: { host: '127.0.0.1', port, ...mqtt } } };
  const store = new MemoryStore();
  for (const [name, role] of [
    ['alice', 'operator'],
    ['victor', 'viewer'],
  ] as const)
    await store.saveUser({
      name,
      role,
      ...createCredentials(`${name}-password`, 256),
      createdAt: 0,
      updatedAt: 0,
    });
  let incidents = 0;
  const runtime = await Runtime.open({
    site,
    store,
    clock: new VirtualClock(T0),
    seed: 1,
    logins: { onSecurityIncident: () => incidents++, throttle },
  });
  const lines: Line[] = [];
  const log = {
    info: (obj: object | string, msg?: string) => lines.push({ level: 'info', obj, msg }),
    warn: (obj: object | string, msg?: string) => lines.push({ level: 'warn', obj, msg }),
    error: (obj: object | string, msg?: string) => lines.push({ level: 'error', obj, msg }),
  };
  const { settings, problems } = mqttServerService.settings(site, {}, {});
  assert.deepEqual(problems, []);
  assert.ok(settings);
  const connections: { ip: string; open: boolean }[] = [];
  const server = await mqttServerService.start(settings, {
    services: runtime.services,
    log,
    onRequest() {},
    onConnection: (ip, open) => connections.push({ ip, open }),
  });
  started.push({ server, runtime });
  const url = `mqtt://127.0.0.1:${port}`;
  return { url, server, runtime, lines, connections, incidents: () => incidents, site };
}

/**
 * mosquitto_pub, without blocking this process (the broker under test runs in it): its exit status and output,
 * killed after 10 s.
 */
function publish(
  url: string,
  topic: string,
  message: string,
  extra: string[] = [],
): Promise<{ status: number | null; output: string }> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  const child = spawn('mosquitto_pub', ['-h', host, '-p', port, '-t', topic, '-m', message, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const timer = setTimeout(() => child.kill(), 10_000);
  return new Promise((resolve) =>
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    }),
  );
}

const login = (name: string) => ['-u', name, '-P', `${name}-password`];

describe('the embedded broker with Pointyard users', { skip }, () => {
  test('users and anonymous clients read; only operators and admins publish', async () => {
    const { url, server, lines } = await start();
    const service = server as StartedServer & { status(): Record<string, unknown> };

    // An anonymous subscriber gets what alice (an operator) publishes.
    const anonymous = subscribe(url, ['pointyard/lyon-confluence/test/#'], { count: 1, timeoutS: 10 });
    await until(
      'the anonymous subscription',
      () => (service.status().broker as { clients: number }).clients >= 1,
    );
    const sent = await publish(url, 'pointyard/lyon-confluence/test/a', 'from-alice', [
      ...login('alice'),
      '-q',
      '1',
    ]);
    assert.equal(sent.status, 0, sent.output);
    assert.deepEqual(await anonymous.lines, ['pointyard/lyon-confluence/test/a from-alice']);

    // An anonymous publish and a viewer's are refused: the client is disconnected before its PUBACK.
    const byAnonymous = await publish(url, 'pointyard/lyon-confluence/test/b', 'anonymous', ['-q', '1']);
    assert.notEqual(byAnonymous.status, 0, byAnonymous.output);
    const byViewer = await publish(url, 'pointyard/lyon-confluence/test/c', 'viewer', [
      ...login('victor'),
      '-q',
      '1',
    ]);
    assert.notEqual(byViewer.status, 0, byViewer.output);
    const refused = lines.filter((l) => l.msg?.startsWith('MQTT publish refused'));
    assert.equal(refused.length, 2);
    assert.deepEqual(
      refused.map((l) => (l.obj as { user: string | null }).user),
      [null, 'victor'],
    );
    assert.equal((service.status().broker as { refusedPublishes: number }).refusedPublishes, 2);
  });

  test('a command reaches the handlers with the user who sent it; refused ones never do', async () => {
    const { runtime } = await start();
    const broker = await startEmbeddedBroker({
      settings: { kind: 'embedded', host: '127.0.0.1', port: 0, anonymous: 'read' },
      logins: runtime.services.logins,
      siteTopics: ['pointyard/lyon-confluence'],
      log: { info() {}, warn() {}, error() {} },
    });
    try {
      const url = `mqtt://${broker.address}`;
      const commands: { topic: string; payload: string; sender: CommandSender }[] = [];
      broker.commands.on('pointyard/+/+/+/set', (topic, payload, sender) =>
        commands.push({ topic, payload: payload.toString(), sender }),
      );
      const topic = 'pointyard/lyon-confluence/ahu-1/sat-sp/set';
      assert.notEqual((await publish(url, topic, '{"val":1}', ['-q', '1'])).status, 0);
      assert.notEqual((await publish(url, topic, '{"val":2}', [...login('victor'), '-q', '1'])).status, 0);
      assert.equal((await publish(url, topic, '{"val":3}', [...login('alice'), '-q', '1'])).status, 0);
      await until('the command', () => commands.length >= 1);
      assert.equal(commands.length, 1);
      assert.equal(commands[0]?.payload, '{"val":3}');
      assert.deepEqual(
        { ...commands[0]?.sender, clientId: typeof commands[0]?.sender.clientId },
        { who: 'alice', role: 'operator', remote: '127.0.0.1', clientId: 'string' },
      );
    } finally {
      await broker.close(1000);
    }
  });

  test('a wrong password gets CONNACK 4, audited; a refused anonymous client gets 5 with anonymous: none', async () => {
    const { url, runtime, incidents } = await start({ anonymous: 'none' });
    const wrong = await publish(url, 'x', 'y', ['-u', 'alice', '-P', 'not-her-password']);
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.output, /bad user name or password/i);
    const anonymous = await publish(url, 'x', 'y');
    assert.notEqual(anonymous.status, 0);
    assert.match(anonymous.output, /not authori[sz]ed/i);
    const sub = subscribe(url, ['#'], { timeoutS: 2 });
    await sub.lines;
    assert.notEqual(sub.process.exitCode, 0);
    const ok = await publish(url, 'x', 'y', login('victor'));
    assert.equal(ok.status, 0, ok.output);
    const audit = await runtime.services.audit.query({ key: LOGIN_AUDIT_KEY });
    assert.deepEqual(
      audit.map((a) => [a.who, a.via, a.action]),
      [['alice', 'mqtt', 'login-failed']],
    );
    // The Security Alert counts failures from the throttle's threshold (5) on, as for every protocol.
    for (let i = 0; i < 5; i++) await publish(url, 'x', 'y', ['-u', 'mallory', '-P', `guess-${i}`]);
    assert.ok(incidents() >= 1, `security incidents: ${incidents()}`);
  });

  test('past the throttle, even the right password is refused with CONNACK 5 (and audited)', async () => {
    // One failure is the threshold here, and the wait after it a minute: the next login is refused unchecked.
    const { url, runtime } = await start({}, { threshold: 1, baseDelayMs: 60_000 });
    const wrong = await publish(url, 'x', 'y', ['-u', 'alice', '-P', 'not-her-password']);
    assert.match(wrong.output, /bad user name or password/i);
    const right = await publish(url, 'x', 'y', login('alice'));
    assert.notEqual(right.status, 0);
    assert.match(right.output, /not authori[sz]ed/i);
    const audit = await runtime.services.audit.query({ key: LOGIN_AUDIT_KEY });
    assert.deepEqual(audit.map((a) => a.action).sort(), ['login-failed', 'login-throttled']);
  });

  test('on IPv6 too; the stop ends the connections still open', async () => {
    const { runtime } = await start();
    const broker = await startEmbeddedBroker({
      settings: { kind: 'embedded', host: '::1', port: 0, anonymous: 'read' },
      logins: runtime.services.logins,
      siteTopics: ['pointyard/lyon-confluence'],
      log: { info() {}, warn() {}, error() {} },
    });
    const url = `mqtt://${broker.address}`;
    assert.match(url, /^mqtt:\/\/\[::1\]:\d+$/);
    const commands: string[] = [];
    broker.commands.on('#', (_topic, payload) => commands.push(payload.toString()));
    const sent = await publish(url, 'pointyard/x/set', 'v6', [...login('alice'), '-q', '1']);
    assert.equal(sent.status, 0, sent.output);
    await until('the command', () => commands.length === 1);
    // A client that would stay (a raw MQTT 3.1.1 CONNECT, clean session, client id `a`): the stop ends its
    // connection. (mosquitto_sub would reconnect and wait until its own timeout.)
    const { port } = new URL(url);
    const stays = createConnection({ host: '::1', port: Number(port) });
    let answer = Buffer.alloc(0);
    stays.on('data', (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk]);
    });
    const gone = new Promise<void>((resolve) => stays.once('close', () => resolve()));
    stays.write(Buffer.from([0x10, 13, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 1, 0x61]));
    await until('the CONNACK', () => answer.length >= 4);
    assert.deepEqual([...answer.subarray(0, 4)], [0x20, 2, 0, 0]);
    assert.equal((broker.status() as { clients: number }).clients, 1);
    await broker.close(500);
    await gone;
  });

  test("subscribers to the site's topics are host applications while connected; others are not", async () => {
    const { url, server, connections } = await start();
    const service = server as StartedServer & { status(): Record<string, unknown> };
    const other = subscribe(url, ['weather/#'], { timeoutS: 30 });
    const host = subscribe(url, ['spBv1.0/lyon-confluence/#'], { timeoutS: 30, extra: login('victor') });
    await until('the host application', () => connections.length === 1);
    assert.equal(connections[0]?.open, true);
    assert.equal(connections[0]?.ip, '127.0.0.1');
    await until('both clients', () => (service.status().broker as { clients: number }).clients === 2);
    assert.equal((service.status().broker as { hostApplications: number }).hostApplications, 1);
    host.process.kill();
    await host.lines;
    await until('the host application gone', () => connections.length === 2);
    assert.deepEqual(connections[1], { ip: '127.0.0.1', open: false });
    other.process.kill();
    await other.lines;
    assert.equal(connections.length, 2);
  });
});
