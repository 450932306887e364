// The charge point's meter values on its clock: periodic samples of the transaction under way (every
// MeterValueSampleInterval from its start) and clock-aligned ones (every ClockAlignedDataInterval from
// midnight UTC). A transaction's samples go through the durable outbox; others are sent at once, or dropped
// while the CSMS cannot be reached (OCPP keeps only transaction messages).

import type { TimerHandle } from '../../../core/clock.js';
import type { ChargePointEngine, SampleContext, SampledKey, Sampler } from './engine.js';
import { meterValue, nextAlignedAt, nextSampleAt } from './meter-values.js';

/** The charge point's state key of the register last sent in a transaction's MeterValues, Wh. */
export const LAST_REGISTER_KEY = 'lastRegisterWh';

export class MeterSampler implements Sampler {
  private sampleTimer: TimerHandle | null = null;
  private alignedTimer: TimerHandle | null = null;

  constructor(private readonly cp: ChargePointEngine) {}

  /** (Re)arms the periodic samples: none without a transaction, or with an interval of 0. */
  scheduleSampling(): void {
    this.sampleTimer?.cancel();
    this.sampleTimer = null;
    const cp = this.cp;
    const tx = cp.transaction;
    const interval = cp.config.number('MeterValueSampleInterval');
    if (!tx || interval <= 0 || cp.state === 'stopped') return;
    this.sampleTimer = cp.clock.at(nextSampleAt(tx.startedAt, interval, cp.clock.now()), () => {
      this.sampleTimer = null;
      cp.background('MeterValues', this.send('MeterValuesSampledData', 'Sample.Periodic'));
      this.scheduleSampling();
    });
  }

  /** (Re)arms the clock-aligned samples, in or out of a transaction; none with an interval of 0. */
  scheduleAligned(): void {
    this.alignedTimer?.cancel();
    this.alignedTimer = null;
    const cp = this.cp;
    const interval = cp.config.number('ClockAlignedDataInterval');
    if (interval <= 0 || cp.state === 'stopped') return;
    this.alignedTimer = cp.clock.at(nextAlignedAt(interval, cp.clock.now()), () => {
      this.alignedTimer = null;
      cp.background('MeterValues', this.send('MeterValuesAlignedData', 'Sample.Clock'));
      this.scheduleAligned();
    });
  }

  stop(): void {
    this.sampleTimer?.cancel();
    this.alignedTimer?.cancel();
    this.sampleTimer = null;
    this.alignedTimer = null;
  }

  /** A MeterValues of the measurands of configuration key `key`, now. */
  async send(key: SampledKey, context: SampleContext): Promise<void> {
    const cp = this.cp;
    const value = meterValue(cp.host, cp.config.measurands(key), context, cp.clock.now());
    if (!value) return;
    const tx = cp.transaction;
    if (tx) {
      await cp.queue.add('MeterValues', {
        connectorId: 1,
        transactionId: tx.id ?? tx.localId,
        meterValue: [value],
      });
      // The register as the CSMS last heard it: a transaction ended after a restart never stops below it.
      const register = value.sampledValue.find((v) => v.measurand === 'Energy.Active.Import.Register');
      if (register) await cp.store.saveState(cp.id, new Map([[LAST_REGISTER_KEY, register.value]]));
    } else if (cp.online) {
      await cp
        .call('MeterValues', { connectorId: 1, meterValue: [value] })
        .catch((err: Error) => cp.log(`MeterValues failed: ${err.message}`));
    }
  }
}
