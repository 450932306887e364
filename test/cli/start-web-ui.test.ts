// `pointyard start` prints the web UI's address beside the API's when the UI is built (ui/dist/index.html).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { DEFAULT_WEB_UI_DIR, hasWebUi } from '../../src/protocols/haystack/web-ui.js';

const data = mkdtempSync(join(tmpdir(), 'pointyard-start-ui-'));
after(() => rmSync(data, { recursive: true, force: true }));

test('start prints "Web UI:" exactly when the UI is built, at the API origin', async () => {
  const child = spawn(
    process.execPath,
    [
      'bin/pointyard.js',
      'start',
      '--site',
      'demo',
      '--data',
      data,
      '--http-port',
      '0',
      '--modbus-port',
      '0',
      '--log-level',
      'warn',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, POINTYARD_ADMIN_PASSWORD: 'a long password' },
    },
  );
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stderr })) {
    lines.push(line);
    if (line.startsWith('Ctrl+C')) break;
  }
  const api = lines.find((l) => l.startsWith('Haystack API: '))?.slice('Haystack API: '.length);
  assert.match(api ?? '', /^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  // An answer means its event loop runs, so its SIGTERM handler is in place (a signal sent earlier kills it).
  assert.equal((await fetch(`${api?.replace(/api\/$/, '')}healthz`)).status, 200);
  child.kill('SIGTERM');
  assert.equal(await exited, 0, lines.join('\n'));
  clearTimeout(guard);
  const ui = lines.find((l) => l.startsWith('Web UI: '))?.slice('Web UI: '.length);
  if (hasWebUi(DEFAULT_WEB_UI_DIR)) assert.equal(ui, api?.replace(/api\/$/, ''));
  else assert.equal(ui, undefined);
});
