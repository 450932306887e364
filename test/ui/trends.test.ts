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
    // The hisRead requests the page sends (their grid meta: range, interval).
    const hisReads: Array<Record<string, unknown>> = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/hisRead'))
        hisReads.push((JSON.parse(request.postData() ?? '{}') as { meta: Record<string, unknown> }).meta);
    });
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/equip/lyon-confluence.pir-1`);
    await page.getByRole('link', { name: 'Trend Signal Level' }).click();
    await page.getByRole('heading', { name: 'Trends' }).waitFor();
    await page.locator('.trend-chart canvas').waitFor();
    await page.locator('.u-legend').getByText('PIR Zone 1 Signal Level').waitFor();
    // The live tail appends the watch's changes to the history read.
    await page.getByText(/\d+ live · drag/).waitFor({ timeout: WAIT_MS });
    // Today may hold 864,000 samples of this 100 ms point: the server averages it per minute, and the chart
    // says so.
    assert.deepEqual(hisReads.at(-1)?.interval, { _kind: 'number', val: 1, unit: 'min' });
    await page
      .getByRole('note')
      .getByText(/Each point is the average of 1 min/)
      .waitFor();
    await page.getByText(/\d+ points \(1 min averages\)/).waitFor();

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
    // Zoomed into half the day, the view is read again with a finer interval: 30 s for 12 hours.
    await page
      .getByRole('note')
      .getByText(/average of 30 s/)
      .waitFor();
    assert.equal(typeof hisReads.at(-1)?.range, 'string');
    assert.match(String(hisReads.at(-1)?.range), /^\d{4}-\d\d-\d\dT.*Z UTC,\d{4}-\d\d-\d\dT.*Z UTC$/);
    assert.deepEqual(hisReads.at(-1)?.interval, { _kind: 'number', val: 30, unit: 's' });
    await whole.click();
    assert.equal(await whole.isDisabled(), true);
    await page
      .getByRole('note')
      .getByText(/average of 1 min/)
      .waitFor();

    await page.getByLabel('Range').selectOption('yesterday');
    await page.getByText('No history in this range yet.').waitFor();
    assert.equal(await page.getByLabel('Live tail').isDisabled(), true);
    assert.deepEqual(unexpected(errors), []);
  });
});
