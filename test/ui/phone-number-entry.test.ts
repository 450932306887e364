// On a phone (390×844, mobile emulation) in French: point tables stack so that Write and Trend stay on
// screen, the write dialog and its priority array fit, and a number typed with a decimal comma is written as
// that number — repeated with its unit before Write, checked against its range, confirmed at levels 1–7.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type HDict, HGrid, type HNum, ZincReader } from 'haystack-core';
import type { Locator, Page } from 'playwright-core';
import { browserMissing } from './support/browser.js';
import { adminOp, logIn, startRig, type UiRig, unexpected } from './support/session.js';

const missing = browserMissing();
const SITE = 'lyon-confluence';
const TANK = `${SITE}.rainwater-tank`;
const OFFSET = `${TANK}.calibration-offset`;
const PHONE = {
  viewport: { width: 390, height: 844 },
  screen: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: 'fr-FR',
  timezoneId: 'Europe/Paris',
};

/** Fails unless `locator` lies wholly inside the 390 px wide screen (left and right edges). */
async function onScreen(locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is not displayed`);
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `${what} is off screen: x ${box.x}, width ${box.width}`);
}

/** Fails unless `inner` lies wholly inside `outer`, left to right (nothing clipped by it). */
async function inside(inner: Locator, outer: Locator, what: string): Promise<void> {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  assert.ok(a && b, `${what} is not displayed`);
  assert.ok(a.x >= b.x && a.x + a.width <= b.x + b.width, `${what} is clipped: ${JSON.stringify({ a, b })}`);
}

const overflow = (page: Page) =>
  page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');

/** The offset's value in force and its level, as the API says: `2.5 mm at 8`. */
async function inForce(rig: UiRig): Promise<string> {
  const grid = ZincReader.readValue(await adminOp(rig, 'read', `ver:"3.0"\nid\n@${OFFSET}\n`));
  assert.ok(grid instanceof HGrid);
  const row: HDict | undefined = grid.getRows()[0];
  const val = row?.get('writeVal') as HNum | undefined;
  return `${val?.value} ${val?.unit?.symbol ?? ''} at ${(row?.get('writeLevel') as HNum | undefined)?.value}`;
}

describe('web UI on a phone, in French', { skip: missing ?? false, timeout: 180_000 }, () => {
  let rig: UiRig;
  before(async () => {
    rig = await startRig();
  });
  after(async () => {
    await rig?.stop();
  });

  test('point tables stack: Write and Trend stay on screen, nothing is wider than it', async () => {
    const { page, errors } = await rig.newPage(PHONE);
    await logIn(page, rig.ui.url);
    assert.equal(await overflow(page), 0);
    await page.goto(`${rig.ui.url}#/equip/${TANK}`);
    const row = page.locator(`tr[data-point="${OFFSET}"]`);
    await row.locator('td.value').getByText('0 mm').waitFor();
    await onScreen(row.getByRole('button', { name: 'Write Calibration Offset' }), 'Write');
    const level = page.locator(`tr[data-point="${TANK}.level"]`);
    await level.scrollIntoViewIfNeeded();
    await onScreen(level.getByRole('link', { name: 'Trend Level', exact: true }), 'Trend');
    assert.equal(await overflow(page), 0);
    assert.deepEqual(unexpected(errors), []);
  });

  test('every page fits the width of the phone; an alarm keeps its Acknowledge on screen', async () => {
    const { page, errors } = await rig.newPage(PHONE);
    await logIn(page, rig.ui.url);
    const pages: [string, string][] = [
      ['', 'Parc Confluence Sud'],
      [`trends?ids=${TANK}.level`, 'Trends'],
      ['alarms', 'Alarms'],
      ['log', 'Audit & events'],
      ['server', 'Server'],
      ['ev', 'EV chargers'],
      ['pir', 'PIR zones'],
      [`equip/${SITE}.parking-server`, 'Parking Management Server'],
      ['points?filter=point%20and%20temp', 'Watched points'],
    ];
    for (const [route, heading] of pages) {
      await page.goto(`${rig.ui.url}#/${route}`);
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      assert.equal(await overflow(page), 0, route);
    }
    // The demo's BMS integration is disconnected from the start: one alarm waits for an acknowledgement.
    await page.goto(`${rig.ui.url}#/alarms`);
    const ack = page.getByRole('button', { name: /^Acknowledge / }).first();
    await ack.waitFor();
    await onScreen(ack, 'Acknowledge');
    assert.equal(await overflow(page), 0);
    assert.deepEqual(unexpected(errors), []);
  });

  test('2,5 is written as 2.5 mm, said so before Write; out of range is refused before sending', async () => {
    const { page, errors } = await rig.newPage(PHONE);
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/equip/${TANK}`);
    const row = page.locator(`tr[data-point="${OFFSET}"]`);
    await row.getByRole('button', { name: 'Write Calibration Offset' }).click();
    const dialog = page.getByRole('dialog', { name: 'Write Calibration Offset' });
    await dialog.getByText('Allowed: -100 to 100 mm').waitFor();
    // The dialog, its field and its buttons are inside the screen.
    await onScreen(dialog, 'the write dialog');
    await onScreen(dialog.getByLabel('Value'), 'the value field');
    await onScreen(dialog.getByRole('button', { name: 'Write', exact: true }), 'Write');

    const value = dialog.getByLabel('Value');
    await value.fill('2,5');
    await dialog.locator('output.parsed').getByText('Will write 2.5 mm').waitFor();
    await value.fill('150');
    await dialog.locator('output.parsed').getByText('150 mm is outside the allowed range').waitFor();
    assert.equal(await value.getAttribute('aria-invalid'), 'true');
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    await dialog
      .getByRole('alert')
      .getByText('150 mm is outside the allowed range of Calibration Offset: -100 to 100 mm')
      .waitFor();
    await value.fill('2,5,1');
    await dialog
      .locator('output.parsed')
      .getByText(/^'2,5,1' is not a number/)
      .waitFor();
    // Nothing was sent: the default is still in force.
    assert.equal(await inForce(rig), '0 mm at 17');

    await value.fill('2,5');
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    await dialog.getByText('Wrote 2.5 mm at level 8.').waitFor();
    assert.equal(await inForce(rig), '2.5 mm at 8');
    // The priority array fits: its Relinquish button is inside the dialog.
    const relinquish = dialog.getByRole('button', { name: 'Relinquish level 8' }).last();
    await relinquish.scrollIntoViewIfNeeded();
    await inside(relinquish, dialog, 'Relinquish in the priority array');
    await relinquish.click();
    await dialog.getByText('Relinquished level 8.').waitFor();
    assert.deepEqual(unexpected(errors), []);
  });

  test('a write at levels 1–7 waits for a confirmation; at level 8 it does not', async () => {
    const { page, errors } = await rig.newPage(PHONE);
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/equip/${TANK}`);
    await page
      .locator(`tr[data-point="${OFFSET}"]`)
      .getByRole('button', { name: 'Write Calibration Offset' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Write Calibration Offset' });
    await dialog.getByLabel('Value').fill('-7,25');
    await dialog.getByLabel('Priority level').selectOption('3');
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    const confirm = dialog.getByRole('group', { name: 'Confirm level 3' });
    await confirm.getByText('Write -7.25 mm at level 3?').waitFor();
    // Not written yet.
    assert.equal(await inForce(rig), '0 mm at 17');
    await confirm.getByRole('button', { name: 'Back' }).click();
    assert.equal(await confirm.count(), 0);
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    await onScreen(confirm.getByRole('button', { name: 'Confirm write at level 3' }), 'Confirm');
    await confirm.getByRole('button', { name: 'Confirm write at level 3' }).click();
    await dialog.getByText('Wrote -7.25 mm at level 3.').waitFor();
    assert.equal(await inForce(rig), '-7.25 mm at 3');
    await dialog.getByRole('button', { name: 'Relinquish level 3' }).last().click();
    await dialog.getByText('Relinquished level 3.').waitFor();
    assert.deepEqual(unexpected(errors), []);
  });
});
