// Interop, kill -9: the charge point runs in a process of its own (SQLite store in a temporary folder)
// against ts-ocpp's CentralSystem; the CSMS stops mid-session, the charger meters on, the process is killed
// with SIGKILL and started again on the same folder, the CSMS comes back: every transaction message is
// delivered once, in order, and the CSMS's transaction has the charger's energy.
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { ForeignCsms, skipWithoutTsOcpp as skip, until } from './ocpp-charge-point-support.js';

const T0 = Date.UTC(2026, 0, 5, 8);
const ID = 'CP-KILLED';
const root = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-kill-'));
after(() => rmSync(root, { recursive: true, force: true }));

interface State {
  online: boolean;
  transactionId: number | null;
  pending: number;
  energyWh: number;
}

/** The charge point's process: send it a command, get its state back. */
class ChargePointProcess {
  private readonly answers: string[] = [];
  private readonly lines: Interface;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout });
    this.lines.on('line', (line) => this.answers.push(line));
  }

  static async start(url: string, time: number, registerWh: number): Promise<ChargePointProcess> {
    const args = ['--import', 'tsx', 'test/interop/ocpp-charge-point-process.ts'];
    const child = spawn(process.execPath, [
      ...args,
      join(root, 'data'),
      url,
      ID,
      String(time),
      String(registerWh),
    ]);
    const p = new ChargePointProcess(child);
    await until(() => p.answers.includes('ready'), 'the charge point process to start', 20_000);
    p.answers.length = 0;
    return p;
  }

  async send(command: object): Promise<State> {
    const before = this.answers.length;
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
    await until(() => this.answers.length > before, `the answer to ${JSON.stringify(command)}`);
    return JSON.parse(this.answers[before] as string) as State;
  }

  /** Polls the state (advancing the clock by `ms` each time) until `ok`. */
  async until(ok: (s: State) => boolean, what: string, ms = 0): Promise<void> {
    let state = await this.send({ op: 'advance', ms: 0 });
    const end = Date.now() + 10_000;
    while (!ok(state)) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state)}`);
      state = await this.send({ op: 'advance', ms });
    }
  }

  kill(): Promise<unknown> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    return exited;
  }
}

describe('OCPP charge point killed with SIGKILL', { skip }, () => {
  test('no transaction message lost or sent twice across a CSMS outage and a kill -9', async (t) => {
    const received: ForeignCsms['received'] = [];
    let csms = await new ForeignCsms(received).start();
    const port = csms.port;
    let cp = await ChargePointProcess.start(csms.url, T0, 1_000_000);
    t.after(async () => {
      await cp.kill();
      await csms.close();
    });
    await cp.until((s) => s.online, 'the boot');
    await cp.send({ op: 'begin', idTag: 'TAG-K', powerW: 12_000 });
    await cp.until((s) => s.transactionId === 100, 'the transaction id');
    await cp.send({ op: 'advance', ms: 60_000 });
    await until(() => csms.from(ID, 'MeterValues').length === 1, 'the first sample');

    await csms.close();
    await cp.until((s) => !s.online, 'the link to be lost');
    await cp.send({ op: 'advance', ms: 60_000 });
    await cp.until((s) => s.pending === 1, 'the queued sample');
    await cp.kill();

    // Started again on the same folder, the charger charging on from its register (12 kW for 2 min).
    cp = await ChargePointProcess.start(`ws://127.0.0.1:${port}/ocpp`, T0 + 120_000, 1_000_400);
    await cp.send({ op: 'resume', powerW: 12_000 });
    const resumed = await cp.send({ op: 'advance', ms: 60_000 });
    assert.equal(resumed.transactionId, 100, 'the transaction kept its id across the kill');
    await cp.send({ op: 'end', reason: 'Local' });
    await cp.until((s) => s.pending === 3, 'three queued messages');

    csms = await new ForeignCsms(received, 200).start(port);
    await cp.until((s) => s.online && s.pending === 0, 'the delivery after the reconnection', 250);

    const messages = csms
      .from(ID)
      .filter((r) => ['StartTransaction', 'MeterValues', 'StopTransaction'].includes(r.action));
    assert.deepEqual(
      messages.map((r) => `${r.action} ${r.payload.transactionId ?? r.payload.idTag}`),
      [
        'StartTransaction TAG-K',
        'MeterValues 100',
        'MeterValues 100',
        'MeterValues 100',
        'StopTransaction 100',
      ],
    );
    const samples = messages.map((r) => JSON.stringify(r.payload));
    assert.equal(new Set(samples).size, samples.length, 'no message twice');
    const start = messages[0]?.payload.meterStart as number;
    const stop = messages[4]?.payload.meterStop as number;
    assert.equal(stop - start, 600, "the charger's 12 kW for 3 min");
  });
});
