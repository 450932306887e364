// One step of the charger's physics: the current the car draws, the supply voltage, the power factor and
// frequency, the active power computed from exactly the values published, the session energy and the
// enclosure temperature. Results go into the state's measured fields.

import type { Rng } from '../../core/rng.js';
import { round } from '../shared/rounding.js';
import { activePowerKw, powerFactorAt, rampCurrent, supplyVoltage } from './electrics.js';
import { moveNoise } from './grid-noise.js';
import { AMBIENT_EVERY_MS, type EvChargerState } from './state.js';
import { ambientAt, lagTowards } from './thermal.js';

/** Rounds down to hundredths: a measured current never reads above the offer. */
const floor2 = (x: number) => Math.floor(x * 100) / 100;

export function measure(s: EvChargerState, now: number, dt: number, offeredA: number, rng: Rng): void {
  const p = s.p;
  s.currentA = rampCurrent(s.currentA, offeredA, p.currentRampAps, dt, p.minCurrentA);
  // The car draws a little under what it is offered.
  const drawn = s.currentA > 0 ? s.currentA - Math.abs(rng.gaussian()) * p.currentNoiseA : 0;
  const current = drawn > 0 ? floor2(drawn) : 0;

  if (now - s.noiseAt >= p.gridUpdateS * 1000) {
    moveNoise(s.noise, s.noiseFigures, (now - s.noiseAt) / 1000, rng);
    s.noiseAt = now;
  }
  const [vLo, vHi] = s.voltageRange;
  const voltage = round(
    supplyVoltage(
      p.nominalVoltageV,
      s.noise.voltage,
      p.voltageDropPct / 100,
      current,
      p.maxCurrentA,
      p.voltageBandPct / 100,
      vLo,
      vHi,
    ),
    1,
  );
  // The onboard charger's power factor depends on its own load; with no current the meter reads 1.
  const pf =
    current > 0
      ? round(
          Math.min(
            p.powerFactorMax,
            Math.max(
              p.powerFactorMin,
              powerFactorAt(current, p.minCurrentA, s.vehicleMaxA, p.powerFactorLow, p.powerFactorFull) +
                s.noise.powerFactor,
            ),
          ),
          3,
        )
      : 1;
  const power = round(activePowerKw(p.phases, voltage, current, pf), 3);
  const band = p.frequencyBandHz;
  s.outputCurrentA = current;
  s.voltageV = voltage;
  s.powerFactor = pf;
  s.powerKw = power;
  s.frequencyHz = round(p.frequencyHz + Math.min(band, Math.max(-band, s.noise.frequency)), 3);
  if (s.phase === 'charging') {
    const kwh = (power * dt) / 3600;
    s.energyKwh += kwh;
    s.meterWh += kwh * 1000;
  }

  if (now - s.ambientAt >= AMBIENT_EVERY_MS) {
    s.ambientC = ambientAt(p.ambientC, p.ambientSwingK, p.ambientPeakHour, s.local.hourOfDay(now));
    s.ambientAt = now;
  }
  if (dt > 0)
    s.temperatureC = lagTowards(
      s.temperatureC,
      s.ambientC + p.heatRiseKPerKw * power,
      dt,
      p.thermalTimeConstantMin * 60,
    );
}
