// The sessions table's empty states in Chromium: with the central system off (`start --no-ocpp`) it says
// the charging back end is not running; a charge point with nothing yet says so, and its message log too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserMissing } from './support/browser.js';
import { logIn, startRig, type UiRig, unexpected } from './support/session.js';

const missing = browserMissing();

describe('web UI: OCPP empty states', { skip: missing ?? false, timeout: 180_000 }, () => {
  let rig: UiRig;
  before(async () => {
    rig = await startRig({ args: ['--no-ocpp'] });
  });
  after(async () => {
    await rig?.stop();
  });

  test('no central system: the sessions table says why it is empty', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/ev`);
    await page
      .getByText(
        'No charging session: the charging back end (the OCPP central system) is not running or is faulted (OCPP Backend Status STOPPED).',
      )
      .waitFor();
    // A charge point's page: no session of it, and the server's reason for the missing message log.
    await page.goto(`${rig.ui.url}#/ev/CP-NEVER`);
    await page.getByText(/^No charging session of CP-NEVER: the charging back end/).waitFor();
    await page
      .getByRole('alert')
      .getByText('chargerMessages: no charging back end runs (server.ocpp)')
      .waitFor();
    assert.deepEqual(unexpected(errors), []);
  });
});
