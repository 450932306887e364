// Dashboards of the seed devices and the server page in the browser: the overview's pictures, each seed
// device's dashboard, a tariff chosen among the configured ones, a backup run and downloaded under its
// folder's name (and its time the same on both pages that show it), users.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserMissing } from './support/browser.js';
import { logIn, startRig, type UiRig, unexpected, untilChanged } from './support/session.js';

const missing = browserMissing();

const SITE = 'lyon-confluence';

describe('web UI dashboards and server page', { skip: missing ?? false, timeout: 180_000 }, () => {
  let rig: UiRig;
  before(async () => {
    rig = await startRig();
  });
  after(async () => {
    await rig?.stop();
  });

  test('the overview draws the car park, hot water, tanks, chargers and PIR zones', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.getByRole('img', { name: /^Occupancy: \d+ of 420 spaces taken/ }).waitFor();
    await page.getByRole('img', { name: /^Tank layers: Top \d/ }).waitFor();
    await page
      .getByRole('img', { name: /^Rainwater Tank: [\d.]+ % full, high alarm at 85 %, low alarm at 15 %/ })
      .waitFor();
    await page.getByRole('img', { name: /^Generator Fuel Tank: / }).waitFor();
    assert.equal(await page.locator('.charger-card').count(), 4);
    assert.equal(await page.locator('.pir-card').count(), 6);
    assert.deepEqual(unexpected(errors), []);
  });

  test('each seed device page has its dashboard above its points; the tariff is chosen among the configured ones', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    const expectations: [string, RegExp][] = [
      ['parking-server', /^Car park dashboard$/],
      ['ev-charger-2', /^Charger dashboard$/],
      ['dhw-tank', /^Hot-water tank dashboard$/],
      ['rainwater-tank', /^Tank level dashboard$/],
      ['pir-3', /^Detector dashboard$/],
    ];
    for (const [device, name] of expectations) {
      await page.goto(`${rig.ui.url}#/equip/${SITE}.${device}`);
      await page.getByRole('region', { name }).waitFor();
      await page.getByRole('heading', { name: /^Sensors/ }).waitFor();
    }
    await page.goto(`${rig.ui.url}#/equip/${SITE}.parking-server`);
    await page.getByRole('heading', { name: 'Today, hour by hour' }).waitFor();
    // The device's protocol numbers, from the tags of its equip record.
    const numbers = await page.locator('.device-page .page-header .muted').first().textContent();
    assert.match(numbers ?? '', /· Modbus unit 1 · BACnet instance 1000$/);
    await page.getByRole('button', { name: 'Change tariff…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Write Tariff Profile' });
    // The configured profiles are the choices: another one cannot be typed in.
    await dialog.getByLabel('Value').selectOption('reduced');
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    await dialog.getByText('Wrote reduced at level 8.').waitFor();
    await page
      .getByRole('region', { name: 'Car park dashboard' })
      .getByText('reduced', { exact: true })
      .waitFor();
    await dialog.getByRole('button', { name: 'Relinquish level 8' }).last().click();
    await dialog.getByText('Relinquished level 8.').waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    await page.goto(`${rig.ui.url}#/ev`);
    await page.getByRole('heading', { name: 'EV chargers' }).waitFor();
    assert.equal(await page.locator('.charger-card').count(), 4);
    // The site's EV power limit, published by the server on the parking server's equip (evPowerLimit):
    // the mark on the total power and the line on the last hour's chart.
    await page.getByText('Site limit: 44 kW').waitFor();
    await page.locator('.u-legend').getByText('Site limit').waitFor();
    assert.equal(await page.getByText("The server does not publish the site's EV power limit.").count(), 0);
    await page.goto(`${rig.ui.url}#/pir`);
    await page.getByRole('heading', { name: 'Latest SIA events' }).waitFor();
    assert.deepEqual(unexpected(errors), []);
  });

  test('the server page runs a backup, lists it and downloads it; an admin adds and removes a user', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Server' }).click();
    await page.getByRole('heading', { name: 'Statuses' }).waitFor();
    await page.getByRole('button', { name: 'BACKUP Database Backup' }).click();
    const dialog = page.getByRole('dialog', { name: 'Database Backup' });
    await dialog.getByRole('button', { name: 'Confirm BACKUP' }).click();
    await dialog.getByText('BACKUP sent to Parking Management Server.').waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    const files = page.getByRole('region', { name: 'Backups and reports' });
    const download = files.getByRole('button', { name: /^Download .*pointyard\.db$/ });
    // The parking server runs its commands at its next step (every 30 s), then the backup is written.
    await download.waitFor({ timeout: 75_000 });
    // Named after its folder (`<time>/pointyard.db` → `<time>-pointyard.db`): backups do not overwrite each other.
    const listed = ((await download.getAttribute('aria-label')) ?? '').replace(/^Download /, '');
    assert.match(listed, /^[\w-]+\/pointyard\.db$/);
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    assert.equal(file.suggestedFilename(), listed.replace('/', '-'));
    // The last backup's time reads the same here and on the device page: in the site's zone. (The parking
    // server publishes it at its step after the backup's end: up to 30 s after the file.)
    const lastBackup = page.locator('.stat', { hasText: 'Last backup' }).locator('.stat-value');
    const shown = await untilChanged(async () => (await lastBackup.textContent()) ?? '', 'never', 75_000);
    assert.match(shown, /^\d{1,2} [A-Z][a-z]{2}, \d\d:\d\d:\d\d$/);

    await page.goto(`${rig.ui.url}#/equip/${SITE}.parking-server`);
    await page
      .locator(`tr[data-point="${SITE}.parking-server.last-backup-time"] td.value`)
      .getByText(shown, { exact: true })
      .waitFor();
    await page.goto(`${rig.ui.url}#/server`);

    const users = page.getByRole('region', { name: 'Users' });
    await users.getByLabel('Name').fill('night-shift');
    await users.getByLabel('Password').fill('a night password');
    await users.getByLabel('Role').selectOption('operator');
    await users.getByRole('button', { name: 'Add user' }).click();
    await users.getByText('Added night-shift (operator).').waitFor();
    await users.getByRole('row', { name: /night-shift operator/ }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await users.getByRole('button', { name: 'Remove night-shift' }).click();
    await users.getByText('Removed night-shift.').waitFor();
    assert.deepEqual(unexpected(errors), []);
  });
});
