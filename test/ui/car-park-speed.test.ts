// Under `--speed`, the car park's "today, hour by hour" follows the server's clock, not the browser's: hours
// the server has lived (ahead of the wall clock) have their figures.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeAfternoonSite } from './support/afternoon-site.js';
import { browserMissing } from './support/browser.js';
import { logIn, startRig, type UiRig, unexpected, WAIT_MS } from './support/session.js';

const missing = browserMissing();
const SPEED = 900; // 15 server minutes a second: the next hour comes within 4 s
// Whole-hour offsets only: the figures are hours of the history's roll-ups, aligned on UTC hours, so that in a
// zone half an hour off UTC they are labelled 14:30, 15:30… and the next hour's label is never `hh:00`.
const ZONES = ['Pacific/Auckland', 'Asia/Tokyo', 'Europe/Paris', 'America/New_York', 'America/Los_Angeles'];

/** The local hour in `zone` now. */
const hourIn = (zone: string, at = new Date()) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(at));

/** A zone where it is between 06:00 and 17:59 now: the server's day cannot end during the test. */
const zone = ZONES.find((z) => hourIn(z) >= 6 && hourIn(z) < 18) ?? 'Europe/Paris';

describe('web UI: the car park under --speed', { skip: missing ?? false, timeout: 180_000 }, () => {
  let rig: UiRig;
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-ui-speed-'));
  before(async () => {
    rig = await startRig({ site: writeAfternoonSite(dir, zone), args: ['--speed', String(SPEED)] });
  });
  after(async () => {
    await rig?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("today's hours reach the server's hour, past the wall clock's", async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    const nextHour = `${String((hourIn(zone) + 1) % 24).padStart(2, '0')}:00`;
    await page.goto(`${rig.ui.url}#/equip/lyon-confluence.parking-server`);
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      // Each reload reads today's history again (the dashboard itself does every minute).
      await page.reload();
      const figures = page.getByRole('region', { name: 'Car park dashboard' }).locator('details.figures');
      await figures.locator('summary').click();
      const hours = await figures.locator('tbody th').allTextContents();
      if (hours.includes(nextHour)) break;
      assert.ok(Date.now() < deadline, `no figures for ${nextHour} (wall clock) yet: ${hours.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.deepEqual(unexpected(errors), []);
  });
});
