// At tablet width the site tree is a drawer; when the server goes away, live values are marked stale.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserMissing } from './support/browser.js';
import { logIn, startRig, type UiRig, unexpected } from './support/session.js';

const missing = browserMissing();

describe(
  'web UI at tablet width and without its server',
  { skip: missing ?? false, timeout: 180_000 },
  () => {
    let rig: UiRig;
    before(async () => {
      rig = await startRig();
    });
    after(async () => {
      await rig?.stop();
    });

    test('on a tablet the tree opens as a drawer and closes once a device is chosen', async () => {
      const { page, errors } = await rig.newPage();
      await page.setViewportSize({ width: 820, height: 1180 });
      await logIn(page, rig.ui.url);
      const tree = page.getByRole('complementary', { name: 'Site tree' });
      assert.equal(await tree.isVisible(), false);
      const toggle = page.getByRole('button', { name: 'Site tree' });
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      await tree.getByRole('link', { name: 'Staff Rooms Hot Water' }).click();
      await page.getByRole('heading', { level: 1, name: 'Staff Rooms Hot Water' }).waitFor();
      await tree.waitFor({ state: 'hidden' });
      // Nothing is wider than the screen.
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      assert.equal(overflow, 0);
      assert.deepEqual(unexpected(errors), []);
    });

    test('when the server stops answering, the header says so and the values are marked stale', async () => {
      const { page } = await rig.newPage();
      await logIn(page, rig.ui.url);
      await page.goto(`${rig.ui.url}#/equip/lyon-confluence.pir-1`);
      await page.locator('td.value[data-live]').first().waitFor();
      await page.getByText('live', { exact: true }).waitFor();
      await rig.pointyard.stop();
      await page.getByText('link lost', { exact: true }).waitFor();
      await page.locator('tr[data-point="lyon-confluence.pir-1.signal-level"] td.value.stale').waitFor();
      await page.locator('tr[data-point="lyon-confluence.pir-1.signal-level"]').getByText('stale').waitFor();
      // (The failed polls are network errors in the console by nature: not checked here.)
    });
  },
);
