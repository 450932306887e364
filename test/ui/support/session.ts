// One browser session against a real `pointyard start --site demo`: start both, log in, stop both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { haystackLogin } from '../../support/haystack-scram-client.js';
import { ADMIN_PASSWORD, type RunningPointyard } from '../../support/running-pointyard.js';
import { collectErrors, launchBrowser } from './browser.js';
import { startSite } from './start-site.js';
import { type UiServer, uiFor } from './ui-server.js';

/** How long any wait for the page may take: generous, since the machine may be busy; never a measurement. */
export const WAIT_MS = 20_000;

/**
 * Console messages the protocol itself causes: Chromium logs every HTTP error answer of `fetch`, and the
 * Haystack login's first two steps answer 401 by design (HELLO, client-first).
 */
const EXPECTED = [/status of 401 \(Unauthorized\)/];

export interface UiRig {
  pointyard: RunningPointyard;
  ui: UiServer;
  browser: Browser;
  dataDir: string;
  /**
   * A new page in its own context (its own sessionStorage), with its console errors collected; `options`
   * change the context's (a phone's viewport and touch, a locale).
   */
  newPage(
    options?: BrowserContextOptions,
  ): Promise<{ page: Page; context: BrowserContext; errors: string[] }>;
  stop(): Promise<void>;
}

/** The demo (or the site file `site`), started with `args` (more flags for `start`), and a browser. */
export async function startRig(options: { site?: string; args?: string[] } = {}): Promise<UiRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pointyard-ui-'));
  const pointyard = await startSite(options.site ?? 'demo', dataDir, options.args);
  const ui = await uiFor(pointyard.url);
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  return {
    pointyard,
    ui,
    browser,
    dataDir,
    async newPage(options = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      const errors = collectErrors(page);
      return { page, context, errors: errors };
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await ui.close();
      await pointyard.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` every 50 ms until it answers something other than `from`; fails after `timeoutMs`. */
export async function untilChanged(
  read: () => Promise<string>,
  from: string,
  timeoutMs = WAIT_MS,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await read();
    if (now !== from) return now;
    if (Date.now() > deadline) throw new Error(`still '${from}' after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Errors the page logged, without those the login protocol causes (and those a test caused on purpose). */
export const unexpected = (errors: string[], alsoExpected: RegExp[] = []): string[] =>
  errors.filter((e) => ![...EXPECTED, ...alsoExpected].some((r) => r.test(e)));

export async function logIn(
  page: Page,
  url: string,
  user = 'admin',
  password = ADMIN_PASSWORD,
): Promise<void> {
  await page.goto(url);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/** Adds a user to the running server's data folder with the CLI (it sees users added while it runs). */
export function addUser(
  rig: UiRig,
  name: string,
  role: 'viewer' | 'operator' | 'admin',
  password: string,
): void {
  const result = spawnSync(
    process.execPath,
    ['bin/pointyard.js', 'user', 'add', name, '--role', role, '--password-stdin', '--data', rig.dataDir],
    { input: `${password}\n`, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`pointyard user add failed: ${result.stderr}`);
}

/** Calls `op` on the rig's API as admin with a Zinc request grid; returns the Zinc answer (throws on HTTP errors). */
export async function adminOp(rig: UiRig, op: string, zinc: string): Promise<string> {
  const { fetch } = await haystackLogin(rig.pointyard.url, 'admin', ADMIN_PASSWORD);
  const res = await fetch(`${rig.pointyard.url}${op}`, {
    method: 'POST',
    headers: { 'content-type': 'text/zinc' },
    body: zinc,
  });
  const text = await res.text();
  if (!res.ok || text.includes('err')) throw new Error(`${op}: HTTP ${res.status} ${text}`);
  return text;
}
