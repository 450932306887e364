// Child process of the history durability benchmark: a site recording history in real time into a SQLite
// store, journaling every `journalMs` (0: never), until it is killed. Prints `ready` once running.
// Usage: history-crash-child.ts <data dir> <journalMs>
import { RealClock } from '../src/core/clock.js';
import { Runtime } from '../src/runtime/runtime.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { benchSite } from './sites.js';

const [dir, journalMs] = process.argv.slice(2);
if (!dir || journalMs === undefined) throw new Error('usage: history-crash-child.ts <data dir> <journalMs>');
const runtime = await Runtime.open({
  site: benchSite(20),
  store: new SqliteStore(dir),
  clock: new RealClock(),
  seed: 1,
  recordHistory: true,
  historyJournalEveryMs: Number(journalMs),
});
runtime.start();
process.stdout.write('ready\n');
