// Pointyard on an external broker: Debian's mosquitto with a TLS listener (a CA, a server and a client
// certificate made here by openssl; the client certificate required) and a password file (mosquitto_passwd),
// the MQTT server service started on the demo site with `url: mqtts://…`, the CA, the client certificate and
// key, a user name and its password from the environment, over MQTT 3.1.1 and 5. A retained Sparkplug STATE
// published by mosquitto_pub comes back through Pointyard's subscription (a host application, reported as a
// connection). A wrong password or a broker that is not there: the start goes on, the log and the status say
// why, and the link connects once the broker lets it in.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { mqttSettings } from '../../src/protocols/mqtt/mqtt-settings.js';
import { mqttServerService } from '../../src/protocols/mqtt/server-service.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { loadSite } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { freePort, Mosquitto, mosquittoMissing, publish } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';

const dir = mkdtempSync(join(tmpdir(), 'pointyard-mqtt-external-'));
const pem = (name: string) => join(dir, name);

function run(command: string, args: string[]): string | null {
  const made = spawnSync(command, args, { encoding: 'utf8' });
  return made.status === 0 ? null : `${command} failed: ${made.stderr ?? made.error}`;
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, both signed by the CA. */
function makeCertificates(): string | null {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  writeFileSync(pem('server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  return (
    run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-days',
      '1',
      '-subj',
      '/CN=test-ca',
      '-keyout',
      pem('ca.key'),
      '-out',
      pem('ca.pem'),
    ]) ??
    run('openssl', [
      'req',
      ...ec,
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      pem('server.key'),
      '-out',
      pem('server.csr'),
    ]) ??
    run('openssl', [
      'x509',
      '-req',
      '-in',
      pem('server.csr'),
      '-CA',
      pem('ca.pem'),
      '-CAkey',
      pem('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      pem('server.ext'),
      '-out',
      pem('server.pem'),
    ]) ??
    run('openssl', [
      'req',
      ...ec,
      '-subj',
      '/CN=pointyard',
      '-keyout',
      pem('client.key'),
      '-out',
      pem('client.csr'),
    ]) ??
    run('openssl', [
      'x509',
      '-req',
      '-in',
      pem('client.csr'),
      '-CA',
      pem('ca.pem'),
      '-CAkey',
      pem('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-out',
      pem('client.pem'),
    ])
  );
}

/** The password file with `name` (password `<name>-secret`). */
function passwords(file: string, names: string[]): string | null {
  rmSync(file, { force: true });
  for (const name of names) {
    const problem = run('mosquitto_passwd', [
      ...(names.indexOf(name) === 0 ? ['-c'] : []),
      '-b',
      file,
      name,
      `${name}-secret`,
    ]);
    if (problem) return problem;
  }
  return null;
}

const missing =
  mosquittoMissing() ?? makeCertificates() ?? passwords(pem('passwords'), ['pointyard', 'scada']);
const skip = peerSkip(missing);
const T0 = Date.UTC(2026, 0, 1);

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, condition: () => boolean, capMs: number, why = () => ''): Promise<void> {
  const deadline = Date.now() + capMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${why()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** mosquitto with a TLS listener that requires a client certificate and a password. */
async function tlsBroker(): Promise<Mosquitto> {
  const broker = await Mosquitto.start({
    anonymous: false,
    extra: [
      `cafile ${pem('ca.pem')}`,
      `certfile ${pem('server.pem')}`,
      `keyfile ${pem('server.key')}`,
      'require_certificate true',
      `password_file ${pem('passwords')}`,
    ],
  });
  cleanups.push(() => broker.dispose());
  return broker;
}

const tlsClient = (name: string) => [
  '--cafile',
  pem('ca.pem'),
  '--cert',
  pem('client.pem'),
  '--key',
  pem('client.key'),
  '-u',
  name,
  '-P',
  `${name}-secret`,
];

/** The MQTT service of the demo site on `mqtt` (its keys of server.mqtt), the password in MQTT_PASSWORD. */
async function startOn(mqtt: Record<string, unknown>, password: string) {
  const loaded = loadSite('sites/demo.yaml', PROTOCOLS).site as Site;
  const site: Site = { ...loaded, server: { ...loaded.server, mqtt } };
  const { settings, problems } = mqttSettings(site, {}, undefined, { MQTT_PASSWORD: password });
  assert.deepEqual(problems, []);
  assert.ok(settings);
  const runtime = await Runtime.open({
    site,
    store: new MemoryStore(),
    clock: new VirtualClock(T0),
    seed: 1,
  });
  const lines: { obj: object | string; msg: string | undefined }[] = [];
  const log = {
    info: (obj: object | string, msg?: string) => lines.push({ obj, msg }),
    warn: (obj: object | string, msg?: string) => lines.push({ obj, msg }),
    error: (obj: object | string, msg?: string) => lines.push({ obj, msg }),
  };
  const connections: { ip: string; open: boolean }[] = [];
  const stateDir = join(dir, `state-${Math.random().toString(36).slice(2)}`);
  const server = await mqttServerService.start(settings, {
    services: runtime.services,
    log,
    onRequest() {},
    onConnection: (ip, open) => connections.push({ ip, open }),
    stateDir,
  });
  cleanups.push(async () => {
    await server.close(1000);
    await runtime.stop();
  });
  const link = () => (server.status?.() as { link: { connected: boolean; lastError: string | null } }).link;
  return { server, link, lines, connections };
}

describe('Pointyard on an external broker', { skip }, () => {
  for (const protocolVersion of [4, 5] as const)
    test(`mqtts:// with a CA, a client certificate and a password, MQTT ${protocolVersion === 4 ? '3.1.1' : '5'}`, async () => {
      const broker = await tlsBroker();
      const url = `mqtts://127.0.0.1:${broker.port}`;
      const { link, connections } = await startOn(
        {
          url,
          username: 'pointyard',
          passwordEnv: 'MQTT_PASSWORD',
          ca: pem('ca.pem'),
          cert: pem('client.pem'),
          key: pem('client.key'),
          protocolVersion,
        },
        'pointyard-secret',
      );
      await until(
        'the link',
        () => link().connected,
        15_000,
        () => JSON.stringify(link()),
      );
      // A host application's STATE, through mosquitto, back to Pointyard's subscription.
      const sent = publish(broker.url, 'spBv1.0/STATE/scada', '{"online":true,"timestamp":1}', [
        ...tlsClient('scada'),
        '-q',
        '1',
        '-r',
      ]);
      assert.equal(sent.status, 0, sent.output);
      await until('the host application', () => connections.length === 1, 10_000);
      assert.deepEqual(connections, [{ ip: 'sparkplug-host:scada', open: true }]);
      publish(broker.url, 'spBv1.0/STATE/scada', '{"online":false,"timestamp":2}', [
        ...tlsClient('scada'),
        '-q',
        '1',
        '-r',
      ]);
      await until('the host application offline', () => connections.length === 2, 10_000);
      assert.deepEqual(connections[1], { ip: 'sparkplug-host:scada', open: false });
    });

  test('a wrong password: the start goes on, the log and the status say why; let in, the link connects', async () => {
    const broker = await tlsBroker();
    const { link, lines } = await startOn(
      {
        url: `mqtts://127.0.0.1:${broker.port}`,
        username: 'pointyard',
        passwordEnv: 'MQTT_PASSWORD',
        ca: pem('ca.pem'),
        cert: pem('client.pem'),
        key: pem('client.key'),
      },
      'not-the-password',
    );
    await until('the refusal', () => link().lastError !== null, 15_000);
    assert.equal(link().connected, false);
    assert.match(link().lastError ?? '', /bad user ?name or password|not authori[sz]ed/i);
    const warned = lines.find((l) => l.msg?.startsWith('MQTT broker unreachable or refused'));
    assert.ok(warned, JSON.stringify(lines));
    assert.match(JSON.stringify(warned.obj), /bad user ?name or password|not authori[sz]ed/i);
    // The broker is told the password Pointyard has: the link's next attempt gets in.
    await broker.stop();
    assert.equal(
      run('mosquitto_passwd', ['-c', '-b', pem('passwords'), 'pointyard', 'not-the-password']),
      null,
    );
    await broker.resume();
    await until(
      'the link',
      () => link().connected,
      40_000,
      () => JSON.stringify(link()),
    );
    assert.equal(passwords(pem('passwords'), ['pointyard', 'scada']), null);
  });

  test('no broker there: the start goes on and the status says why', async () => {
    const port = await freePort();
    const { link, lines } = await startOn({ url: `mqtt://127.0.0.1:${port}` }, '');
    await until('the failed attempt', () => link().lastError !== null, 15_000);
    assert.match(link().lastError ?? '', /ECONNREFUSED/);
    assert.ok(lines.some((l) => l.msg?.startsWith('MQTT broker unreachable')));
  });
});
