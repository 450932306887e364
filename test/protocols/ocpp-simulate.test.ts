// OCPP under `simulate`: the built-in CSMS and the simulated chargers linked in memory (memory-link.ts). The
// CSMS decides the cards (a card not on its list is refused), the data set is the same run after run, and the
// in-memory link checks messages against OCPP 1.6's schemas as the WebSocket one does.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { memoryLink } from '../../src/protocols/ocpp/memory-link.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { simulate } from '../../src/simulate/simulation.js';
import { loadSiteText } from '../../src/site/load.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-sim-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The cards the chargers' drivers present in turn (their default idTags). */
const TEN_CARDS = `[${Array.from({ length: 10 }, (_, i) => `RFID-${String(i + 1).padStart(4, '0')}`).join(', ')}]`;

function site(idTags: string) {
  const text = `
site: { id: ocpp-sim, name: OCPP sim, tz: UTC }
devices:
  - id: ev-1
    profile: ev-charger-level-2
    parameters: { randomFaults: false, rfidFailureRate: 0, arrivalsPerDay: 40, rfidMaxAttempts: 1, dwellMinH: 0.3, dwellMaxH: 0.6 }
server:
  ocpp: { port: 0, idTags: ${idTags}, chargers: { meterValueSampleInterval: 60 } }
`;
  const loaded = loadSiteText(text, 'ocpp-sim.yaml', root, PROTOCOLS);
  if (!loaded.site) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.site;
}

async function run(name: string, idTags: string) {
  const outDir = join(root, name);
  await simulate({
    site: site(idTags),
    seed: '7',
    start: Date.UTC(2026, 0, 5, 6),
    durationMs: 6 * 3600_000,
    outDir,
  });
  return {
    events: readFileSync(join(outDir, 'events.csv'), 'utf8'),
    history: readFileSync(join(outDir, 'history.csv'), 'utf8'),
  };
}

test('the CSMS in memory authorizes the cards on its list; the same data set each run', async () => {
  const a = await run('a', TEN_CARDS);
  const b = await run('b', TEN_CARDS);
  assert.equal(a.events, b.events);
  assert.equal(a.history, b.history);
  const presented = a.events.split('\n').filter((l) => l.includes(',rfid-presented,')).length;
  const started = a.events.split('\n').filter((l) => l.includes(',session-start,')).length;
  assert.ok(presented >= 2, `cards sent to the CSMS: ${presented}`);
  assert.equal(started, presented, 'each card on the list starts a session');
});

test('a card the CSMS does not know is refused', async () => {
  const { events } = await run('unknown', '[]');
  const lines = events.split('\n');
  assert.ok(lines.some((l) => l.includes(',rfid-presented,')));
  assert.equal(lines.filter((l) => l.includes(',session-start,')).length, 0);
  assert.ok(lines.some((l) => l.includes(',rfid-refused,')));
});

test('the in-memory link checks calls and answers against OCPP 1.6 and answers CALLERRORs', async () => {
  let csmsEnd: ReturnType<typeof memoryLink> | null = null;
  const cp = memoryLink('CP-1', (end) => {
    csmsEnd = end;
    end.handle('Heartbeat', () => ({ currentTime: '2026-01-05T00:00:00Z' }));
    end.handle('Authorize', () => ({ idTagInfo: { status: 'Maybe' } }));
  });
  const frames: string[] = [];
  cp.on('message', ({ message }: { message: string }) => frames.push(message));
  await cp.connect();
  assert.ok(csmsEnd);
  assert.deepEqual(await cp.call('Heartbeat', {}), { currentTime: '2026-01-05T00:00:00Z' });
  await assert.rejects(cp.call('Authorize', {}), /idTag/, 'a call the schema refuses never leaves');
  await assert.rejects(cp.call('Authorize', { idTag: 'X' }), (err: Error & { rpcErrorCode?: string }) => {
    // An answer the schema refuses comes back as a CALLERROR.
    assert.ok(err.rpcErrorCode);
    return true;
  });
  await assert.rejects(cp.call('DataTransfer', { vendorId: 'x' }), /Unable to handle 'DataTransfer'/);
  assert.match(frames[0] ?? '', /^\[2,"1","Heartbeat",\{\}\]$/);
  await cp.close();
  await assert.rejects(cp.call('Heartbeat', {}), /not connected/);
});
