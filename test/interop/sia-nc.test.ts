// docs/sia.md's "Pointing a panel at Pointyard", tried as a new user would: a Pointyard whose site file has
// the page's `server.sia` example, and the page's `nc` commands (OpenBSD netcat, Debian's netcat-openbsd) sending
// the worked example over TCP and UDP: each gets the ACK the page shows.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { serverSettingsOf } from '../../src/protocols/server-settings.js';
import { startServer } from '../../src/server.js';
import { loadSite } from '../../src/site/load.js';
import { T0 } from '../runtime/site-fixture.js';
import { ncMissing } from '../support/netcat.js';
import { peerSkip } from '../support/peers.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-nc-'));
after(() => rmSync(root, { recursive: true, force: true }));
const page = readFileSync(new URL('../../docs/sia.md', import.meta.url), 'utf8');
const section = page.slice(page.indexOf('## Receiver'), page.indexOf('## Test vectors'));

test(
  'docs/sia.md: the site-file example and the nc commands get the ACK the page shows',
  {
    skip: peerSkip(ncMissing()),
    timeout: 60_000,
  },
  async () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(yaml, 'the site-file example');
    const commands = [...section.matchAll(/^(printf .* \| nc .*)$/gm)].map((m) => m[1] as string);
    assert.equal(commands.length, 2, 'a TCP and a UDP command');
    const shownAck = /Each prints the ACK, `(.*?)`/
      .exec(section)?.[1]
      ?.replace('\\n', '\n')
      .replace('\\r', '\r');
    assert.equal(shownAck, '\n1BC10012"ACK"0001L0#1234[]\r');

    const file = join(root, 'site.yaml');
    writeFileSync(
      file,
      `site: {id: yard, name: Yard, tz: UTC}\ndevices:\n  - {id: pir-1, profile: pir-detector}\n${yaml}`,
    );
    process.env.PANEL_5678_KEY = '00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF';
    const { site, diagnostics } = loadSite(file, PROTOCOLS);
    assert.ok(site, JSON.stringify(diagnostics));
    const servers = serverSettingsOf(
      PROTOCOLS,
      site,
      { siaPort: 0, modbus: false, bacnet: false, ocpp: false, mqtt: false },
      { host: '127.0.0.1' },
    );
    assert.deepEqual(servers.problems, []);
    const server = await startServer({
      site,
      dataDir: join(root, 'data'),
      sqlite: { acceptNewDatabase: true },
      clock: new VirtualClock(T0),
      seed: 1,
      log: { info() {}, warn() {}, error() {} },
      http: null,
      plugins: PROTOCOLS,
      servers: servers.settings,
      env: { POINTYARD_ADMIN_PASSWORD: 'a long test password' },
      stopGraceMs: 250,
    });
    try {
      const address = server.endpoints.find((e) => e.name === 'sia')?.address ?? '';
      const port = address.split(':').at(-1) as string;
      for (const command of commands) {
        // As the page says, with the port this test's receiver took and the raw answer instead of od's dump.
        const run = command.replace(' 12300', ` ${port}`).replace(/ \| od -c$/, '');
        const out = await new Promise<string>((resolve, reject) =>
          execFile('sh', ['-c', run], { timeout: 10_000, encoding: 'latin1' }, (err, stdout) =>
            err ? reject(err) : resolve(stdout),
          ),
        );
        assert.equal(out, shownAck, run);
      }
    } finally {
      await server.stop();
    }
  },
);
