// Child process of the alarm reports' kill test: queues reports for two accounts, acknowledges some, logs
// received ones, in bursts, into a SQLite store, and prints one line per call only after its promise
// resolved (`q <seq> <account>`, `a <seq>`, `r <id>`), until it is killed. Usage: <data dir>
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: alarm-reports-kill-child.ts <data dir>');
const reports = new SqliteStore(dir).alarmReports;
const T0 = 1_780_000_000_000;
const queued: number[] = [];
process.stdout.write('ready\n');
for (let i = 0; ; i += 8) {
  // A burst in one turn: several synced commits under way at once when the kill comes.
  const burst = Array.from({ length: 8 }, (_, k) => i + k);
  await Promise.all(
    burst.map(async (n) => {
      if (n % 4 === 3 && queued.length > 0) {
        const seq = queued.shift() as number;
        if (await reports.acknowledged(seq, 'primary', T0 + n)) process.stdout.write(`a ${seq}\n`);
        return;
      }
      if (n % 4 === 2) {
        const logged = await reports.record({
          receivedAt: T0 + n,
          account: '1234',
          receiver: 'R1',
          line: 'L1',
          sequence: (n % 9999) + 1,
          code: 'BA',
          zone: String(n),
          text: '',
          eventTime: T0 + n,
          remote: '127.0.0.1:50322',
          transport: 'tcp',
          encrypted: false,
          frame: `frame ${n}`,
        });
        process.stdout.write(`r ${logged.id}\n`);
        return;
      }
      const account = n % 2 === 0 ? '1234' : '5678';
      const code = 'BA';
      const seq = await reports.enqueue(account, {
        code,
        zone: String(n),
        text: '',
        time: T0 + n,
        device: 'pir',
        point: null,
      });
      queued.push(seq);
      process.stdout.write(`q ${seq} ${account}\n`);
    }),
  );
}
