// A publisher for the link-level outage test (mqtt-outage-link.test.ts), run as its own process so that the test
// can kill -9 it: ClientLink with a DiskBacklog publishes numbered QoS 1 messages (`pointyard/outage/n`, payload
// the number), five every 10 ms, from the number given. After each batch, once the turn is over (the backlog
// has written what waits), it prints `<last number> <1 when connected, else 0>`; on SIGTERM it closes the link
// cleanly and prints `closed <last number>`.
//   node --import tsx test/interop/mqtt-outage-child.ts <broker url> <backlog folder> <first number>

import { ClientLink } from '../../src/protocols/mqtt/link/client-link.js';
import { DiskBacklog } from '../../src/protocols/mqtt/link/disk-backlog.js';

const [url, dir, fromText] = process.argv.slice(2);
if (!url || !dir || !fromText) throw new Error('usage: mqtt-outage-child.ts <url> <folder> <first number>');
const say = (level: string) => (obj: object | string, msg?: string) =>
  process.stderr.write(`${level} ${msg ?? ''} ${JSON.stringify(obj)}\n`);
const log = { info: say('info'), warn: say('warn'), error: say('error') };
const backlog = DiskBacklog.open(dir, { maxBytes: 100 * 1024 * 1024, maxAgeMs: 3_600_000 }, log);
const link = new ClientLink({
  url,
  clientId: 'pointyard-outage-publisher',
  protocolVersion: 4,
  backlog,
  log,
  retry: { firstMs: 100, lastMs: 500 },
});
void link.start(false);
let next = Number(fromText);
const timer = setInterval(() => {
  for (let i = 0; i < 5; i++)
    link.publish({
      topic: 'pointyard/outage/n',
      payload: Buffer.from(String(next++)),
      qos: 1,
      retain: false,
    });
  const last = next - 1;
  // After the link's own end-of-turn append to the backlog (registered first, so run first).
  setImmediate(() => process.stdout.write(`${last} ${link.connected ? 1 : 0}\n`));
}, 10);
process.once('SIGTERM', () => {
  clearInterval(timer);
  // What waits in the backlog goes out before the close (bounded: 30 s).
  const deadline = Date.now() + 30_000;
  const drained = async () => {
    while ((link.status().backlog?.messages ?? 0) > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
  };
  void drained()
    .then(() => link.close())
    .then(() => {
      backlog.close();
      process.stdout.write(`closed ${next - 1}\n`, () => process.exit(0));
    });
});
