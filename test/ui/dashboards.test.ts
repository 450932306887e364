// Dashboards of the seed devices and the server page in the browser: the overview's pictures, each seed
// device's dashboard, a tariff refused with the car park's reason, a backup run and downloaded, users.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserMissing } from './support/browser.js';
import { logIn, startRig, type UiRig, unexpected } from './support/session.js';

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

  test('each seed device page has its dashboard above its points; the tariff write shows the reason of a refusal', async () => {
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
    await page.getByRole('button', { name: 'Change tariff…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Write Tariff Profile' });
    await dialog.getByLabel('Value').fill('gold');
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    await dialog
      .getByRole('alert')
      .getByText(/'gold' is not a configured tariff profile \(configured: standard, reduced, event\)/)
      .waitFor();
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
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    assert.equal(file.suggestedFilename(), 'pointyard.db');

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
