// Child process of the crash test: writes through the real write path into a SQLite store in bursts and
// prints one line per acknowledged write, until it is killed. Usage: crash-child.ts <data dir>
import { RealClock } from '../../src/core/clock.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { crashWrite } from './crash-plan.js';
import { makeSite } from './site-fixture.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-child.ts <data dir>');
const store = new SqliteStore(dir);
const runtime = await Runtime.open({
  site: makeSite([['ev', 'ev-charger-level-2']]),
  store,
  clock: new RealClock(),
  seed: 1,
});
process.stdout.write('ready\n');
for (let i = 0; ; ) {
  // Bursts of writes in one turn exercise the group commit; each ack is printed only after it resolves.
  const burst = Array.from({ length: 8 }, () => i++);
  await Promise.all(
    burst.map(async (n) => {
      const w = crashWrite(n);
      const result = await runtime.writes.write({
        key: 'ev.max-current-limit',
        value: w.value,
        level: w.level,
        who: 'crash',
        role: 'admin',
        via: 'test',
      });
      if (!result.ok) throw new Error(result.message);
      process.stdout.write(`${n}\n`);
    }),
  );
}
