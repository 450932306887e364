// The operator's view of OCPP in Chromium against a real `pointyard start --site demo` (its central system on
// a free port, autoAccept on), with a foreign charge point played by @voltbras/ts-ocpp (not the library the
// CSMS uses): its session in the sessions table with its kWh, its message log, a card added in the UI and
// accepted at the next Authorize, remote start and stop from the UI; a viewer reads but gets no buttons.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { peerSkip } from '../support/peers.js';
import { browserMissing } from './support/browser.js';
import { addUser, logIn, startRig, type UiRig, unexpected, WAIT_MS } from './support/session.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the peer is untyped as far as these tests go
type Any = any;

function loadTsOcpp(): Any | null {
  try {
    return require('@voltbras/ts-ocpp');
  } catch {
    return null;
  }
}

const tsOcpp = loadTsOcpp();
const skip =
  browserMissing() ??
  peerSkip(tsOcpp ? null : '@voltbras/ts-ocpp is not installed (npm ci installs it: a dev dependency)');

const CP = 'CP-UI-1';
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Polls `check` every 20 ms until it is true; fails after WAIT_MS. */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The CSMS's base URL from `start`'s banner (`OCPP 1.6-J: ws://127.0.0.1:<port>/ocpp/<chargePointId>`). */
function csmsUrl(rig: UiRig): string {
  const line = rig.pointyard.banner.find((l) => l.startsWith('OCPP 1.6-J: '));
  assert.ok(line, `no OCPP line in the banner:\n${rig.pointyard.banner.join('\n')}`);
  return line.slice('OCPP 1.6-J: '.length).replace(/\/<chargePointId>$/, '');
}

/**
 * ts-ocpp's ChargePoint `id` on the demo's CSMS, Basic auth in the URL (autoAccept takes any); `requests`
 * gets the CSMS's calls; an action in `rejected` is answered Rejected, the others Accepted.
 */
async function foreignChargePoint(url: string, id: string) {
  const requests: Any[] = [];
  const rejected = new Set<string>();
  const base = url.replace('ws://', `ws://${encodeURIComponent(id)}:${encodeURIComponent('a cp password')}@`);
  const cp = new tsOcpp.ChargePoint(
    id,
    (request: Any) => {
      requests.push(request);
      const status = rejected.has(request.action) ? 'Rejected' : 'Accepted';
      return { action: request.action, ocppVersion: request.ocppVersion, status };
    },
    base,
  );
  await cp.connect();
  const send = async (action: string, payload: Record<string, unknown>) =>
    (await cp.sendRequest({ action, ocppVersion: 'v1.6-json', payload })).unsafeCoerce();
  return { cp, send, requests, rejected };
}

const sessionRow = (page: Page, id: number) => page.locator(`table.sessions tr[data-session="${id}"]`);

