// Commands in the browser: a setpoint written at level 8 takes effect, an out-of-range write shows the write
// path's message, relinquish, a momentary action after confirmation, a viewer finds writes disabled, and an
// operator the admin's commands.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserMissing } from './support/browser.js';
import { addUser, logIn, startRig, type UiRig, unexpected } from './support/session.js';

const missing = browserMissing();
const SETPOINT = 'lyon-confluence.dhw-tank.temperature-setpoint';

describe('web UI commands', { skip: missing ?? false, timeout: 180_000 }, () => {
  let rig: UiRig;
  before(async () => {
    rig = await startRig();
  });
  after(async () => {
    await rig?.stop();
  });

  test('a setpoint written at level 8 takes effect; out of range is refused with its reason; relinquish', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/equip/lyon-confluence.dhw-tank`);
    const row = page.locator(`tr[data-point="${SETPOINT}"]`);
    await row.getByRole('button', { name: 'Write Temperature Setpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Write Temperature Setpoint' });
    await dialog.getByText('Allowed: 50 to 70 °C').waitFor();
    // The priority array: 17 levels, the default in force.
    await dialog.getByRole('row', { name: /^def relinquish default 60 °C\s*in force/ }).waitFor();

    await dialog.getByLabel('Value').fill('95');
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    await dialog
      .getByRole('alert')
      .getByText('95 °C is outside the allowed range of Temperature Setpoint: 50 to 70 °C')
      .waitFor();

    await dialog.getByLabel('Value').fill('62');
    assert.equal(await dialog.getByLabel('Priority level').inputValue(), '8');
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    await dialog.getByText('Wrote 62 °C at level 8.').waitFor();
    await dialog.getByRole('row', { name: /^8 manual operator 62 °C\s*in force admin/ }).waitFor();
    // The page's live value follows through the watch.
    await row.locator('td.value').getByText('62 °C').waitFor();
    await row.getByText('level 8').waitFor();

    await dialog.getByRole('button', { name: 'Relinquish level 8' }).first().click();
    await dialog.getByText('Relinquished level 8.').waitFor();
    await row.locator('td.value').getByText('60 °C').waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    assert.equal(await dialog.isVisible(), false);
    assert.deepEqual(unexpected(errors), []);
  });

  test('a momentary action runs after confirmation', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/equip/lyon-confluence.fuel-tank`);
    await page.getByRole('button', { name: 'RESET Reset Min/Max' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset Min/Max' });
    await dialog.getByText('Send RESET to Generator Fuel Tank now?').waitFor();
    await dialog.getByRole('button', { name: 'Confirm RESET' }).click();
    await dialog.getByText('RESET sent to Generator Fuel Tank.').waitFor();
    assert.deepEqual(unexpected(errors), []);
  });

  test('a viewer sees the values but every write and action is disabled', async () => {
    addUser(rig, 'watcher', 'viewer', 'a viewer password');
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url, 'watcher', 'a viewer password');
    assert.equal(await page.locator('.role').textContent(), 'viewer');
    await page.goto(`${rig.ui.url}#/equip/lyon-confluence.dhw-tank`);
    const write = page.getByRole('button', { name: /Write Temperature Setpoint/ });
    await write.waitFor();
    assert.equal(await write.isDisabled(), true);
    assert.equal(await write.getAttribute('title'), 'A viewer cannot write');
    const action = page.getByRole('button', { name: /TRIGGER Legionella Cycle/ });
    assert.equal(await action.isDisabled(), true);
    // A reload resumes the session with the role `about` answers again.
    await page.reload();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    assert.equal(await page.locator('.role').textContent(), 'viewer');
    await page.getByRole('button', { name: /Write Temperature Setpoint/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: /Write Temperature Setpoint/ }).isDisabled(), true);
    // The role comes from `about`: nothing was refused on the way (no 403 in the console).
    assert.deepEqual(unexpected(errors), []);
  });

  test('an operator finds the admin actions (backup, report) disabled, with the reason, and the others enabled', async () => {
    addUser(rig, 'oscar', 'operator', 'an operator password');
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url, 'oscar', 'an operator password');
    await page.goto(`${rig.ui.url}#/equip/lyon-confluence.parking-server`);
    for (const name of ['BACKUP Database Backup', 'GENERATE Report Generation']) {
      const action = page.getByRole('button', { name: new RegExp(`^${name}`) });
      await action.waitFor();
      assert.equal(await action.isDisabled(), true, name);
      assert.match((await action.getAttribute('title')) ?? '', /is an admin's command$/);
    }
    const send = page.getByRole('button', { name: 'SEND Notification Send' });
    assert.equal(await send.isDisabled(), false);
    assert.deepEqual(unexpected(errors), []);
  });
});
