// The outage, whole: the demo publishes to Debian's mosquitto; mosquitto stops for 60 s while the site
// runs and setpoints are written; Pointyard is killed with SIGKILL during the outage and started again on its
// data folder; mosquitto comes back. A persistent subscriber (its session kept by mosquitto across its
// restart) gets every value written, once and in order: the backlog on disk kept what the broker could not
// take, across the kill.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import mqtt from 'mqtt';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { adminApi, type PointyardProcess, runPointyard, until } from './ocpp-pointyard-run.js';

const SETPOINT = 'lyon-confluence.dhw-tank.temperature-setpoint';
const TOPIC = 'pointyard/lyon-confluence/dhw-tank/temperature-setpoint';
const OUTAGE_MS = 60_000;

const root = mkdtempSync(join(tmpdir(), 'pointyard-mqtt-outage-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function writeSetpoint(url: string, value: number): Promise<void> {
  const api = await adminApi(url);
  await api.post('pointWrite', `ver:"3.0"\nid,level,val\n@${SETPOINT},16,${value}°C\n`);
}

/** Consecutive repeats of one value collapsed (a republish at a session's start repeats the last value). */
function distinctRuns(values: number[]): number[] {
  return values.filter((v, i) => i === 0 || v !== values[i - 1]);
}

test(
  'a 60 s broker outage with a kill -9 of Pointyard in it: every value written reaches the subscriber once, in order',
  { skip: peerSkip(mosquittoMissing()), timeout: 240_000 },
  async (t) => {
    const broker = await Mosquitto.start();
    t.after(() => broker.dispose());
    const received: number[] = [];
    const watcher = mqtt.connect(broker.url, {
      clientId: 'outage-watcher',
      clean: false,
      reconnectPeriod: 200,
    });
    t.after(() => watcher.end(true));
    watcher.on('message', (topic, payload) => {
      if (topic !== TOPIC) return;
      const val = (JSON.parse(payload.toString()) as { val: unknown }).val;
      if (typeof val === 'number') received.push(val);
    });
    await new Promise<void>((resolve) => watcher.once('connect', () => resolve()));
    await watcher.subscribeAsync(TOPIC, { qos: 1 });

    const data = join(root, 'data');
    const args = ['--mqtt-url', broker.url];
    let yard: PointyardProcess = await runPointyard(data, 'demo', { args });
    t.after(() => yard.stop('SIGKILL'));
    const failure = (what: string) => `${what}\nreceived: ${received.join(', ')}\n${yard.output.join('\n')}`;

    const written: number[] = [];
    const write = async (value: number) => {
      await writeSetpoint(yard.url, value);
      written.push(value);
    };
    // Connected: each value arrives.
    for (const v of [55, 56, 57]) await write(v);
    await until(
      'the values before the outage',
      () => received.at(-1),
      (v) => v === 57,
    ).catch((e: Error) => assert.fail(failure(e.message)));

    const outageStart = Date.now();
    await broker.stop();
    for (const v of [58, 59, 60, 61]) await write(v);
    // Killed in the middle of the outage, started again on its folder while the broker is still away.
    await yard.stop('SIGKILL');
    yard = await runPointyard(data, 'demo', { args });
    for (const v of [62, 63, 64]) await write(v);
    const rest = OUTAGE_MS - (Date.now() - outageStart);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    await write(65);
    await broker.resume();

    await until(
      'every value after the outage',
      () => received.at(-1),
      (v) => v === 65,
      90_000,
    ).catch((e: Error) => assert.fail(failure(e.message)));
    // What the subscriber had before it subscribed (the retained value) may lead; from 55 on, every value once.
    const runs = distinctRuns(received);
    const from = runs.indexOf(55);
    assert.ok(from >= 0, failure('55 arrived'));
    assert.deepEqual(runs.slice(from), written, failure('every value once, in order'));
  },
);