describe(
  'web UI: OCPP sessions, messages, RFID cards, remote start and stop',
  { skip, timeout: 240_000 },
  () => {
    let rig: UiRig;
    let peer: Awaited<ReturnType<typeof foreignChargePoint>>;
    let firstSession = 0;
    before(async () => {
      rig = await startRig();
      peer = await foreignChargePoint(csmsUrl(rig), CP);
      const { send } = peer;
      const boot = await send('BootNotification', {
        chargePointVendor: 'Voltbras',
        chargePointModel: 'ts-ocpp',
      });
      assert.equal(boot.status, 'Accepted');
      await send('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
      // A whole session before the UI opens: 7.5 kWh over 25 minutes, stopped at the charge point.
      const now = Date.now();
      const started = await send('StartTransaction', {
        connectorId: 1,
        idTag: 'CARD-LOCAL',
        meterStart: 1000,
        timestamp: iso(now - 30 * MINUTE),
      });
      firstSession = started.transactionId;
      await send('StopTransaction', {
        transactionId: firstSession,
        meterStop: 8500,
        timestamp: iso(now - 5 * MINUTE),
        reason: 'Local',
      });
    });
    after(async () => {
      peer?.cp.close();
      await rig?.stop();
    });

    test('an operator sees the session with its kWh, adds a card, starts and stops a session remotely', async () => {
      addUser(rig, 'olga', 'operator', 'an operator password');
      const { page, errors } = await rig.newPage();
      await logIn(page, rig.ui.url, 'olga', 'an operator password');
      await page.goto(`${rig.ui.url}#/ev`);

      // The finished session: charger, id tag, kWh, duration and why it stopped.
      const done = sessionRow(page, firstSession);
      await done.waitFor();
      const cells = await done.locator('td').allTextContents();
      assert.equal(cells[2], CP);
      assert.equal(cells[3], 'CARD-LOCAL');
      assert.equal(cells[4], '7.5 kWh');
      assert.equal(cells[5], '25 min');
      assert.equal(cells[6], 'Local');
      assert.equal(await done.getByRole('button').count(), 0);

      // A card added in the UI: refused in the server's words when malformed, accepted by the next Authorize.
      assert.deepEqual(await peer.send('Authorize', { idTag: 'CARD-UI-7' }), {
        idTagInfo: { status: 'Invalid' },
      });
      const cards = page.getByRole('form', { name: 'Add a card' });
      await cards.getByLabel('Card (id tag)').fill('BAD TAG');
      await cards.getByRole('button', { name: 'Add card' }).click();
      await page
        .getByRole('alert')
        .getByText('idTagAdd: an id tag is 1–20 printable characters without spaces (OCPP 1.6)')
        .waitFor();
      await cards.getByLabel('Card (id tag)').fill('CARD-UI-7');
      await cards.getByLabel('Status').selectOption('Accepted');
      await cards.getByRole('button', { name: 'Add card' }).click();
      await page.getByText('Added CARD-UI-7 (Accepted).').waitFor();
      await page
        .getByRole('table', { name: 'RFID cards' })
        .getByRole('row', { name: /CARD-UI-7\s*Accepted/ })
        .waitFor();
      assert.deepEqual(await peer.send('Authorize', { idTag: 'CARD-UI-7' }), {
        idTagInfo: { status: 'Accepted' },
      });
      // A blocked card with an expiry: listed as the server kept it.
      await cards.getByLabel('Card (id tag)').fill('CARD-LOST');
      await cards.getByLabel('Status').selectOption('Blocked');
      await cards.getByLabel('Expires (optional)').fill('2031-01-31T08:00');
      await cards.getByRole('button', { name: 'Add card' }).click();
      await page.getByText('Added CARD-LOST (Blocked).', { exact: true }).waitFor();
      await page
        .getByRole('table', { name: 'RFID cards' })
        .getByRole('row', { name: /CARD-LOST\s*Blocked/ })
        .waitFor();
      const lost = (await peer.send('Authorize', { idTag: 'CARD-LOST' })).idTagInfo as Record<
        string,
        unknown
      >;
      assert.equal(lost.status, 'Blocked');
      // The expiry the operator typed (in the browser's time zone) is what the CSMS answers with.
      assert.match(String(lost.expiryDate), /^2031-01-3[01]T/);

      // Remote start: a charge point that is not connected, a refusal, then Accepted.
      const start = page.getByRole('form', { name: 'Remote start' });
      await start.getByLabel('Id tag').fill('CARD-UI-7');
      await start.getByLabel('Charge point').fill('CP-NOBODY');
      await start.getByRole('button', { name: 'Remote start' }).click();
      await start
        .getByRole('alert')
        .getByText(/Remote start refused: .*CP-NOBODY is not connected/)
        .waitFor();
      peer.rejected.add('RemoteStartTransaction');
      await start.getByLabel('Charge point').fill(CP);
      await start.getByRole('button', { name: 'Remote start' }).click();
      await start
        .getByRole('alert')
        .getByText(`Remote start refused: remoteStart: ${CP} answered Rejected`)
        .waitFor();
      peer.rejected.delete('RemoteStartTransaction');
      await start.getByRole('button', { name: 'Remote start' }).click();
      await start.getByText(`Remote start on ${CP} with CARD-UI-7: Accepted.`).waitFor();
      const asked = peer.requests.filter((r) => r.action === 'RemoteStartTransaction');
      assert.equal(asked.length, 2);
      assert.equal(asked[1].idTag, 'CARD-UI-7');
      assert.equal(asked[1].connectorId, 1);

      // The charge point starts as asked: the open session comes first, refreshed without a reload.
      const started = await peer.send('StartTransaction', {
        connectorId: 1,
        idTag: 'CARD-UI-7',
        meterStart: 8500,
        timestamp: iso(Date.now()),
      });
      const open = sessionRow(page, started.transactionId);
      await open.getByText('charging').waitFor();
      assert.equal(
        await page.locator('table.sessions tbody tr').first().getAttribute('data-session'),
        String(started.transactionId),
      );

      // Stop from the UI: RemoteStopTransaction of that transaction, the answer shown; the charge point stops.
      await open.getByRole('button', { name: `Stop session ${started.transactionId} on ${CP}` }).click();
      await page.getByText(`Stop of session ${started.transactionId} on ${CP}: Accepted.`).waitFor();
      await until('RemoteStopTransaction', () =>
        peer.requests.some((r) => r.action === 'RemoteStopTransaction'),
      );
      const stop = peer.requests.find((r) => r.action === 'RemoteStopTransaction');
      assert.equal(stop.transactionId, started.transactionId);
      await peer.send('StopTransaction', {
        transactionId: started.transactionId,
        meterStop: 9700,
        timestamp: iso(Date.now()),
        reason: 'Remote',
      });
      await open.locator('td').nth(6).getByText('Remote').waitFor();
      assert.equal(await open.locator('td').nth(4).textContent(), '1.2 kWh');
      assert.equal(await open.getByRole('button').count(), 0);

      // Filtered by charger: that charge point's sessions, open first.
      await page.getByLabel('Charger', { exact: true }).selectOption(CP);
      await done.waitFor();
      assert.equal(await page.locator('table.sessions tbody tr').count(), 2);
      assert.deepEqual(unexpected(errors), []);
    });

    test("a charge point's message log: boot and start, payloads expandable, CALLERRORs marked, live", async () => {
      const { page, errors } = await rig.newPage();
      await logIn(page, rig.ui.url);
      await page.goto(`${rig.ui.url}#/ev`);
      // The charger's name in the sessions table leads to its page.
      await sessionRow(page, firstSession).getByRole('link', { name: CP }).click();
      await page.getByRole('heading', { level: 1, name: `Charge point ${CP}` }).waitFor();
      await page.getByText('not a device of this site').waitFor();
      const log = page.getByRole('table', { name: `OCPP messages of ${CP}` });
      const boot = log.locator('tr[data-type="call"]').filter({ hasText: 'BootNotification' });
      await boot.getByText('← from charge point').waitFor();
      const startCall = log.locator('tr[data-type="call"]').filter({ hasText: 'StartTransaction' }).last();
      await startCall.waitFor();
      // Collapsed to one line; opened, the payload as indented JSON.
      const pretty = startCall.locator('pre');
      assert.equal(await pretty.isVisible(), false);
      await startCall.locator('summary').click();
      await pretty.getByText('"meterStart": 1000').waitFor();
      // The answer to it went out.
      await log
        .locator('tr[data-type="result"]')
        .filter({ hasText: 'StartTransaction' })
        .first()
        .getByText('→ to charge point')
        .waitFor();

      // Live: a message sent while the page is open shows up; a CALLERROR is marked as one.
      await peer.send('Heartbeat', {});
      await log.locator('tr[data-type="result"]').filter({ hasText: 'Heartbeat' }).first().waitFor();
      await assert.rejects(peer.send('FirmwareStatusNotification', { status: 'Idle' }));
      const error = log.locator('tr.callerror').first();
      await error.getByText('CALLERROR').waitFor();
      assert.equal(await error.locator('strong').textContent(), 'FirmwareStatusNotification');
      assert.equal((await error.locator('.error-code').textContent())?.trim(), 'NotImplemented');
      // The expanded payload stays open across the refreshes.
      assert.equal(await pretty.isVisible(), true);

      // A charge point that never said anything: no session, no message. (Why there is no session depends
      // on OCPP Backend Status, which the demo's simulated faults turn STOPPED now and then.)
      await page.goto(`${rig.ui.url}#/ev/CP-NEVER`);
      await page
        .getByText(
          /^No charging session of CP-NEVER( yet: no charge point has started|: the charging back end)/,
        )
        .waitFor();
      await page.getByText('No message from or to CP-NEVER since the server started').waitFor();

      // A charger's device page leads to its charge point (its device id), which links back to the device.
      await page.goto(`${rig.ui.url}#/equip/lyon-confluence.ev-charger-1`);
      await page.getByRole('link', { name: 'OCPP messages and sessions' }).click();
      await page.getByRole('heading', { level: 1, name: 'Charge point ev-charger-1' }).waitFor();
      await page.locator('header.page-header').getByRole('link', { name: 'EV Charger 1' }).waitFor();
      assert.deepEqual(unexpected(errors), []);
    });

    test('a viewer sees the sessions and the RFID list but no button, and not the message log', async () => {
      addUser(rig, 'vera', 'viewer', 'a viewer password');
      const { page, errors } = await rig.newPage();
      await logIn(page, rig.ui.url, 'vera', 'a viewer password');
      await page.goto(`${rig.ui.url}#/ev`);
      await sessionRow(page, firstSession).waitFor();
      const cards = page.getByRole('table', { name: 'RFID cards' });
      await cards.waitFor();
      assert.equal(await cards.getByRole('button').count(), 0, 'a viewer removes no card');
      const sessions = page.getByRole('table', { name: 'Charging sessions' });
      assert.equal(await sessions.getByRole('button').count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Remote start' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Add card' }).count(), 0);
      await page.goto(`${rig.ui.url}#/ev/${CP}`);
      await page.getByText('The message log is for operators and admins').waitFor();
      await sessionRow(page, firstSession).waitFor();
      assert.equal(await page.getByRole('button', { name: /Remote start|Stop/ }).count(), 0);
      // Nothing the viewer may not read was asked for (no 403 in the console).
      assert.deepEqual(unexpected(errors), []);
    });
  },
);
