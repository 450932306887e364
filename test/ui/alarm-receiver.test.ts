// The alarm receiver's page in the browser, on the demo with its SIA DC-09 receiver on: the nav entry, the
// log (time in the site's zone, account, zone, code with its meaning), filters by account and code, pages,
// live refresh, and the transmitter's queue; a frame sent to the receiver over TCP shows in the log.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { encodeFrame } from '../../src/protocols/sia/codec/frame.js';
import { formatSiaDcs } from '../../src/protocols/sia/codec/sia-dcs.js';
import type { ReceivedReport } from '../../src/store/alarm-reports.js';
import { type AlarmReportLog, openAlarmReportLog } from './support/alarm-report-log.js';
import { browserMissing } from './support/browser.js';
import { logIn, startRig, type UiRig, unexpected, WAIT_MS } from './support/session.js';

const missing = browserMissing();
const ZONE = 'Europe/Paris';

/** The demo site file with two more accounts on its receiver (1234 and 5678) and no transmitter, in `dir`. */
function siteWithReceiver(dir: string): string {
  const demo = readFileSync(join(import.meta.dirname, '..', '..', 'sites', 'demo.yaml'), 'utf8');
  const file = join(dir, 'demo-receiver.yaml');
  const accounts = '      accounts:\n        "1001": ';
  if (!demo.includes(accounts))
    throw new Error('the demo site file no longer lists its receiver accounts so');
  // Without the demo's transmitter: the log holds only what the test puts there, so its pages can be counted.
  const transmitter = /^ {4}transmitter:\n(?: {6}.*\n)+/m;
  if (!transmitter.test(demo)) throw new Error('the demo site file no longer has its transmitter so');
  writeFileSync(
    file,
    demo
      .replace(accounts, `      accounts:\n        "1234": {}\n        "5678": {}\n        "1001": `)
      .replace(transmitter, ''),
  );
  return file;
}

