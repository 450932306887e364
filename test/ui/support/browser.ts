// Debian's Chromium, headless, through playwright-core (no downloaded browser). Tests skip without it,
// unless POINTYARD_REQUIRE_PEERS=1 (CI), where a missing browser is a failure.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { peerSkip } from '../../support/peers.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Why browser tests cannot run here, or null when they can. Throws in CI when the browser is missing. */
export function browserMissing(): string | null {
  const why = existsSync(CHROMIUM)
    ? null
    : `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser tests`;
  return peerSkip(why) || null;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** Console errors and uncaught page errors seen by `page`, for a final "no console errors" check. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  return errors;
}
