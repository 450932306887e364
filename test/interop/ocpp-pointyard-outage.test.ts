// OCPP end to end between two whole Pointyards (`pointyard start` processes, real WebSockets on loopback,
// accelerated 20 times): A runs the CSMS, B's simulated charger is one of its charge points (Basic auth,
// the password from B's environment, its hash in A's site file). A car comes to B's charger, its session
// opens in A's store, then A stops mid-session while B meters on, queuing its transaction messages; A
// comes back (and, in the second test, B is killed with SIGKILL meanwhile and started again on the same
// folder). Every transaction message must reach A once, in order, and A's transaction must have the
// charger's energy.
//
// How it is checked: A's message log (memory: one read before A stops, B frozen with SIGSTOP meanwhile so
// that nothing escapes it, and one after A is back) gives every StartTransaction, MeterValues and
// StopTransaction A received, in order: one start, one stop, samples every MeterValueSampleInterval (no
// gap of two intervals, no repeat). A's store gives the transaction (`chargingSessions`). The charger's
// Energy Delivered (kWh, published every 10 s of clock time) settles on the session's energy once a
// publication follows the stop: meterStop − meterStart (Wh, rounded) must equal it within 1 Wh.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adminApi, until } from './ocpp-pointyard-run.js';
import { CARD } from './ocpp-pointyard-sites.js';
import { SAMPLE_S, type Session, sampleOf, TwoYards, type TxMessage } from './ocpp-pointyard-two-yards.js';

const mv = (ms: TxMessage[]) => ms.filter((m) => m.action === 'MeterValues');

/** Runs B's session until A has seen two samples, then stops A (B frozen while A's log is read). */
async function outage(yards: TwoYards): Promise<{ session: Session; before: TxMessage[] }> {
  const [session] = await until(
    "the session in A's store",
    () => yards.sessions(),
    (s) => s.length === 1,
  );
  assert.equal(session?.idTag, CARD);
  assert.equal(session?.open, true);
  // Right after a sample arrived (the next is an interval away), B is frozen and A's log read.
  const seen = await until(
    'a second sample at A',
    async () => mv(await yards.received()).length,
    (n) => n >= 2,
  );
  await until(
    'the next sample at A',
    async () => mv(await yards.received()).length,
    (n) => n > seen,
  );
  const before = await yards.receivedWithBFrozen();
  await yards.a?.stop();
  yards.a = null;
  yards.resumeB();
  // B meters on: its Energy Delivered passes what A last heard by 0.6 kWh (samples queued: 2 to 3 minutes
  // of clock time at 11 or 22 kW).
  const heard = sampleOf(mv(before).at(-1) as TxMessage).wh - (session?.meterStart as number);
  await until(
    'B to meter on through the outage',
    () => yards.chargerValue('energy-delivered'),
    (kwh) => typeof kwh === 'number' && kwh * 1000 >= heard + 600,
    60_000,
  );
  return { session: session as Session, before };
}

/** Stops the session from A (its `remoteStop` op) once A has it back, and waits for its end in A's store. */
async function stopFromA(yards: TwoYards, id: number): Promise<Session> {
  const a = yards.a;
  assert.ok(a);
  await until(
    'B back on A',
    async () => (await yards.received()).length,
    (n) => n > 0,
  );
  const api = await adminApi(a.url);
  await api.post('remoteStop', `ver:"3.0"\nid\n${id}\n`);
  const sessions = await until(
    "the session's end in A's store",
    () => yards.sessions(),
    (s) => s.every((x) => !x.open),
  );
  assert.equal(sessions.length, 1, `one transaction: ${JSON.stringify(sessions)}`);
  return sessions[0] as Session;
}

/**
 * The checks on what A received: once, in order; the energy the charger's. `restarted`: B was started again,
 * and an accelerated clock starts again from the real time, so the samples' time may go back once, there
 * (and only the samples of one run are an interval apart).
 */
