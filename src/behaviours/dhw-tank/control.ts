// Which heaters run. The primary heater follows its thermostat on the control sensor (hysteresis around the
// effective setpoint); the backup heater joins when the setpoint is not reached in time, replaces a failed
// primary, and runs during a legionella cycle, with its own thermostat on its own layer. Heating Enable,
// the schedule, a sensor failure and the safety cut-out stop them; a stuck thermostat runs the primary anyway.

import type { EventLog } from '../shared/event-log.js';
import type { FaultFlags } from './faults.js';
import type { DhwParameters } from './parameters.js';
import { thermostat } from './thermostat.js';

export interface Heaters {
  /** The primary thermostat calls for heat. */
  primaryCall: boolean;
  /** The backup's own thermostat calls for heat. */
  backupCall: boolean;
  /** Heaters delivering heat now. */
  primaryRun: boolean;
  backupRun: boolean;
  /** How long the primary has been calling with heating allowed, s. */
  callS: number;
  backupEngaged: boolean;
  /** The manual-reset safety cut-out has opened (on overheating); reset when the tank is repaired. */
  cutoutTripped: boolean;
}

export interface ControlContext {
  heatingEnabled: boolean;
  /** Schedule Enable on and now outside every window. */
  outsideSchedule: boolean;
  setpointC: number;
  legionella: boolean;
  faults: FaultFlags;
  /** Rounded control-sensor reading, °C. */
  controlC: number;
  primaryLayerC: number;
  backupLayerC: number;
  hottestC: number;
  /** The primary heater was held back by its limit in the last substep: the water it reaches is at it. */
  primaryAtLimit: boolean;
}

/** Temperature the running heaters stop at (the cap of their heat within a substep). */
export function heaterLimitC(c: ControlContext, p: DhwParameters): number {
  return c.legionella ? p.legionellaTargetC : c.setpointC;
}

/** Decides the heaters for the next substep, after `h` seconds of the last. */
export function updateHeaters(
  hs: Heaters,
  c: ControlContext,
  h: number,
  p: DhwParameters,
  events: EventLog,
): void {
  const overheated = c.hottestC >= p.safetyCutoutC - 1e-6 || (hs.primaryRun && c.primaryAtLimit);
  if (c.faults.thermostat && !hs.cutoutTripped && overheated) {
    hs.cutoutTripped = true;
    events.add('cutout', null, `Safety cut-out tripped at ${p.safetyCutoutC} °C: heaters locked out`);
  } else if (hs.cutoutTripped && !c.faults.thermostat) {
    hs.cutoutTripped = false;
    events.add('cutout-reset', null, 'Safety cut-out reset');
  }
  const allowed =
    c.heatingEnabled && !c.faults.sensor && !hs.cutoutTripped && (c.legionella || !c.outsideSchedule);
  const hasBackup = p.backupKw > 0;
  let engaged: boolean;
  if (c.legionella) {
    hs.primaryCall = thermostat(
      hs.primaryCall,
      c.primaryLayerC,
      p.legionellaTargetC,
      p.legionellaHysteresisK,
    );
    hs.backupCall = thermostat(hs.backupCall, c.backupLayerC, p.legionellaTargetC, p.legionellaHysteresisK);
    hs.callS = 0;
    engaged = hasBackup;
  } else {
    hs.primaryCall = thermostat(hs.primaryCall, c.controlC, c.setpointC, p.hysteresisK);
    hs.callS = hs.primaryCall && allowed ? hs.callS + h : 0;
    const late = hs.callS >= p.backupDelayMin * 60;
    engaged = hasBackup && hs.primaryCall && (c.faults.heater || late);
    if (engaged && !hs.backupEngaged && late && !c.faults.heater) {
      events.add('backup', null, `Setpoint not reached in ${p.backupDelayMin} min: backup heater engaged`);
    }
    hs.backupCall = engaged && thermostat(hs.backupCall, c.backupLayerC, c.setpointC, p.hysteresisK);
  }
  hs.backupEngaged = engaged;
  hs.primaryRun =
    !c.faults.heater && ((allowed && hs.primaryCall) || (c.faults.thermostat && !hs.cutoutTripped));
  hs.backupRun = allowed && engaged && hs.backupCall;
}
