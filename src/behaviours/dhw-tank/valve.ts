// Tank pressure and the safety valve. The water gained by expansion since the tank was last at network
// pressure goes into the expansion vessel and raises the pressure (pressure.ts). A draw takes its first
// litres from the vessel, so the pressure falls back to network pressure; water that contracts is made up
// from the network. Above its opening pressure the valve opens and lets water out (at full lift it holds
// the pressure at 110 % of its setting) until the pressure is below its reseat pressure.

import { meanTemperature, replaceBottom } from './layers.js';
import { excessAt, expansionL, pressureBar } from './pressure.js';
import type { DhwState } from './state.js';

/** Full lift of a safety valve: 10 % over its set pressure (EN ISO 4126-1). */
const FULL_LIFT = 1.1;

/** Gas in the vessel at network pressure, L: almost none once it has lost its charge (waterlogged). */
function gasL(s: DhwState): number {
  const gas = s.k.vessel.gasAtNetworkL;
  return s.faults.vessel ? gas * s.k.p.failedVesselGasFraction : gas;
}

/** Water let out over `h` seconds (relief, or a stuck valve passing), replaced by cold water at the bottom. */
export function discharge(s: DhwState, h: number): void {
  const p = s.k.p;
  const litres = s.faults.valve ? (p.valveLeakLpm * h) / 60 : s.valve.open ? (p.reliefFlowLpm * h) / 60 : 0;
  if (litres <= 0) return;
  if (!s.faults.valve) s.valve.releasedL += litres;
  s.energy.discharge += replaceBottom(s.layers, litres, p.coldWaterC);
}

/** Pressure after a substep in which `drawnL` litres were drawn, and the valve's hysteresis. */
export function updatePressure(s: DhwState, drawnL: number): void {
  const { k, valve, events } = s;
  const p = k.p;
  const expansion = expansionL(p.volumeL, k.fillDensity, meanTemperature(s.layers));
  if (s.faults.valve) {
    // A passing valve lets every bit of expansion out: the tank stays at network pressure.
    valve.releasedL = Math.max(0, expansion);
    valve.open = false;
    valve.pressureBar = p.networkPressureBar;
    return;
  }
  valve.releasedL += Math.min(Math.max(0, expansion - valve.releasedL), drawnL);
  if (expansion < valve.releasedL) valve.releasedL = Math.max(0, expansion);
  const gas = gasL(s);
  let bar = pressureBar(k.vessel, gas, expansion - valve.releasedL);
  const fullLift = FULL_LIFT * p.reliefOpenBar;
  if (bar > fullLift) {
    const litres = expansion - excessAt(k.vessel, gas, fullLift) - valve.releasedL;
    valve.releasedL += litres;
    s.energy.discharge += replaceBottom(s.layers, litres, p.coldWaterC);
    bar = fullLift;
  }
  // The gauge reads to 0.01 bar; the valve's thresholds are compared with that reading.
  valve.pressureBar = Math.round(bar * 100) / 100;
  if (valve.open && valve.pressureBar < p.reliefReseatBar) {
    valve.open = false;
    events.add(
      'safety-valve',
      'safety-valve-status',
      `Safety valve closed at ${valve.pressureBar.toFixed(2)} bar`,
    );
  } else if (!valve.open && valve.pressureBar > p.reliefOpenBar) {
    valve.open = true;
    events.add(
      'safety-valve',
      'safety-valve-status',
      `Safety valve opened at ${valve.pressureBar.toFixed(2)} bar`,
    );
  }
}
