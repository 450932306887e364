// sites/demo-ocpp-chargers.yaml as its comment says to run it: the demo in one `pointyard start`, the annex
// in another pointed at the demo's CSMS (its URL rewritten to the free port the demo got). Both annex
// chargers boot on the demo's CSMS and show OCPP Connection CONNECTED.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { adminApi, runPointyard, until } from './ocpp-pointyard-run.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-annex-'));
after(() => rmSync(root, { recursive: true, force: true }));

test("the annex's chargers are charge points of the demo's CSMS", async (t) => {
  const demo = await runPointyard(join(root, 'demo'), 'demo');
  t.after(() => demo.stop());
  assert.ok(demo.ocppUrl, demo.output.join('\n'));
  const site = join(root, 'annex.yaml');
  const text = readFileSync('sites/demo-ocpp-chargers.yaml', 'utf8');
  assert.ok(text.includes('url: ws://127.0.0.1:9000/ocpp,'), 'the site points at the demo');
  writeFileSync(site, text.replace('url: ws://127.0.0.1:9000/ocpp,', `url: ${demo.ocppUrl},`));
  const annex = await runPointyard(join(root, 'annex'), site);
  t.after(() => annex.stop());
  assert.ok(
    annex.output.some((l) => l.includes(`2 simulated chargers → ${demo.ocppUrl}`)),
    annex.output.join('\n'),
  );

  const demoApi = await adminApi(demo.url);
  const annexApi = await adminApi(annex.url);
  for (const id of ['annex-ev-1', 'annex-ev-2']) {
    await until(
      `${id} connected`,
      () => annexApi.curVal(`lyon-confluence-annex.${id}.ocpp-connection`),
      (v) => v === 'CONNECTED',
    );
    const log = await demoApi.post('chargerMessages', `ver:"3.0"\nchargePoint\n"${id}"\n`);
    const boot = log.find((m) => m.direction === 'in' && m.action === 'BootNotification');
    assert.ok(boot, `the demo's CSMS got ${id}'s boot`);
  }
});
