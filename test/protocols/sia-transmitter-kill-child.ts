// Child process of the transmitter's kill test: a transmitter over a SQLite store in <data dir>, sending to a
// receiver on 127.0.0.1:<port>. `emit`: raises burglary alarms for zones 1, 2, 3… (one a turn, at most 3000)
// until it is killed; `resume`: raises none, prints `drained` once the queue is empty, closes and exits.
// Usage: <data dir> <port> emit|resume

import { RealClock } from '../../src/core/clock.js';
import { startTransmitter } from '../../src/protocols/sia/transmitter/transmitter.js';
import { transmitterSettings } from '../../src/protocols/sia/transmitter/transmitter-settings.js';
import type { Site } from '../../src/site/model.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { EventSource, quietLog } from './sia-transmitter-rig.js';

const [dir, port, mode] = process.argv.slice(2);
if (!dir || !port || (mode !== 'emit' && mode !== 'resume'))
  throw new Error('usage: sia-transmitter-kill-child.ts <data dir> <port> emit|resume');
const store = new SqliteStore(dir);
const events = new EventSource();
const { settings, problems } = transmitterSettings(
  {
    receivers: { primary: { host: '127.0.0.1', port: Number(port) } },
    account: '1234',
    ackTimeoutMs: 500,
    maxBackoffMs: 50,
  },
  {} as Site,
  {},
);
if (!settings) throw new Error(problems.join('; '));
const tx = await startTransmitter(
  {
    clock: new RealClock(),
    alarmReports: store.alarmReports,
    simulation: {
      simulated: () => true,
      request: () => null,
      setSignal: () => {},
      signal: () => undefined,
      followEvents: (l) => events.followEvents(l),
    },
  },
  settings,
  quietLog,
);
process.stdout.write('ready\n');
if (mode === 'emit') {
  for (let zone = 1; zone <= 3000; zone++) {
    events.sia('pir-1', zone, 'BA');
    await new Promise((resolve) => setImmediate(resolve));
  }
} else {
  const end = Date.now() + 60_000;
  while ((await store.alarmReports.accounts()).length > 0 && Date.now() < end)
    await new Promise((resolve) => setTimeout(resolve, 5));
  process.stdout.write('drained\n');
  await tx.close();
  await store.close();
}
