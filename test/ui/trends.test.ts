// Trends in the browser: from a device's point to its history chart, live tail, more points, zoom.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserMissing } from './support/browser.js';
import { logIn, startRig, type UiRig, unexpected, WAIT_MS } from './support/session.js';

const missing = browserMissing();

describe('web UI trends', { skip: missing ?? false, timeout: 180_000 }, () => {
  let rig: UiRig;
  before(async () => {
    rig = await startRig();
  });
  after(async () => {
    await rig?.stop();
  });

  test('a point opens as a trend that grows live; another point and a state band join; zoom and back', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/equip/lyon-confluence.pir-1`);
    await page.getByRole('link', { name: 'Trend Signal Level' }).click();
    await page.getByRole('heading', { name: 'Trends' }).waitFor();
    await page.locator('.trend-chart canvas').waitFor();
    await page.locator('.u-legend').getByText('PIR Zone 1 Signal Level').waitFor();
    // The live tail appends the watch's changes to the history read.
    await page.getByText(/\d+ live · drag/).waitFor({ timeout: WAIT_MS });

    await page.getByLabel('Add a point').fill('pir 1 detector status');
    await page.getByRole('button', { name: /Detector Status\s*PIR Zone 1/ }).click();
    await page.locator('.band-label', { hasText: 'PIR Zone 1 Detector Status' }).waitFor();
    await page.getByRole('list', { name: 'PIR Zone 1 Detector Status states' }).getByText('ALARM').waitFor();
    assert.match(
      page.url(),
      /ids=lyon-confluence\.pir-1\.signal-level%2Clyon-confluence\.pir-1\.detector-status|ids=lyon-confluence\.pir-1\.signal-level,lyon-confluence\.pir-1\.detector-status/,
    );

    const whole = page.getByRole('button', { name: 'Whole range' });
    assert.equal(await whole.isDisabled(), true);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    assert.equal(await whole.isDisabled(), false);
    await whole.click();
    assert.equal(await whole.isDisabled(), true);

    await page.getByLabel('Range').selectOption('yesterday');
    await page.getByText('No history in this range yet.').waitFor();
    assert.equal(await page.getByLabel('Live tail').isDisabled(), true);
    assert.deepEqual(unexpected(errors), []);
  });
});
