// `pointyard start` prints the web UI's address beside the API's when the UI is built (ui/dist/index.html).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_WEB_UI_DIR, hasWebUi } from '../../src/protocols/haystack/web-ui.js';
import { startPointyard } from '../support/running-pointyard.js';

const data = mkdtempSync(join(tmpdir(), 'pointyard-start-ui-'));
after(() => rmSync(data, { recursive: true, force: true }));

test('start prints "Web UI:" exactly when the UI is built, at the API origin', async () => {
  const server = await startPointyard(data);
  const origin = server.url.replace(/api\/$/, '');
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    // An answer means its event loop runs, so its SIGTERM handler is in place (a signal sent earlier kills it).
    assert.equal((await fetch(`${origin}healthz`)).status, 200);
  } finally {
    assert.equal(await server.stop(), 0, server.banner.join('\n'));
  }
  const ui = server.banner.find((l) => l.startsWith('Web UI: '))?.slice('Web UI: '.length);
  if (hasWebUi(DEFAULT_WEB_UI_DIR)) assert.equal(ui, origin);
  else assert.equal(ui, undefined);
});
