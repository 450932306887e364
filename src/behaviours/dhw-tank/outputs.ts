// What the tank publishes, from its state at the end of a step, and the events of status changes.

import { round } from '../shared/rounding.js';
import { anodeStatus } from './anode.js';
import { storedJoules } from './layers.js';
import { legionellaStatus } from './legionella.js';
import type { DhwState } from './state.js';
import { flowNow } from './tapping.js';

/** Most the return is below the supply, K (the loop's design limit). */
const MAX_LOOP_LOSS_K = 5;

/** Tank Status: FAULT on any fault of the tank, OFF with heating disabled, HEATING while a heater runs. */
export function tankStatus(s: DhwState): 'HEATING' | 'STANDBY' | 'OFF' | 'FAULT' {
  const f = s.faults;
  if (f.heater || f.thermostat || f.sensor || f.valve) return 'FAULT';
  if (!s.commands.heatingEnabled) return 'OFF';
  return s.heaters.primaryRun || s.heaters.backupRun ? 'HEATING' : 'STANDBY';
}

function faultNames(s: DhwState): string {
  const f = s.faults;
  const names = [
    f.heater ? 'heater failure' : '',
    f.thermostat ? 'thermostat stuck' : '',
    f.sensor ? `${s.k.p.controlSensor} sensor failure` : '',
    f.valve ? 'safety valve stuck open' : '',
  ];
  return names.filter((x) => x !== '').join(', ');
}

/** Supply and return of the distribution loop: the top less the pipe drop, then less the loop loss. */
function supplyAndReturn(s: DhwState): [number, number] {
  const p = s.k.p;
  const scale = Math.max(0, (s.readings.top - p.ambientC) / p.loopDesignDeltaK);
  const supply = s.readings.top - p.supplyDropK * scale;
  return [supply, supply - Math.min(MAX_LOOP_LOSS_K, p.loopLossK * scale)];
}

/** The failed control sensor holds its last reading; the others read their layers. */
function shown(s: DhwState, name: 'top' | 'middle' | 'bottom'): number {
  const frozen = s.readings.controlFrozenC;
  return !Number.isNaN(frozen) && s.k.p.controlSensor === name ? frozen : s.readings[name];
}

export function writeOutputs(s: DhwState, now: number): void {
  const { outputs: o, heaters, k, events, last } = s;
  const p = k.p;
  const [supply, ret] = supplyAndReturn(s);
  o['tank-top-temperature'] = shown(s, 'top');
  o['tank-middle-temperature'] = shown(s, 'middle');
  o['tank-bottom-temperature'] = shown(s, 'bottom');
  o['supply-temperature'] = round(supply, 1);
  o['return-temperature'] = round(ret, 1);
  o['flow-rate'] = round(flowNow(s.taps), 1);
  o['tank-pressure'] = round(s.valve.pressureBar, 2);
  o['energy-stored'] = round(storedJoules(s.layers, p.coldWaterC) / 3.6e6, 3);
  o.volume = p.volumeL;
  o['heating-power'] = (heaters.primaryRun ? p.heaterKw : 0) + (heaters.backupRun ? p.backupKw : 0);
  o['heating-status'] = heaters.backupRun ? 'BACKUP' : heaters.primaryRun ? 'PRIMARY' : 'OFF';
  o['high-temperature-alarm'] = s.alarms.high;
  o['low-temperature-alarm'] = s.alarms.low;
  o['communication-status'] = s.faults.communication ? 'FAULT' : 'OK';

  const tank = tankStatus(s);
  if (tank === 'FAULT' && last.tank !== 'FAULT')
    events.add('tank-fault', 'tank-status', `Tank fault: ${faultNames(s)}`);
  if (tank !== 'FAULT' && last.tank === 'FAULT')
    events.add('tank-fault-cleared', 'tank-status', 'Tank fault cleared');
  o['tank-status'] = last.tank = tank;

  const legionella = legionellaStatus(s.legionella, now, p);
  if (legionella === 'REQUIRED' && last.legionella !== 'REQUIRED') {
    events.add(
      'legionella-required',
      'legionella-status',
      `Legionella cycle required: none completed in ${p.legionellaIntervalDays} days`,
    );
  }
  o['legionella-status'] = last.legionella = legionella;

  const anode = anodeStatus(s.counters.anodeHours, p);
  if (anode !== last.anode) {
    events.add(
      'anode',
      'anode-status',
      `Anode ${anode === 'WORN' ? 'worn' : 'to replace'} after ${Math.round(s.counters.anodeHours)} h`,
    );
  }
  o['anode-status'] = last.anode = anode;

  o['safety-valve-status'] = s.faults.valve ? 'FAULT' : s.valve.open ? 'OPEN' : 'OK';
}
