// The alarm console and the logs in the browser: a tamper alarm shows in the header and the console, an
// operator acknowledges it; a setpoint written in the UI appears in the audit trail, and an admin sees there
// a refused write with its reason and a failed login with the name tried.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { haystackLogin } from '../support/haystack-scram-client.js';
import { browserMissing } from './support/browser.js';
import { adminOp, logIn, startRig, type UiRig, unexpected, WAIT_MS } from './support/session.js';

const missing = browserMissing();

describe('web UI alarms and logs', { skip: missing ?? false, timeout: 180_000 }, () => {
  let rig: UiRig;
  before(async () => {
    rig = await startRig();
  });
  after(async () => {
    await rig?.stop();
  });

  test('a raised alarm shows in the header and the console; acknowledging it records who', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    // The demo starts with an alarm or two (no BMS client connected): count from what the header shows.
    const alarmsLink = page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: /Alarms/ });
    await alarmsLink.locator('.alarm-counts').waitFor();
    const unacked = async () =>
      Number(
        /(\d+) unacknowledged/.exec(
          (await alarmsLink.locator('.alarm-counts').getAttribute('title')) ?? '',
        )?.[1],
      );
    const before = await unacked();
    await adminOp(rig, 'fault', 'ver:"3.0"\ndevice,fault\n"pir-1","tamper"\n');

    // The header counts the new alarms (tamper, and the detector's FAULT) as unacknowledged: a visual cue.
    await page.waitForFunction(
      ([el, n]) =>
        Number(/(\d+) unacknowledged/.exec((el as { title: string } | null)?.title ?? '')?.[1]) >
        (n as number),
      [await alarmsLink.locator('.alarm-counts').elementHandle(), before] as const,
      { timeout: WAIT_MS },
    );
    const after = await unacked();
    await alarmsLink.getByText(`${after} new`, { exact: true }).waitFor();
    await alarmsLink.click();
    const row = page.getByRole('row', { name: /PIR Zone 1 Tamper Status/ });
    await row.getByText('In alarm').waitFor();
    await row.getByText('Not acknowledged').waitFor();
    await row.getByRole('button', { name: 'Acknowledge PIR Zone 1 Tamper Status' }).click();
    await page.getByText('Acknowledged 1 alarm.').waitFor();
    await row.waitFor({ state: 'detached' });
    await alarmsLink.getByText(`${after - 1} new`, { exact: true }).waitFor();

    await page.getByRole('navigation', { name: 'Alarm views' }).getByRole('link', { name: /Open/ }).click();
    await page
      .getByRole('row', { name: /PIR Zone 1 Tamper Status/ })
      .getByText(/^Acknowledged by admin at /)
      .waitFor();
    await adminOp(rig, 'fault', 'ver:"3.0"\ndevice,fault,clear\n"pir-1","tamper",T\n');
    assert.deepEqual(unexpected(errors), []);
  });

  test('a write made in the UI appears in the audit trail, and the event log lists device events', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/equip/lyon-confluence.dhw-tank`);
    await page.getByRole('button', { name: 'Write Temperature Setpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Write Temperature Setpoint' });
    await dialog.getByLabel('Value').fill('64');
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    await dialog.getByText('Wrote 64 °C at level 8.').waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    await page.getByRole('link', { name: 'Audit & events' }).click();
    const write = page.getByRole('row', {
      name: /admin Staff Rooms Hot Water Temperature Setpoint write 8 64 °C 60 °C → 64 °C haystack/,
    });
    await write.waitFor();
    // Filtered by a user who wrote nothing, it is gone.
    await page.getByLabel('User').fill('nobody');
    await page.getByLabel('User').press('Enter');
    await page.getByText('Nothing matches these filters.').waitFor();

    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByLabel('Device').selectOption({ label: 'PIR Zone 1' });
    await page.getByRole('cell', { name: 'PIR Zone 1' }).first().waitFor();
    assert.deepEqual(unexpected(errors), []);
  });

  test('an admin sees a refused write with its reason and a failed login (no point link)', async () => {
    await assert.rejects(
      adminOp(
        rig,
        'pointWrite',
        'ver:"3.0"\nid,level,val,duration\n@lyon-confluence.dhw-tank.temperature-setpoint,8,95,2h\n',
      ),
      /outside the allowed range/,
    );
    await assert.rejects(haystackLogin(rig.pointyard.url, 'mallory', 'not the password'));
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.getByRole('link', { name: 'Audit & events' }).click();

    const refused = page.getByRole('row', {
      name: /admin Staff Rooms Hot Water Temperature Setpoint refused 8 .*haystack .*2 h .*95 °C is outside the allowed range of Temperature Setpoint: 50 to 70 °C/,
    });
    await refused.waitFor();
    const login = page.getByRole('row', { name: /mallory login login-failed .*haystack 127\.0\.0\.1/ });
    await login.waitFor();
    assert.equal(await login.getByRole('rowheader').textContent(), 'login');
    assert.equal(await login.getByRole('link').count(), 0, 'a login row links to no point');
    assert.deepEqual(unexpected(errors), []);
  });
});
