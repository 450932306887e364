// What the screen says is so: a viewer is offered no dashboard command, the level in force follows a write
// that left the value as it was, the tariff is chosen among the configured ones, text values are not taken
// for addresses, times and units read right, a timed override counts down, the tab names the page; and when
// the server stops, every page fades and says so, and the write dialog sends nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserMissing } from './support/browser.js';
import { addUser, logIn, startRig, type UiRig, unexpected, untilChanged } from './support/session.js';

const missing = browserMissing();
const SITE = 'lyon-confluence';
const TANK = `${SITE}.rainwater-tank`;
const OFFSET = `${TANK}.calibration-offset`;

/** Waits until the tab's title is `expected` (it is set once the page has drawn). */
const titleIs = (page: Page, expected: string) =>
  page.waitForFunction(`document.title === ${JSON.stringify(expected)}`);

describe('web UI: the truth on screen', { skip: missing ?? false, timeout: 180_000 }, () => {
  let rig: UiRig;
  before(async () => {
    rig = await startRig();
  });
  after(async () => {
    await rig?.stop();
  });

  test("a viewer finds the dashboards' commands disabled, with the reason", async () => {
    addUser(rig, 'lookout', 'viewer', 'a viewer password');
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url, 'lookout', 'a viewer password');
    const expectations: [string, string, string][] = [
      ['dhw-tank', 'Change setpoint…', 'A viewer cannot write'],
      ['dhw-tank', 'Legionella cycle…', 'A viewer cannot run actions'],
      ['rainwater-tank', 'High threshold…', 'A viewer cannot write'],
      ['parking-server', 'Change tariff…', 'A viewer cannot write'],
      ['ev-charger-1', 'Remote stop…', 'A viewer cannot run actions'],
    ];
    for (const [device, name, reason] of expectations) {
      await page.goto(`${rig.ui.url}#/equip/${SITE}.${device}`);
      const button = page.locator('section.dashboard').getByRole('button', { name });
      await button.waitFor();
      assert.equal(await button.isDisabled(), true, name);
      assert.equal(await button.getAttribute('title'), reason, name);
    }
    assert.deepEqual(unexpected(errors), []);
  });

  test('the tariff is one of the configured profiles; text values are no addresses; times and units read right; the tab names the page', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await titleIs(page, 'Overview · Parc Confluence Sud · Pointyard');
    await page.goto(`${rig.ui.url}#/equip/${SITE}.parking-server`);
    await titleIs(page, 'Parking Management Server · Parc Confluence Sud · Pointyard');
    const tariff = page.locator(`tr[data-point="${SITE}.parking-server.tariff-profile"]`);
    await tariff.locator('td.value').getByText('standard').waitFor();
    const chips = await tariff.locator('td.addresses .address').allTextContents();
    assert.deepEqual(
      chips.map((c) => c.trim()),
      ['BACnet CSV0', 'Modbus 40501-40516'],
    );
    // A device that never backed up publishes the epoch: it reads "never", not 1970.
    const backup = page.locator(`tr[data-point="${SITE}.parking-server.last-backup-time"] td.value`);
    await backup.getByText('never', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Change tariff…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Write Tariff Profile' });
    const choice = dialog.getByLabel('Value');
    // The choices are filled in once the dialog has the point's record: wait for them, as a person would.
    await choice.locator('option').first().waitFor({ state: 'attached' });
    assert.deepEqual(await choice.locator('option').allTextContents(), ['standard', 'reduced', 'event']);
    await dialog.getByText('Choices: standard, reduced, event').waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    await page.goto(`${rig.ui.url}#/equip/${TANK}`);
    await titleIs(page, 'Rainwater Tank · Parc Confluence Sud · Pointyard');
    const rate = page.locator(`tr[data-point="${TANK}.level-rate-of-change"] td.value`);
    await rate.getByText(/ %\/h$/).waitFor();
    await page
      .getByRole('region', { name: 'Tank level dashboard' })
      .getByText(/ %\/h$/)
      .waitFor();
    await page.goto(`${rig.ui.url}#/alarms`);
    await titleIs(page, 'Alarms · Parc Confluence Sud · Pointyard');
    assert.deepEqual(unexpected(errors), []);
  });

  test('a write at level 8 of the value in force shows level 8 at once; a timed override counts down', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/equip/${TANK}`);
    const row = page.locator(`tr[data-point="${OFFSET}"]`);
    await row.getByText('default', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Write Calibration Offset' }).click();
    const dialog = page.getByRole('dialog', { name: 'Write Calibration Offset' });
    await dialog.getByLabel('Value').fill('0');
    await dialog.getByLabel('Override').selectOption('15');
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    await dialog.getByText('Wrote 0 mm at level 8 for 15 min.').waitFor();
    // The value did not change, so the watch has nothing to say: the badge follows the write itself.
    await row.locator('.write-level').getByText('level 8', { exact: true }).waitFor();

    const endsIn = dialog.locator('table.priority-array tr.in-force td.ends-in');
    const first = (await endsIn.textContent()) ?? '';
    assert.match(first, /^1[45] min \d\d s$/);
    const later = await untilChanged(async () => (await endsIn.textContent()) ?? '', first);
    assert.match(later, /^1[45] min \d\d s$/);

    await dialog.getByRole('button', { name: 'Relinquish level 8' }).last().click();
    await dialog.getByText('Relinquished level 8.').waitFor();
    await row.locator('.write-level').getByText('default', { exact: true }).waitFor();
    assert.deepEqual(unexpected(errors), []);
  });

  // Last: it stops the server.
  test('when the server stops, every page fades and says so; the write and action dialogs send nothing', async () => {
    const { page } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/equip/${SITE}.dhw-tank`);
    await page.getByText('live', { exact: true }).waitFor();
    const setpoint = page.locator(`tr[data-point="${SITE}.dhw-tank.temperature-setpoint"]`);
    await setpoint.getByRole('button', { name: 'Write Temperature Setpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Write Temperature Setpoint' });
    await dialog.getByText('Allowed: 50 to 70 °C').waitFor();
    const write = dialog.getByRole('button', { name: 'Write', exact: true });
    assert.equal(await write.isDisabled(), false);

    await rig.pointyard.stop();
    await page.getByText('link lost', { exact: true }).waitFor();
    await dialog.getByText('The link to the server is lost: nothing can be sent until it is back.').waitFor();
    assert.equal(await write.isDisabled(), true);
    assert.equal(await dialog.getByRole('button', { name: 'Relinquish level 8' }).first().isDisabled(), true);
    assert.equal(await dialog.getByText('Failed to fetch').count(), 0);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    // Nor is an action sent.
    await page.getByRole('button', { name: 'Legionella cycle…' }).click();
    const action = page.getByRole('dialog', { name: 'Legionella Cycle' });
    await action.getByText('The link to the server is lost: nothing can be sent until it is back.').waitFor();
    assert.equal(await action.getByRole('button', { name: 'Confirm TRIGGER' }).isDisabled(), true);
    await action.getByRole('button', { name: 'Cancel' }).click();

    // The dashboard fades like the tables, under a banner.
    const banner = page.getByRole('alert').getByText(/^Link to the server lost/);
    await banner.waitFor();
    const opacity = (selector: string) =>
      page.evaluate(
        `Number(getComputedStyle(document.querySelector(${JSON.stringify(selector)})).opacity)`,
      ) as Promise<number>;
    assert.ok((await opacity('section.dashboard .stat-value')) < 1);
    // So does the overview (the site was read before: the page needs no server to show what it had).
    await page.goto(`${rig.ui.url}#/`);
    await page.getByRole('heading', { level: 1, name: 'Parc Confluence Sud' }).waitFor();
    await banner.waitFor();
    assert.ok((await opacity('.overview .stat-value')) < 1);
    assert.ok((await opacity('.overview .charger-card')) < 1);
  });
});
