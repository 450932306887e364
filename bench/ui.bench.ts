// The web UI's figures: its bundle size (gzip), the time from navigation to the first live value on the demo
// site, and how many live values per second it shows when 1,000 points change every second. In Debian's
// Chromium (headless); without /usr/bin/chromium only the bundle size is measured.

import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { haystackLogin } from '../test/support/haystack-scram-client.js';
import { ADMIN_PASSWORD } from '../test/support/running-pointyard.js';
import { CHROMIUM, launchBrowser } from '../test/ui/support/browser.js';
import { logIn } from '../test/ui/support/session.js';
import { startSite } from '../test/ui/support/start-site.js';
import { uiFor } from '../test/ui/support/ui-server.js';
import { type Figure, round3 } from './harness.js';

const GROUP = 'web UI';
const DIST = join(import.meta.dirname, '..', 'ui', 'dist');
const WAIT_MS = 60_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function bundleFigures(): Figure[] {
  if (!existsSync(join(DIST, 'index.html'))) {
    const built = spawnSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'ui/vite.config.ts'],
      {
        stdio: 'ignore',
      },
    );
    if (built.status !== 0) throw new Error('the web UI does not build (npm run build:ui)');
  }
  const assets = readdirSync(join(DIST, 'assets'));
  const gz = (ext: string) =>
    assets
      .filter((f) => f.endsWith(ext))
      .reduce((sum, f) => sum + gzipSync(readFileSync(join(DIST, 'assets', f)), { level: 9 }).length, 0);
  const js = gz('.js');
  const css = gz('.css');
  const html = gzipSync(readFileSync(join(DIST, 'index.html')), { level: 9 }).length;
  return [
    {
      group: GROUP,
      name: 'bundle, gzip: JavaScript',
      value: round3(js / 1024),
      unit: 'KiB',
      note: 'Preact, uPlot and the app, gzip -9',
    },
    { group: GROUP, name: 'bundle, gzip: CSS', value: round3(css / 1024), unit: 'KiB' },
    {
      group: GROUP,
      name: 'bundle, gzip: total',
      value: round3((js + css + html) / 1024),
      unit: 'KiB',
      note: 'everything a first visit downloads',
    },
  ];
}

/** Milliseconds from navigating to a device page (logged in) until the watch's first value is on screen. */
async function timeToFirstLiveValue(page: Page, url: string): Promise<number> {
  const cell = page.locator('tr[data-point="lyon-confluence.pir-1.signal-level"] td.value[data-live]');
  await page.goto('about:blank');
  const start = performance.now();
  await page.goto(`${url}#/equip/lyon-confluence.pir-1`);
  await cell.waitFor({ timeout: WAIT_MS });
  return performance.now() - start;
}

async function demoFigures(browser: Browser): Promise<Figure[]> {
  const data = mkdtempSync(join(tmpdir(), 'pointyard-bench-ui-'));
  const pointyard = await startSite('demo', data);
  const ui = await uiFor(pointyard.url);
  try {
    const page = await (await browser.newContext()).newPage();
    const logins: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto('about:blank');
      await page.evaluate('sessionStorage.clear()').catch(() => {});
      const start = performance.now();
      await logIn(page, ui.url, 'admin', ADMIN_PASSWORD);
      logins.push(performance.now() - start);
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByLabel('User name').waitFor();
    }
    await logIn(page, ui.url);
    await timeToFirstLiveValue(page, ui.url); // warm-up: the browser's cache holds the bundle from now on
    const times: number[] = [];
    for (let i = 0; i < 7; i++) times.push(await timeToFirstLiveValue(page, ui.url));
    return [
      {
        group: GROUP,
        name: 'navigation to the first live value',
        value: round3(median(times)),
        unit: 'ms',
        note: 'demo site, a device page, logged in, bundle cached; median of 7',
      },
      {
        group: GROUP,
        name: 'login in the browser',
        value: round3(median(logins)),
        unit: 'ms',
        note: 'SCRAM-SHA-256 with WebCrypto (PBKDF2, 10,000 iterations) and the role check; median of 3',
      },
    ];
  } finally {
    await ui.close();
    await pointyard.stop();
    rmSync(data, { recursive: true, force: true });
  }
}

