// Two whole Pointyards on loopback for the OCPP outage tests: A runs the CSMS (B's charger known by the hash
// of its password, its driver's card listed), B runs only the charger, a charge point of A. Each is a
// `pointyard start` process on its own data folder, accelerated (`--speed`); the rig stops, kills and
// restarts them on the same folders (A on the same OCPP port, so that B finds it again), and reads what A
// received: its store's sessions and its message log of B's charger.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../src/protocols/ocpp/password-hash.js';
import { adminApi, type PointyardProcess, runPointyard, until } from './ocpp-pointyard-run.js';
import { CHARGER, chargerSite, csmsSite } from './ocpp-pointyard-sites.js';

const PASSWORD = 'yard b charger password';
const SPEED = '20';
/** MeterValueSampleInterval of B's charger, s of clock time (3 s of real time at speed 20). */
export const SAMPLE_S = 60;

/** A transaction message A got from B's charger (a call, in the order of A's message log). */
export interface TxMessage {
  action: 'StartTransaction' | 'MeterValues' | 'StopTransaction';
  payload: Record<string, unknown>;
}

/** A session of A's store (the `chargingSessions` op's row, numbers as plain numbers). */
export interface Session {
  id: number;
  idTag: string;
  meterStart: number;
  meterStop: number | null;
  reason: string | null;
  open: boolean;
}

/** A Hayson number (plain without a unit, `{_kind, val, unit}` with one) as a number. */
const num = (v: unknown) => (typeof v === 'number' ? v : ((v as { val: number } | undefined)?.val ?? null));

export class TwoYards {
  readonly root = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-yards-'));
  a: PointyardProcess | null = null;
  b: PointyardProcess | null = null;
  /** A's OCPP port, kept across its restarts. */
  private ocppPort = '0';
  private siteA = join(this.root, 'yard-a.yaml');
  private siteB = join(this.root, 'yard-b.yaml');

  /** Starts A, then B pointed at A's CSMS. */
  async start(): Promise<this> {
    writeFileSync(this.siteA, csmsSite(await hashPassword(PASSWORD)));
    await this.startA();
    writeFileSync(this.siteB, chargerSite(this.a?.ocppUrl as string, 'YARD_B_OCPP_PASSWORD', SAMPLE_S));
    await this.startB();
    return this;
  }

  async startA(): Promise<void> {
    this.a = await runPointyard(join(this.root, 'a'), this.siteA, {
      args: ['--speed', SPEED, '--ocpp-port', this.ocppPort],
    });
    const url = this.a.ocppUrl;
    if (!url) throw new Error(`A serves no CSMS:\n${this.a.output.join('\n')}`);
    this.ocppPort = new URL(url).port;
  }

  async startB(): Promise<void> {
    this.b = await runPointyard(join(this.root, 'b'), this.siteB, {
      args: ['--speed', SPEED],
      env: { YARD_B_OCPP_PASSWORD: PASSWORD },
    });
  }

  private api(p: PointyardProcess | null) {
    if (!p) throw new Error('that Pointyard is not running');
    return adminApi(p.url);
  }

  /** A's sessions of B's charger, oldest first. */
  async sessions(): Promise<Session[]> {
    const rows = await (await this.api(this.a)).post(
      'chargingSessions',
      `ver:"3.0"\nchargePoint\n"${CHARGER}"\n`,
    );
    return rows
      .map((r) => ({
        id: num(r.id) as number,
        idTag: r.idTag as string,
        meterStart: num(r.meterStart) as number,
        meterStop: num(r.meterStop),
        reason: (r.reason as string | undefined) ?? null,
        open: r.open !== undefined,
      }))
      .reverse();
  }

  /** The transaction messages A received from B's charger since A last started, in order. */
  async received(): Promise<TxMessage[]> {
    const rows = await (await this.api(this.a)).post(
      'chargerMessages',
      `ver:"3.0"\nchargePoint\n"${CHARGER}"\n`,
    );
    return rows
      .filter((r) => r.direction === 'in' && r.type === 'call')
      .filter((r) => ['StartTransaction', 'MeterValues', 'StopTransaction'].includes(r.action as string))
      .map((r) => ({ action: r.action as TxMessage['action'], payload: JSON.parse(r.payload as string) }));
  }

  /** A point of B's charger now (a number's value), e.g. `energy-delivered` in kWh. */
  async chargerValue(point: string): Promise<unknown> {
    const v = await (await this.api(this.b)).curVal(`yard-b.${CHARGER}.${point}`);
    return num(v) ?? v;
  }

  /**
   * What A received from B up to now, B frozen (SIGSTOP) meanwhile so that nothing more comes: read until
   * two reads half a second apart agree (what was on its way when B froze has arrived by then).
   */
  async receivedWithBFrozen(): Promise<TxMessage[]> {
    process.kill(this.b?.pid as number, 'SIGSTOP');
    let last = JSON.stringify(await this.received());
    return until(
      'A to have taken what B sent before it froze',
      async () => {
        await new Promise((r) => setTimeout(r, 500));
        const now = JSON.stringify(await this.received());
        const same = now === last;
        last = now;
        return same ? (JSON.parse(now) as TxMessage[]) : null;
      },
      (v) => v !== null,
      10_000,
    ) as Promise<TxMessage[]>;
  }

  resumeB(): void {
    process.kill(this.b?.pid as number, 'SIGCONT');
  }

  /** Stops both (SIGCONT first: a frozen process takes no SIGTERM) and removes the folders. */
  async close(): Promise<void> {
    if (this.b) {
      try {
        this.resumeB();
      } catch {
        // already gone
      }
    }
    await this.b?.stop();
    await this.a?.stop();
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The register (Energy.Active.Import.Register, Wh) and timestamp of a MeterValues. */
export function sampleOf(m: TxMessage): { ts: string; wh: number } {
  const [value] = m.payload.meterValue as Array<{
    timestamp: string;
    sampledValue: Array<{ measurand?: string; value: string }>;
  }>;
  const register = value?.sampledValue.find((s) => s.measurand === 'Energy.Active.Import.Register');
  return { ts: value?.timestamp as string, wh: Number(register?.value) };
}
