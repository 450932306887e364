// `pointyard start` with a receiver in its site file, as a real process: the banner names where it listens
// (--sia-port 0 picks a port); a panel's frame is acknowledged; a `kill -9` right after the ACK loses
// nothing (the event is in the store's received log); the restarted Pointyard acknowledges the same message
// again as a repeat, keeps it once, and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { TcpPanel, udpExchange } from './sia-receiver-rig.js';
import { receivedReports } from './sia-store-log.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-start-'));
after(() => rmSync(root, { recursive: true, force: true }));
const EXAMPLE = '\n58FE0025"SIA-DCS"0001L0#1234[#1234|Nri1/BA01]\r';
const EXAMPLE_ACK = '\n1BC10012"ACK"0001L0#1234[]\r';

const site = join(root, 'site.yaml');
writeFileSync(
  site,
  [
    'site: {id: alarmed, name: Alarmed, tz: UTC}',
    'devices:',
    '  - {id: pir-1, profile: pir-detector}',
    'server:',
    '  sia:',
    '    receiver:',
    '      accounts: {"1234": {}}',
    '',
  ].join('\n'),
);
const data = join(root, 'data');

/** Starts Pointyard with only the receiver; resolves with the process and the receiver's port (bounded). */
async function start(): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [
      'bin/pointyard.js',
      'start',
      '--site',
      site,
      '--data',
      data,
      '--accept-new-database',
      '--no-http',
      '--no-modbus',
      '--no-bacnet',
      '--no-ocpp',
      '--no-mqtt',
      '--sia-port',
      '0',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  let seen = '';
  for await (const line of createInterface({ input: child.stderr as NodeJS.ReadableStream })) {
    seen += `${line}\n`;
    const m = /^SIA DC-09 receiver: tcp 127\.0\.0\.1:(\d+), udp 127\.0\.0\.1:(\d+)$/.exec(line);
    if (m) {
      clearTimeout(guard);
      assert.equal(m[1], m[2], 'TCP and UDP on one port');
      return { child, port: Number(m[1]), exited };
    }
  }
  clearTimeout(guard);
  throw new Error(`no receiver banner: ${seen}`);
}

const kept = () => receivedReports(data);

test(
  'an ACK survives a kill -9; the restarted receiver takes the repeat once',
  { timeout: 90_000 },
  async () => {
    const first = await start();
    try {
      const panel = await TcpPanel.connect(first.port);
      await panel.write(EXAMPLE);
      assert.deepEqual(await panel.answers(1), [EXAMPLE_ACK]);
      first.child.kill('SIGKILL');
      panel.close();
    } finally {
      first.child.kill('SIGKILL');
    }
    await first.exited;
    const killed = await kept();
    assert.deepEqual(
      killed.map((r) => [r.account, r.zone, r.code, r.transport]),
      [['1234', '01', 'BA', 'tcp']],
      'the acknowledged event is in the store',
    );

    const second = await start();
    try {
      // Had the ACK been lost, the panel would send the message again: here over UDP.
      assert.deepEqual(await udpExchange(second.port, [EXAMPLE], 1), [EXAMPLE_ACK]);
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0);
    } finally {
      second.child.kill('SIGKILL');
    }
    assert.equal((await kept()).length, 1, 'a repeat across the restart is kept once');
  },
);
