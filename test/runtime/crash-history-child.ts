// Child process of the history crash test: runs a site that records history into a SQLite store on a
// virtual clock it advances by 250 ms for each `step` line on standard input, answering `at <clock>
// <newest sample time>` once the step is done, until it is killed. Usage: crash-history-child.ts <data dir>
import { createInterface } from 'node:readline';
import { VirtualClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeSite, T0 } from './site-fixture.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-history-child.ts <data dir>');
const clock = new VirtualClock(T0);
let newest = Number.NEGATIVE_INFINITY;
const runtime = await Runtime.open({
  site: makeSite([['ev', 'ev-charger-level-2']]),
  store: new SqliteStore(dir),
  clock,
  seed: 1,
  recordHistory: true,
  sampleSinks: [
    (_entry, t) => {
      newest = Math.max(newest, t);
    },
  ],
});
runtime.start();
process.stdout.write(`at ${clock.now()} ${newest}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'step') continue;
  clock.advance(250);
  process.stdout.write(`at ${clock.now()} ${newest}\n`);
}
