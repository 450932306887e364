// A charge point in a process of its own, for the kill -9 test: a SQLite store in the folder given, a
// virtual clock, the scripted charger. It reads one JSON command a line on stdin (begin, resume, advance,
// end, status) and answers each with one JSON line: whether it is online, its transaction id, how many
// messages are queued and the charger's energy register.
//   node --import tsx test/interop/ocpp-charge-point-process.ts <data folder> <CSMS url> <id> <time> <Wh>
import { createInterface } from 'node:readline';
import { VirtualClock } from '../../src/core/clock.js';
import { ChargePoint } from '../../src/protocols/ocpp/charge-point/charge-point.js';
import type { StopReason } from '../../src/protocols/ocpp/charge-point/host.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ScriptedCharger } from './ocpp-charge-point-support.js';

const [dir, url, id, time, registerWh] = process.argv.slice(2) as [string, string, string, string, string];
const clock = new VirtualClock(Number(time));
const charger = new ScriptedCharger(clock, Number(registerWh));
const store = new SqliteStore(dir);
const settings = { url, id, vendor: 'Pointyard', model: 'EV', reconnectMinMs: 250, reconnectMaxMs: 1000 };
const cp = await ChargePoint.open({ settings, host: charger, clock, store: store.outbox });
charger.cp = cp;
cp.start();

type Command = { op: string; idTag?: string; powerW?: number; ms?: number; reason?: StopReason };

async function run(c: Command): Promise<void> {
  if (c.op === 'begin') await charger.begin(c.idTag as string, c.powerW);
  else if (c.op === 'resume') charger.resume(c.powerW as number);
  else if (c.op === 'advance') clock.advance(c.ms as number);
  else if (c.op === 'end') await charger.end(c.reason as StopReason);
}

// One command at a time, in order.
let chain = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  chain = chain.then(async () => {
    await run(JSON.parse(line) as Command);
    const pending = (await store.outbox.pending(id)).length;
    const state = {
      online: cp.online,
      transactionId: cp.transactionId ?? null,
      pending,
      energyWh: charger.energyWh,
    };
    process.stdout.write(`${JSON.stringify(state)}\n`);
  });
});
process.stdout.write('ready\n');
