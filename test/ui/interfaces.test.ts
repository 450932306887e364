// The server page's Interfaces panel in Chromium, for a viewer, against a real `pointyard start --site demo`
// publishing to Debian's mosquitto: every running interface with its address, MQTT's broker, link and
// backlog; the broker stopped, the panel says so by itself (not connected, since when, the last error), and
// connected again once the broker is back. A backlog left on disk by an earlier run is shown waiting while
// the broker is down, and empty once it has gone out.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DiskBacklog } from '../../src/protocols/mqtt/link/disk-backlog.js';
import { formatDateTime } from '../../ui/src/format/time.js';
import { Mosquitto, mosquittoMissing, subscribe } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import type { RunningPointyard } from '../support/running-pointyard.js';
import { browserMissing, collectErrors, launchBrowser } from './support/browser.js';
import { addUser, logIn, startRig, type UiRig, unexpected, WAIT_MS } from './support/session.js';
import { startSite } from './support/start-site.js';
import { uiFor } from './support/ui-server.js';

const missing = browserMissing() ?? peerSkip(mosquittoMissing());
const VIEWER_PASSWORD = 'a viewer password';

describe('web UI: the interfaces on the server page', { skip: missing || false, timeout: 180_000 }, () => {
  let broker: Mosquitto;
  let rig: UiRig;
  before(async () => {
    broker = await Mosquitto.start();
    rig = await startRig({ args: ['--mqtt-url', broker.url] });
    addUser(rig, 'vic', 'viewer', VIEWER_PASSWORD);
  });
  after(async () => {
    await rig?.stop();
    await broker?.dispose();
  });

  test('each interface with its address; MQTT connected, then not while its broker is down', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url, 'vic', VIEWER_PASSWORD);
    await page.goto(`${rig.ui.url}#/server`);
    const panel = page.getByRole('region', { name: 'Interfaces' });
    await panel.getByRole('heading', { name: 'Interfaces' }).waitFor();

    // The HTTP routes first, then each server, each with where it answers.
    const haystack = panel.locator('[data-interface="haystack"]');
    await haystack.locator('code.address').getByText(rig.pointyard.url, { exact: true }).waitFor();
    const modbus = rig.pointyard.modbus;
    assert.ok(modbus);
    await panel
      .locator('[data-interface="modbus"] code.address')
      .getByText(`${modbus.host}:${modbus.port}`)
      .waitFor();
    const names = await panel
      .locator('li.interface')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-interface')));
    assert.equal(names[0], 'haystack');
    assert.ok(names.includes('mqtt') && names.includes('bacnet'), names.join(', '));

    // MQTT: the broker it publishes to, its link connected since a time of the site's zone, its backlog.
    const mqtt = panel.getByRole('listitem', { name: 'MQTT' });
    await mqtt.locator('code.address').getByText(broker.url, { exact: true }).waitFor();
    const headline = mqtt.locator('[data-fact="link.connected"]');
    await headline.getByText('connected', { exact: true }).waitFor();
    assert.match(
      (await headline.textContent()) ?? '',
      /^connected since \d{1,2} [A-Z][a-z]{2}, \d\d:\d\d:\d\d$/,
    );
    assert.match(
      (await mqtt.locator('[data-fact="link.backlog"]').textContent()) ?? '',
      /^Backlog empty · none dropped$/,
    );
    await mqtt.locator('[data-fact="broker.kind"]').getByText('external').waitFor();
    assert.equal(await mqtt.locator('[data-fact="broker.url"] dd').textContent(), broker.url);
    assert.equal(await mqtt.locator('[data-fact="broker.url"] dt').textContent(), 'URL');
    await mqtt.getByRole('heading', { name: 'Broker', level: 4 }).waitFor();
    assert.equal(await mqtt.locator('[data-fact="link.lastError"]').count(), 0, 'no error yet');

    // The broker goes away: the panel, read again every few seconds, says so with the reason.
    await broker.stop();
    await headline.getByText('not connected', { exact: true }).waitFor();
    await mqtt
      .locator('[data-fact="link.lastError"]')
      .getByText(/Last error: .+/)
      .waitFor();
    await broker.resume();
    await headline.getByText('connected', { exact: true }).waitFor({ timeout: 60_000 });
    assert.deepEqual(unexpected(errors), []);
  });
});

describe('web UI: a backlog waiting for the broker', { skip: missing || false, timeout: 180_000 }, () => {
  test('messages left on disk show as waiting, with the oldest time, until the broker takes them', async () => {
    const broker = await Mosquitto.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'pointyard-ui-backlog-'));
    let pointyard: RunningPointyard | null = null;
    const browser = await launchBrowser();
    try {
      // A first run makes the data folder; then three retained messages wait in its backlog, an hour old.
      await (await startSite('demo', dataDir, ['--mqtt-url', broker.url])).stop();
      // What the first run's stop left unacknowledged would wait first: the test's three start the backlog.
      rmSync(join(dataDir, 'mqtt', 'backlog'), { recursive: true, force: true });
      const oldest = Date.now() - 3_600_000;
      const backlog = DiskBacklog.open(
        join(dataDir, 'mqtt', 'backlog'),
        { maxBytes: 1e8, maxAgeMs: 86_400_000 },
        { info() {}, warn() {}, error() {}, debug() {} } as never,
        () => oldest,
      );
      backlog.append(
        [1, 2, 3].map((n) => ({
          topic: `pointyard-test/backlog/${n}`,
          payload: Buffer.from(String(n)),
          qos: 1 as const,
          retain: true,
        })),
      );
      backlog.close();
      await broker.stop();
      pointyard = await startSite('demo', dataDir, ['--mqtt-url', broker.url]);
      const ui = await uiFor(pointyard.url);
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
      page.setDefaultTimeout(WAIT_MS);
      const errors = collectErrors(page);
      await logIn(page, ui.url);
      await page.goto(`${ui.url}#/server`);
      const mqtt = page.getByRole('region', { name: 'Interfaces' }).getByRole('listitem', { name: 'MQTT' });
      await mqtt
        .locator('[data-fact="link.connected"]')
        .getByText('not connected', { exact: true })
        .waitFor();
      const line = mqtt.locator('[data-fact="link.backlog"]');
      // The three wait first; the demo's own messages of this run (its points at the start) queue behind them.
      const oldestShown = `oldest ${formatDateTime(oldest, 'Europe/Paris')}`;
      let shown = '';
      for (let i = 0; i < 200 && !shown.includes(oldestShown); i++) {
        shown = (await line.textContent().catch(() => null)) ?? '';
        await new Promise((r) => setTimeout(r, 100));
      }
      const match = /^Backlog ([\d,]+) messages \(([\d.]+ k?B)\) (.*) · none dropped$/.exec(shown);
      assert.ok(match, shown);
      assert.ok(Number(match[1]?.replace(/,/g, '')) >= 3, shown);
      assert.equal(match[3], oldestShown);
      // The broker back: the backlog goes out (mosquitto keeps the retained messages) and the line empties.
      await broker.resume();
      await line.getByText('empty', { exact: true }).waitFor({ timeout: 60_000 });
      const received = subscribe(broker.url, ['pointyard-test/#'], { count: 3, timeoutS: 20 });
      assert.deepEqual((await received.lines).sort(), [
        'pointyard-test/backlog/1 1',
        'pointyard-test/backlog/2 2',
        'pointyard-test/backlog/3 3',
      ]);
      assert.deepEqual(unexpected(errors), []);
      await ui.close();
    } finally {
      await browser.close();
      await pointyard?.stop();
      await broker.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
