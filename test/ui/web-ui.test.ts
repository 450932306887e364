// The web UI in Debian's Chromium against a real `pointyard start --site demo` on loopback.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type HDateTime, type HGrid, ZincReader } from 'haystack-core';
import { browserMissing } from './support/browser.js';
import { adminOp, logIn, startRig, type UiRig, unexpected, WAIT_MS } from './support/session.js';

const missing = browserMissing();
const SITE = 'lyon-confluence';

describe('web UI', { skip: missing ?? false, timeout: 180_000 }, () => {
  let rig: UiRig;
  before(async () => {
    rig = await startRig();
  });
  after(async () => {
    await rig?.stop();
  });

  test('a wrong password is refused with a message, the right one logs in, logout ends the session', async () => {
    const { page, errors } = await rig.newPage();
    // The scripts and styles come brotli-compressed (Chromium accepts br): a third of their size or less.
    const encodings = new Map<string, string>();
    page.on('response', (response) => {
      if (/\/assets\/.*\.(js|css)$/.test(response.url()))
        encodings.set(response.url(), response.headers()['content-encoding'] ?? 'none');
    });
    await page.goto(rig.ui.url);
    await page.waitForFunction("document.title === 'Log in · Pointyard'");
    assert.ok(encodings.size >= 2, [...encodings.keys()].join(', '));
    assert.deepEqual(new Set(encodings.values()), new Set(['br']));
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong user name or password' }).waitFor();

    await logIn(page, rig.ui.url);
    await page.getByRole('heading', { name: 'Parc Confluence Sud' }).waitFor();
    assert.equal(await page.locator('.role').textContent(), 'admin');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('You are logged out.').waitFor();
    // The token is closed on the server: reloading does not bring the session back.
    await page.reload();
    await page.getByLabel('User name').waitFor();
    // The wrong password's 403 is the protocol's answer, asked for above.
    assert.deepEqual(unexpected(errors, [/status of 403 \(Forbidden\)/]), []);
  });

  test('the tree opens a device whose live values change, with units, statuses and addresses', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    const tree = page.getByRole('complementary', { name: 'Site tree' });
    await tree.getByRole('link', { name: 'PIR Zone 1' }).click();
    await page.getByRole('heading', { level: 1, name: 'PIR Zone 1' }).waitFor();

    // Signal Level moves every second in the demo: the watch brings a new value without a reload.
    const signal = page.locator(`tr[data-point="${SITE}.pir-1.signal-level"] td.value`);
    await signal.getByText(/\d %$/).waitFor();
    const first = await signal.textContent();
    await page.waitForFunction(
      ([el, before]) => (el as { textContent: string | null } | null)?.textContent !== before,
      [await signal.elementHandle(), first] as const,
      { timeout: WAIT_MS },
    );
    await page.locator(`tr[data-point="${SITE}.pir-1.signal-level"]`).getByText(/ago$/).waitFor();

    await tree.getByRole('link', { name: 'EV Charger 1' }).click();
    await page.getByRole('heading', { level: 1, name: 'EV Charger 1' }).waitFor();
    const frequency = page.locator(`tr[data-point="${SITE}.ev-charger-1.frequency"]`);
    await frequency
      .locator('td.value')
      .getByText(/\d Hz$/)
      .waitFor();
    await frequency.getByText('Modbus', { exact: false }).waitFor();
    const status = page.locator(`tr[data-point="${SITE}.ev-charger-1.charger-status"] .tone`);
    assert.match((await status.getAttribute('class')) ?? '', /tone-(ok|active|alarm|warning)/);
    assert.match(
      (await page.locator(`tr[data-point="${SITE}.ev-charger-1.active-power"] .addresses`).textContent()) ??
        '',
      /OCPP\s*MeterValues\.Power\.Active\.Import/,
    );

    // Each value's age is the server's time of its last change (curTs): a command never written shows the
    // time the site started, at once, not when this page happened to receive it.
    const limit = `${SITE}.ev-charger-1.max-current-limit`;
    const answer = ZincReader.readValue(await adminOp(rig, 'read', `ver:"3.0"\nid\n@${limit}\n`)) as HGrid;
    const curTs = answer.getRows()[0]?.get('curTs') as HDateTime;
    const age = page.locator(`tr[data-point="${limit}"] td.age time`);
    await age.getByText(/ago$/).waitFor();
    assert.equal(await age.getAttribute('datetime'), curTs.date.toISOString());
    assert.match((await age.getAttribute('title')) ?? '', /^Last change /);

    // Opening the device in the tree lists its points; a point link focuses its row.
    await tree.getByRole('link', { name: 'Charger Temperature' }).click();
    await page.locator(`tr.focused[data-point="${SITE}.ev-charger-1.charger-temperature"]`).waitFor();
    assert.deepEqual(unexpected(errors), []);
  });

  test('the tree searches by name and by Haystack filter, with the server error for a bad filter', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    const tree = page.getByRole('complementary', { name: 'Site tree' });
    await tree.getByLabel('Search by name').fill('fuel level');
    const results = tree.getByRole('region', { name: 'Search results' });
    await results
      .getByRole('link', { name: /Level\s*Generator Fuel Tank/ })
      .first()
      .waitFor();

    await tree.getByText('Haystack filter').click();
    const box = tree.getByRole('searchbox', { name: 'Haystack filter' });
    await box.fill('point and temp and equipRef->profile=="dhw-tank"');
    await box.press('Enter');
    await results.getByText('5 found').waitFor();
    await results.getByRole('link', { name: /Tank Top Temperature/ }).waitFor();
    // The filter's points as a live watch list, named with their device.
    await results.getByRole('link', { name: 'Watch the points live' }).click();
    await page.getByRole('heading', { name: 'Watched points' }).waitFor();
    await page.getByRole('rowheader', { name: /^Staff Rooms Hot Water Tank Top Temperature/ }).waitFor();
    await page.locator('td.value[data-live]').nth(4).waitFor();
    assert.equal(await page.locator('td.value[data-live]').count(), 5);

    await box.fill('point and (');
    await box.press('Enter');
    await results.getByRole('alert').waitFor();
    assert.deepEqual(unexpected(errors), []);
  });
});