/** A points list of 100 numbers published every second, and a site of 10 such devices: 1,000 points. */
function writeBusySite(dir: string): string {
  const rows = Array.from(
    { length: 100 },
    (_, i) => `| Value ${i + 1} | sensor-point | % | 0-100% | 1s | Valeur ${i + 1} |`,
  );
  writeFileSync(
    join(dir, 'busy-sensor.md'),
    [
      '# Points de Busy Sensor (Capteur chargé)',
      '',
      '## Synthèse',
      '- **Total points mesure** : 100',
      '- **Total points commande** : 1',
      '- **Total points état** : 1',
      '',
      '## Points de Mesure (Capteurs)',
      '| Point | Tag Haystack | Unité | Plage Typique | Fréquence | Description |',
      '|-------|--------------|-------|---------------|-----------|-------------|',
      ...rows,
      '',
      '## Points de Commande (Actionneurs/Consignes)',
      '| Point | Tag Haystack | Unité | Plage | Type | Description |',
      '|-------|--------------|-------|-------|------|-------------|',
      '| Enable | cmd-point | - | ON/OFF | Binaire | Activation |',
      '',
      "## Points d'État",
      '| Point | Tag Haystack | Type | Valeurs | Description |',
      '|-------|--------------|------|---------|-------------|',
      '| Communication Status | status-point | Enum | OK/FAULT | État communication |',
      '',
      '## Mappings Protocoles',
      '| Point | BACnet Object | Modbus Register |',
      '|-------|---------------|-----------------|',
      '',
    ].join('\n'),
  );
  const site = join(dir, 'busy.yaml');
  writeFileSync(
    site,
    'site: { id: busy, name: Busy, tz: Europe/Paris }\ndevices:\n  - { id: "sensor-{n}", profile: ./busy-sensor.md, count: 10 }\n',
  );
  return site;
}

/** Changes per second that watchPoll reports for every `point and sensor`, polled each second from Node. */
async function changesPerSecond(api: string, seconds: number): Promise<number> {
  const { fetch } = await haystackLogin(api, 'admin', ADMIN_PASSWORD);
  const call = async (op: string, body: string) => {
    const res = await fetch(`${api}${op}`, {
      method: 'POST',
      headers: { 'content-type': 'text/zinc', accept: 'application/json' },
      body,
    });
    return (await res.json()) as { meta: Record<string, unknown>; rows: unknown[] };
  };
  const points = await call('read', 'ver:"3.0"\nfilter\n"point and sensor"\n');
  const ids = points.rows.map((r) => `@${(r as { id: { val: string } }).id.val}`);
  const sub = await call('watchSub', `ver:"3.0" watchDis:"bench" lease:60s\nid\n${ids.join('\n')}\n`);
  const watchId = String(sub.meta.watchId);
  let changes = 0;
  const start = performance.now();
  for (let i = 0; i < seconds; i++) {
    await new Promise((resolve) => setTimeout(resolve, start + (i + 1) * 1000 - performance.now()));
    changes += (await call('watchPoll', `ver:"3.0" watchId:"${watchId}"\nempty\n`)).rows.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  await call('watchUnsub', `ver:"3.0" watchId:"${watchId}" close\nempty\n`);
  return changes / elapsed;
}

/** In-page script (the page's own JavaScript): how many value cells change on screen within `ms`. */
const countValueChanges = (ms: number) => `new Promise((resolve) => {
  let n = 0;
  const observer = new MutationObserver((records) => {
    const cells = new Set();
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const cell = el && el.closest('td.value');
      if (cell) cells.add(cell);
    }
    n += cells.size;
  });
  observer.observe(document.querySelector('main'), { subtree: true, characterData: true, childList: true });
  setTimeout(() => { observer.disconnect(); resolve(n); }, ${ms});
})`;

async function updateRateFigures(browser: Browser): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bench-ui-busy-'));
  mkdirSync(join(dir, 'data'));
  const pointyard = await startSite(writeBusySite(dir), join(dir, 'data'));
  const ui = await uiFor(pointyard.url);
  try {
    const page = await (await browser.newContext()).newPage();
    await logIn(page, ui.url);
    await page.goto(`${ui.url}#/points?filter=${encodeURIComponent('point and sensor')}`);
    await page.locator('td.value[data-live]').nth(999).waitFor({ timeout: WAIT_MS });
    // Count the value cells that change on screen over 10 s.
    const seconds = 10;
    const changes = Number(await page.evaluate(countValueChanges(seconds * 1000)));
    const reported = await changesPerSecond(pointyard.url, seconds);
    return [
      {
        group: GROUP,
        name: 'changes the server reports per second, 1,000 points',
        value: round3(reported),
        unit: 'changes/s',
        note: 'watchPoll every second from Node, the same points: what the UI can show at most',
      },
      {
        group: GROUP,
        name: 'live values shown per second, 1,000 points changing',
        value: round3(changes / seconds),
        unit: 'values/s',
        note: '10 devices × 100 numbers published every second, one page watching all; watchPoll every second',
      },
    ];
  } finally {
    await ui.close();
    await pointyard.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function uiBench(): Promise<Figure[]> {
  const figures = bundleFigures();
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`bench: ${CHROMIUM} is missing: the web UI's browser figures are skipped\n`);
    return figures;
  }
  const browser = await launchBrowser();
  try {
    figures.push(...(await demoFigures(browser)));
    figures.push(...(await updateRateFigures(browser)));
  } finally {
    await browser.close();
  }
  return figures;
}
