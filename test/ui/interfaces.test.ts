// The server page's Interfaces panel in Chromium, for a viewer, against a real `pointyard start --site demo`
// publishing to Debian's mosquitto: every running interface with its address, MQTT's broker, link and
// backlog; the broker stopped, the panel says so by itself (not connected, since when, the last error), and
// connected again once the broker is back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { peerSkip } from '../support/peers.js';
import { browserMissing } from './support/browser.js';
import { addUser, logIn, startRig, type UiRig, unexpected } from './support/session.js';

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
