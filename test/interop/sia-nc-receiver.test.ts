// docs/sia.md's "Pointing it at a third-party receiver", tried as a new user would: a listening `nc` (OpenBSD
// netcat) as the receiver, with the page's command, and a whole Pointyard (a real `pointyard start` process)
// whose transmitter points at it. A tamper fault on pir-1 reaches `nc` as a DC-09 frame whose CRC, length,
// account and event check out; `nc` answers nothing, so the same message comes again (the event stays queued).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeFrame } from '../../src/protocols/sia/codec/frame.js';
import { adminOf, until } from '../protocols/sia-pointyard-rig.js';
import { freePort } from '../support/mosquitto.js';
import { ncMissing } from '../support/netcat.js';
import { peerSkip } from '../support/peers.js';
import { startPointyard } from '../support/running-pointyard.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-nc-receiver-'));
after(() => rmSync(root, { recursive: true, force: true }));
const page = readFileSync(new URL('../../docs/sia.md', import.meta.url), 'utf8');
const section = page.slice(
  page.indexOf('### Pointing it at a third-party receiver'),
  page.indexOf('## Test vectors'),
);

test(
  'docs/sia.md: a listening nc receives the transmitter’s frames, sent again while unanswered',
  { skip: peerSkip(ncMissing()), timeout: 120_000 },
  async () => {
    const command = /\n(nc -lk [^\n|]*)\| tr '\\r' '\\n'\n/.exec(section)?.[1];
    assert.ok(command, 'the nc command of the page');
    // The page's `tr` makes each frame a line on a terminal; into a pipe it would hold its output back in its
    // buffer: here the CRs are turned into line ends as it reads.
    const port = await freePort();
    const nc: ChildProcess = spawn('sh', ['-c', `exec ${command.trim().replace('12301', String(port))}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let heard = '';
    nc.stdout?.on('data', (chunk: Buffer) => {
      heard += chunk.toString('latin1').replaceAll('\r', '\n');
    });
    const site = join(root, 'yard.yaml');
    writeFileSync(
      site,
      [
        'site: {id: yard, name: Yard, tz: UTC}',
        'devices:',
        '  - {id: pir-1, profile: pir-detector, parameters: {armedSchedule: never, randomFaults: false}}',
        'server:',
        '  sia:',
        '    transmitter:',
        `      receivers: {primary: {host: 127.0.0.1, port: ${port}}}`,
        '      perZone: {base: "1000", zones: [1]}',
        '      ackTimeoutMs: 2000',
        '',
      ].join('\n'),
    );
    const yard = await startPointyard(join(root, 'data'), { site });
    try {
      await (await adminOf(yard)).fault('pir-1', 'tamper');
      // `tr` turns each frame's CR into a line end: a frame is a line that starts with its CRC.
      const frames = () => heard.split('\n').filter((line) => /^[0-9A-F]{4}0[0-9A-F]{3}"/.test(line));
      const tampers = () => frames().filter((line) => line.includes('/TA'));
      await until(
        () => `a tamper frame sent twice; nc heard:\n${heard}`,
        async () => tampers().length >= 2,
        60_000,
      );
      const [first, again] = tampers() as [string, string];
      // The same message (sequence, account, event), timestamped anew at each sending as DC-09 wants.
      const body = (frame: string) => frame.slice(8).replace(/_[0-9:,-]+$/, '');
      assert.equal(body(again), body(first), 'unanswered: the same message again');
      const decoded = decodeFrame(`\n${first}\r`);
      assert.ok(decoded.ok, `a valid DC-09 frame: ${first}`);
      assert.equal(decoded.frame.token, 'SIA-DCS');
      assert.equal(decoded.frame.account, '1001');
      assert.match(decoded.frame.data ?? '', /^#1001\|Nri1\/TA001$/);
      assert.match(first, /\[ITamper alarm\]\[LPIR Detector #1\]\[H/, 'the extended data the page shows');
      assert.equal(await yard.stop(), 0);
    } finally {
      await yard.stop('SIGKILL');
      if (nc.pid) process.kill(-nc.pid, 'SIGKILL');
    }
  },
);
