// The embedded broker of a real `pointyard start` (the demo, MQTT on a free port): the first admin logs in to
// it with mosquitto_pub, an anonymous mosquitto_sub reads, and failed MQTT logins count on the same throttle as
// Haystack's SCRAM logins (the site's one login path): once MQTT failures reach the threshold, the admin's
// right password over Haystack is refused with 429 until the wait is over.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ScramLoginError, scramLogin } from '../support/haystack-scram-client.js';
import { freePort, mosquittoMissing, publish, subscribe } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { ADMIN_PASSWORD, type RunningPointyard, startPointyard } from '../support/running-pointyard.js';

const skip = peerSkip(mosquittoMissing());
const dir = mkdtempSync(join(tmpdir(), 'pointyard-mqtt-broker-run-'));
let running: RunningPointyard | null = null;
after(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test(
  'pointyard start: users log in to the broker, and MQTT failures throttle Haystack logins too',
  { skip },
  async () => {
    const port = await freePort();
    running = await startPointyard(join(dir, 'data'), { args: ['--mqtt-port', String(port)] });
    assert.ok(
      running.banner.some((l) => l === `MQTT broker: mqtt://127.0.0.1:${port}`),
      running.banner.join('\n'),
    );
    const url = `mqtt://127.0.0.1:${port}`;

    const reader = subscribe(url, ['pointyard/lyon-confluence/test/#'], { count: 1, timeoutS: 10 });
    // The subscriber is connected once a retained message sent now reaches it (retained: even if it was not yet).
    const sent = publish(url, 'pointyard/lyon-confluence/test/hello', 'from-admin', [
      '-u',
      'admin',
      '-P',
      ADMIN_PASSWORD,
      '-q',
      '1',
      '-r',
    ]);
    assert.equal(sent.status, 0, sent.output);
    assert.deepEqual(await reader.lines, ['pointyard/lyon-confluence/test/hello from-admin']);
    // The retained test message is removed again.
    publish(url, 'pointyard/lyon-confluence/test/hello', '', [
      '-u',
      'admin',
      '-P',
      ADMIN_PASSWORD,
      '-r',
      '-n',
    ]);

    const haystackStatus = async (): Promise<number> => {
      try {
        await scramLogin(`${running?.url}about`, 'admin', ADMIN_PASSWORD);
        return 200;
      } catch (err) {
        if (err instanceof ScramLoginError) return err.status;
        throw err;
      }
    };
    assert.equal(await haystackStatus(), 200);
    // Five wrong passwords over MQTT (the throttle's threshold), then the right one over Haystack: refused. On a
    // machine so slow that the first wait (1 s) is over before the Haystack login, it succeeds and forgets the
    // failures: the round is tried again, at most four times.
    let status = 0;
    for (let round = 0; round < 4 && status !== 429; round++) {
      for (let i = 0; i < 5; i++) {
        const wrong = spawnSync(
          'mosquitto_pub',
          ['-h', '127.0.0.1', '-p', String(port), '-u', 'admin', '-P', `wrong-${i}`, '-t', 'x', '-m', 'y'],
          { encoding: 'utf8', timeout: 10_000 },
        );
        assert.match(`${wrong.stdout}${wrong.stderr}`, /bad user name or password|not authori[sz]ed/i);
      }
      status = await haystackStatus();
    }
    assert.equal(status, 429);
    assert.equal(await running.stop(), 0);
    running = null;
  },
);
