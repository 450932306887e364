// The held commands: System Enable (off: maintenance), Emergency Mode (barriers open, exits free) and
// Tariff Profile (the tariff pricing the next exits). Each change is logged.

import type { Value } from '../../core/value.js';
import type { BehaviourEvent } from '../behaviour.js';
import type { ParkingState } from './state.js';

export function applyCommands(
  s: ParkingState,
  commands: Record<string, Value>,
  events: BehaviourEvent[],
): void {
  const enabled = commands['system-enable'] !== false;
  if (enabled !== s.enabled) {
    s.enabled = enabled;
    events.push(
      enabled
        ? { kind: 'maintenance-ended', point: 'system-enable', message: 'System enabled: back in service' }
        : {
            kind: 'maintenance',
            point: 'system-enable',
            message: 'System disabled: maintenance, simulation and drivers paused',
          },
    );
  }
  const emergency = commands['emergency-mode'] === true;
  if (emergency !== s.emergency) {
    s.emergency = emergency;
    events.push(
      emergency
        ? {
            kind: 'emergency',
            point: 'emergency-mode',
            message: 'Emergency Mode: barriers open, exits free and logged',
          }
        : {
            kind: 'emergency-ended',
            point: 'emergency-mode',
            message: 'Emergency Mode ended: barriers closed',
          },
    );
  }
  const written = commands['tariff-profile'];
  const wanted = typeof written === 'string' && written !== '' ? written : s.p.tariff;
  if (wanted === s.tariffCommand) return;
  s.tariffCommand = wanted;
  const tariff = s.p.tariffs.get(wanted);
  // A name no longer configured (a priority array saved before the site file changed): the default applies.
  const next = tariff ?? s.p.tariffs.get(s.p.tariff);
  if (!next || next === s.tariff) return;
  s.tariff = next;
  events.push({
    kind: 'tariff',
    point: 'tariff-profile',
    message: tariff
      ? `Tariff profile ${next.name} applies to the next exits`
      : `Tariff profile '${wanted}' is not configured: ${next.name} applies`,
  });
}