/** `21 Nov, 15:39:00` in the site's zone, as the UI writes times (the year when not this year's). */
const siteTime = (ms: number) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    month: 'short',
    day: 'numeric',
    ...(new Date(ms).getFullYear() !== new Date().getFullYear() ? { year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(ms);

function report(at: number, sequence: number, account: string, code: string, zone: string): ReceivedReport {
  return {
    receivedAt: at,
    account,
    receiver: null,
    line: 'L0',
    sequence,
    code,
    zone,
    text: '',
    eventTime: null,
    remote: '127.0.0.1:40000',
    transport: 'tcp',
    encrypted: false,
    frame: '',
  };
}

/** Sends one frame over TCP and waits (bounded) for the receiver's answer. */
function sendFrame(port: number, frame: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from the receiver: ${JSON.stringify(answer)}`));
    }, WAIT_MS);
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      answer += text;
      if (answer.includes('\r')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.write(Buffer.from(frame, 'latin1'));
  });
}

const logRows = (page: Page) => page.locator('table.alarm-reports tbody tr');

/** Waits (bounded) until the log shows `n` rows. */
const rowCount = (page: Page, n: number) =>
  page.waitForFunction(`document.querySelectorAll('table.alarm-reports tbody tr').length === ${n}`);

describe('web UI alarm receiver', { skip: missing ?? false, timeout: 240_000 }, () => {
  let rig: UiRig;
  let log: AlarmReportLog;
  let siteDir: string;
  const t0 = Date.now() - 3_600_000;
  before(async () => {
    siteDir = mkdtempSync(join(tmpdir(), 'pointyard-sia-ui-'));
    rig = await startRig({ site: siteWithReceiver(siteDir), args: ['--sia-port', '0'] });
    log = openAlarmReportLog(rig.dataDir);
    // 55 reports of account 1234 (one a minute: BA, TA, BR, TR… in turn), then 5678's low battery.
    const codes = ['BA', 'TA', 'BR', 'TR'];
    for (let i = 0; i < 55; i++)
      await log.reports.record(report(t0 + i * 60_000, i + 1, '1234', codes[i % 4] as string, '001'));
    await log.reports.record(report(t0 + 56 * 60_000, 1, '5678', 'YT', '003'));
    // The transmitter's queue: account 9001 delivered one BA to the primary, and has one TA waiting.
    const outgoing = (code: string, minute: number) => ({
      code,
      zone: '002',
      text: '',
      time: t0 + minute * 60_000,
      device: 'pir-2',
      point: null,
    });
    const seq = await log.reports.enqueue('9001', outgoing('BA', 10));
    await log.reports.enqueue('9001', outgoing('TA', 11));
    await log.reports.acknowledged(seq, 'primary', t0 + 10 * 60_000 + 500);
  });
  after(async () => {
    log?.close();
    await rig?.stop();
    if (siteDir) rmSync(siteDir, { recursive: true, force: true });
  });

  test('the log shows reports newest first with their meaning; filters and pages; the queue', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: 'Alarm receiver' })
      .click();
    await page.getByRole('heading', { name: 'Alarm receiver' }).waitFor();

    const first = logRows(page).first();
    await first.waitFor();
    assert.match((await first.textContent()) ?? '', /5678003YT System battery trouble \(low battery\)/);
    assert.ok(((await first.textContent()) ?? '').startsWith(siteTime(t0 + 56 * 60_000)));
    assert.equal(await logRows(page).count(), 50);
    const ba = page.getByRole('row', { name: /1234 001 BA Burglary alarm/ }).first();
    await ba.waitFor();

    // Page 2: the six oldest of 1234 (sequence 0006 … 0001); Newer goes back.
    await page.getByRole('button', { name: 'Older' }).click();
    await page.getByText('Page 2').waitFor();
    await rowCount(page, 6);
    assert.match((await logRows(page).last().textContent()) ?? '', /1234001BA Burglary alarmL00001/);
    assert.equal(await page.getByRole('button', { name: 'Older' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Newer' }).click();
    await page.getByText('Page 1').waitFor();

    // Filtered by account, then by code.
    await page.getByLabel('Account').fill('5678');
    await page.getByLabel('Account').press('Enter');
    await rowCount(page, 1);
    await page.getByLabel('Account').fill('');
    await page.getByLabel('Account').press('Enter');
    await rowCount(page, 50); // unfiltered again before the next filter
    await page.getByLabel('Code').fill('ta');
    await page.getByLabel('Code').press('Enter');
    await rowCount(page, 14);
    for (const text of await logRows(page).allTextContents()) assert.match(text, /TA Tamper alarm/);
    await page.getByLabel('Code').fill('FA');
    await page.getByLabel('Code').press('Enter');
    await page.getByText('Nothing matches these filters.').waitFor();

    // The transmitter's queue: one waiting, the BA delivered to the primary.
    const queue = page.getByRole('row', { name: /9001/ });
    await queue.getByText('1 waiting').waitFor();
    assert.match(
      (await queue.textContent()) ?? '',
      new RegExp(`${siteTime(t0 + 10 * 60_000 + 500)} to primary: BA Burglary alarm, zone 002`),
    );
    assert.deepEqual(unexpected(errors), []);
  });

  test('a report logged while the page is open appears without a reload', async () => {
    const { page, errors } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/alarm-receiver?account=5678`);
    await logRows(page).first().waitFor();
    assert.equal(await logRows(page).count(), 1);
    await log.reports.record(report(Date.now(), 2, '5678', 'YR', '003'));
    await page.getByRole('row', { name: /5678 003 YR System battery restoral/ }).waitFor();
    assert.equal(await logRows(page).count(), 2);
    assert.deepEqual(unexpected(errors), []);
  });

  test('on a phone the page does not scroll sideways (the log scrolls in its own box)', async () => {
    const { page, errors } = await rig.newPage({ viewport: { width: 390, height: 800 }, hasTouch: true });
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/alarm-receiver`);
    await logRows(page).first().waitFor();
    await page.getByRole('row', { name: /9001/ }).waitFor();
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    assert.equal(overflow, 0);
    assert.deepEqual(unexpected(errors), []);
  });

  test('the PIR zones page links to it', async () => {
    const { page } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/pir`);
    await page.getByRole('link', { name: 'What the alarm receiver took' }).click();
    await page.getByRole('heading', { name: 'Alarm receiver' }).waitFor();
  });

  test('a frame sent to the receiver over TCP shows in the log', async () => {
    const port = Number(/^SIA DC-09 receiver: tcp [^,]*:(\d+)/m.exec(rig.pointyard.banner.join('\n'))?.[1]);
    assert.ok(port > 0, rig.pointyard.banner.join('\n'));
    const frame = encodeFrame({
      token: 'SIA-DCS',
      encrypted: false,
      sequence: 42,
      line: '0',
      account: '1234',
      data: formatSiaDcs('1234', [{ code: 'BA', zone: '07', area: '1' }]),
      extended: [],
    });
    const answer = await sendFrame(port, frame);
    assert.match(answer, /"ACK"0042L0#1234\[\]/);
    const { page } = await rig.newPage();
    await logIn(page, rig.ui.url);
    await page.goto(`${rig.ui.url}#/alarm-receiver?account=1234&code=BA`);
    await page.getByRole('row', { name: /1234 07 BA Burglary alarm .*0042 TCP 127\.0\.0\.1/ }).waitFor({
      timeout: WAIT_MS,
    });
  });
});