async function checkDelivery(yards: TwoYards, all: TxMessage[], done: Session, restarted: boolean) {
  const reason = restarted ? 'PowerLoss' : 'Remote';
  assert.deepEqual(
    all.map((m) => m.action).filter((a) => a !== 'MeterValues'),
    ['StartTransaction', 'StopTransaction'],
    'one StartTransaction, one StopTransaction',
  );
  assert.equal(all[0]?.action, 'StartTransaction');
  assert.equal(all.at(-1)?.action, 'StopTransaction', 'the stop after every sample');
  assert.equal(all[0]?.payload.meterStart, done.meterStart);
  const stop = all.at(-1)?.payload as Record<string, unknown>;
  assert.equal(stop.transactionId, done.id);
  assert.equal(stop.meterStop, done.meterStop);
  assert.equal(done.reason, reason);
  const samples = mv(all).map((m) => {
    assert.equal(m.payload.transactionId, done.id, 'every sample with the id A gave');
    return sampleOf(m);
  });
  const times = samples.map((s) => Date.parse(s.ts));
  const timeline = samples.map((s) => `${s.ts} ${s.wh}`).join(', ');
  let clockRestarts = 0;
  for (let i = 1; i < samples.length; i++) {
    const gap = (times[i] as number) - (times[i - 1] as number);
    if (gap < 0 && restarted && clockRestarts++ === 0) continue;
    assert.ok(gap > 0, `samples in time order, none twice: ${timeline}`);
    if (!restarted) assert.ok(gap < 1.5 * SAMPLE_S * 1000, `no sample missing (gap ${gap} ms): ${timeline}`);
    assert.ok(
      (samples[i]?.wh as number) >= (samples[i - 1]?.wh as number),
      `the register rises: ${timeline}`,
    );
  }
  const energyWh = (done.meterStop as number) - done.meterStart;
  assert.ok(energyWh >= (samples.at(-1)?.wh as number) - done.meterStart, 'no kWh lost at the stop');
  // After a kill the charger comes back with no session: its Energy Delivered is a new session's.
  if (restarted) return;
  await until(
    `B's Energy Delivered to settle on the transaction's ${energyWh} Wh`,
    () => yards.chargerValue('energy-delivered'),
    (kwh) => typeof kwh === 'number' && Math.abs(kwh * 1000 - energyWh) <= 1,
  );
}

describe('OCPP between two Pointyards: a CSMS outage', () => {
  test('A stops mid-session, B meters on, A comes back: every transaction message once, in order', async (t) => {
    const yards = new TwoYards();
    t.after(() => yards.close()); // also when a start fails
    await yards.start();
    const { session, before } = await outage(yards);
    await yards.startA();
    const done = await stopFromA(yards, session.id);
    const after = await yards.received();
    assert.ok(mv(after).length >= 1, `the samples queued through the outage: ${JSON.stringify(after)}`);
    await checkDelivery(yards, [...before, ...after], done, false);
  });

  // After the kill, B's charger starts again with no car and no session (a simulated charger's session is
  // not kept), while its charge point recovers the open transaction from its outbox: it ends it as a power
  // loss ends one (StopTransaction PowerLoss) at the highest register known, after the queued samples.
  test('… and B is killed with SIGKILL during the outage and started again on its folder', async (t) => {
    const yards = new TwoYards();
    t.after(() => yards.close()); // also when a start fails
    await yards.start();
    const { before } = await outage(yards);
    await yards.b?.stop('SIGKILL');
    yards.b = null;
    await yards.startA();
    await yards.startB();
    const sessions = await until(
      "the recovered transaction's end in A's store",
      () => yards.sessions(),
      (s) => s.length >= 1 && !(s[s.length - 1] as Session).open,
    );
    const done = sessions[sessions.length - 1] as Session;
    const after = await yards.received();
    await checkDelivery(yards, [...before, ...after], done, true);
  });
});
