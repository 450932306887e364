// `npm run screenshots`: the main pages of the web UI on the demo site, with ten hours of simulated past,
// saved to docs/screenshots/ for the README and docs/web-ui.md. Not a test: pictures, taken on demand.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afternoonZone, writeAfternoonSite } from './support/afternoon-site.js';
import { browserMissing, launchBrowser } from './support/browser.js';
import { logIn, unexpected } from './support/session.js';
import { runPast } from './support/site-past.js';
import { startSite } from './support/start-site.js';
import { uiFor } from './support/ui-server.js';

const OUT = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const SITE = 'lyon-confluence';

const missing = browserMissing();
if (missing) {
  console.error(missing);
  process.exit(1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'pointyard-shots-'));
// The demo site where it is mid-afternoon now: a busy car park whatever the hour of the run.
const zone = afternoonZone();
const siteFile = writeAfternoonSite(dataDir, zone);
console.log(`Simulating the last 10 hours of the demo site (in ${zone})…`);
await runPast(siteFile, join(dataDir, 'data'), 10);
const pointyard = await startSite(siteFile, join(dataDir, 'data'));
const ui = await uiFor(pointyard.url);
const browser = await launchBrowser();
mkdirSync(OUT, { recursive: true });
const errors: string[] = [];

async function shoot(page: Page, name: string, hash: string, ready: (page: Page) => Promise<unknown>) {
  await page.goto(`${ui.url}${hash}`);
  await ready(page);
  await page.waitForTimeout(1500); // let the live values and charts settle for the picture
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(ui.url);
  await page.getByLabel('User name').fill('admin');
  await page.screenshot({ path: join(OUT, 'login.png') });
  await logIn(page, ui.url);

  await shoot(page, 'overview', '#/', (p) => p.getByRole('img', { name: /^Occupancy/ }).waitFor());
  await shoot(page, 'car-park', `#/equip/${SITE}.parking-server`, (p) =>
    p.locator('.hourly-chart').waitFor(),
  );
  await shoot(page, 'ev-chargers', '#/ev', (p) => p.locator('.trend-chart canvas').waitFor());
  await shoot(page, 'dhw-tank', `#/equip/${SITE}.dhw-tank`, (p) => p.locator('.stratification').waitFor());
  await page.getByRole('button', { name: 'Change setpoint…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Value').fill('65');
  await dialog.getByLabel('Override').selectOption('60');
  await dialog.getByRole('button', { name: 'Write', exact: true }).click();
  await dialog.getByText(/^Wrote 65/).waitFor();
  await page.screenshot({ path: join(OUT, 'write-dialog.png') });
  console.log('docs/screenshots/write-dialog.png');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await shoot(page, 'tank-level', `#/equip/${SITE}.fuel-tank`, (p) => p.locator('.tank-fill').waitFor());
  await shoot(page, 'pir-zones', '#/pir', (p) => p.locator('.pir-card').first().waitFor());
  const trend = [
    `${SITE}.dhw-tank.tank-top-temperature`,
    `${SITE}.dhw-tank.tank-bottom-temperature`,
    `${SITE}.dhw-tank.heating-power`,
    `${SITE}.dhw-tank.tank-status`,
    `${SITE}.parking-server.occupancy-rate`,
  ].join(',');
  await shoot(page, 'trends', `#/trends?range=last-24h&ids=${trend}`, (p) =>
    p.locator('.band').first().waitFor(),
  );
  await shoot(page, 'alarms', '#/alarms?view=history', (p) => p.locator('table.alarms').waitFor());
  await shoot(page, 'audit', '#/log?tab=audit', (p) => p.locator('table.log').waitFor());
  await shoot(page, 'events', '#/log?tab=events', (p) => p.locator('table.log').waitFor());
  await shoot(page, 'server', '#/server', (p) => p.getByRole('heading', { name: 'Statuses' }).waitFor());
  // The server page's Interfaces panel alone: it is below the fold of the page's picture.
  const interfaces = page.getByRole('region', { name: 'Interfaces' });
  await interfaces.locator('[data-fact="link.connected"]').getByText('connected', { exact: true }).waitFor();
  await interfaces.screenshot({ path: join(OUT, 'interfaces.png') });
  console.log('docs/screenshots/interfaces.png');

  const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  const tabletPage = await tablet.newPage();
  await logIn(tabletPage, ui.url);
  await shoot(tabletPage, 'tablet', `#/equip/${SITE}.rainwater-tank`, (p) =>
    p.locator('.tank-fill').waitFor(),
  );
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
  });
  const phonePage = await phone.newPage();
  await logIn(phonePage, ui.url);
  await phonePage.goto(`${ui.url}#/equip/${SITE}.rainwater-tank`);
  await phonePage.getByRole('button', { name: 'Write Calibration Offset' }).click();
  await phonePage.getByRole('dialog').getByLabel('Value').fill('2,5');
  await phonePage.getByRole('dialog').getByText('Will write 2.5 mm').waitFor();
  await phonePage.screenshot({ path: join(OUT, 'phone.png') });
  console.log('docs/screenshots/phone.png');
  const problems = unexpected(errors.map((e) => `console: ${e}`));
  if (problems.length > 0) console.error('Console errors:', problems);
} finally {
  await browser.close();
  await ui.close();
  await pointyard.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
