// The EV Charger Level 2 behaviour (behaviour.md, "EV Charger Level 2"; docs/behaviour.md): an
// IEC 61851 mode-3 AC charger with OCPP 1.6 semantics. Each step applies the faults, Remote Stop and the
// connector lock, moves the session on, takes arriving cars, then computes the electrics and publishes
// the points and the signals the car park reads.

import type { Value } from '../../core/value.js';
import type { Point } from '../../points/model.js';
import type { Behaviour, DeviceContext } from '../behaviour.js';
import { relinquishDefault } from '../defaults.js';
import { NO_EVENTS } from '../shared/event-log.js';
import { takeArrivals } from './arrivals.js';
import { offeredCurrent } from './electrics.js';
import { FAULTS, updateFaults } from './faults.js';
import { measure } from './measure.js';
import { applyRequests, readLink } from './ocpp-link.js';
import { readParameters } from './parameters.js';
import { publish } from './publish.js';
import { advanceSession, endTransaction } from './session.js';
import { createState, type EvChargerState } from './state.js';

const REMOTE_STOP = 'remote-stop';

/** Remote Stop ends the open transaction (OCPP RemoteStopTransaction); it is logged either way. */
function remoteStop(ctx: DeviceContext, s: EvChargerState, now: number, id: string): void {
  const point = ctx.device.profile.points.find((x) => x.id === id);
  const hadSession = s.phase === 'charging';
  s.log.add('action', id, `${point?.name ?? id} (${point?.action ?? 'run'}) ran`, {
    session: hadSession ? 'ended' : 'none',
  });
  if (id === REMOTE_STOP) endTransaction(s, now, 'Remote Stop', 'session-end', 'Remote');
}

/** Logs a load-management pause once it stops a flowing current, and the resumption after it. */
function announcePause(s: EvChargerState, offered: number, shareA: number): void {
  if (offered === 0 && !s.suspended && s.currentA > 0) {
    s.suspended = true;
    const message = `Charging paused: the current allowed is below ${s.p.minCurrentA} A`;
    s.log.add('charging-suspended', 'output-current', message, { shareA });
  } else if (offered > 0 && s.suspended) {
    s.suspended = false;
    s.log.add('charging-resumed', 'output-current', `Charging resumed at ${offered.toFixed(1)} A`);
  }
}

/** Load management applies: Load Management Enable is ENABLE and Charge Mode is SMART. */
function isManaged(commands: Record<string, Value>): boolean {
  return commands['load-management-enable'] !== false && commands['charge-mode'] !== 'NORMAL';
}

export const evChargerBehaviour: Behaviour<EvChargerState> = {
  name: 'ev-charger',
  faults: FAULTS,

  init(ctx, rng, now, counters) {
    const s = createState(ctx, readParameters(ctx), rng, now, counters);
    s.result = { state: s, outputs: s.outputs, events: NO_EVENTS, signals: s.signals };
    return s;
  },

  step(ctx, s, inputs, dt, rng) {
    const now = inputs.now;
    const p = s.p;
    const c = inputs.commands;
    const sw = s.switches;
    sw.enabled = c['charge-enable'] !== false;
    sw.locked = c['connector-lock'] !== false;
    const link = readLink(s, inputs.signals);
    const limit = c['max-current-limit'];
    const written = typeof limit === 'number' ? limit : p.maxCurrentA;
    // A charging profile lowers the limit (NaN: none, and `<` is false for it).
    const limitA = link.limitA < written ? link.limitA : written;
    const managed = isManaged(c);

    updateFaults(s, inputs.faults, now, rng, link);
    for (const id of inputs.actions) remoteStop(ctx, s, now, id);
    if (inputs.requests && inputs.requests.length > 0) applyRequests(s, now, inputs.requests);
    // Connector Lock written UNLOCK during a transaction ends it first, as OCPP UnlockConnector does.
    if (!sw.locked) endTransaction(s, now, 'Connector Lock written UNLOCK', 'session-end', 'UnlockCommand');
    advanceSession(s, now, link, rng);
    if (dt > 0) takeArrivals(s, now, sw, inputs.signals, rng);
    if (s.phase === 'charging' && s.energyKwh >= s.targetKwh)
      endTransaction(s, now, 'energy target reached', 'session-complete', 'EVDisconnected');

    // Current flows only in a transaction, with Charge Enable ENABLE and no fault.
    const delivering = s.phase === 'charging' && sw.enabled && !s.groundFault;
    // What the car would draw without load management: a charging profile is load management too, so the
    // demand the car park shares out is taken before it (else a profile of 0 A would hold the demand at 0).
    const demandA = delivering ? Math.min(written, s.vehicleMaxA, p.maxCurrentA) : 0;
    let offered = 0;
    if (delivering) {
      // A charge point gets its share as a charging profile (ocppLimitA), not from the car park directly.
      const direct = managed && !link.attached;
      const share = direct ? (inputs.signals.get(s.keys.limitA) ?? Number.NaN) : Number.NaN;
      offered = offeredCurrent(limitA, s.vehicleMaxA, p.maxCurrentA, share, p.minCurrentA);
      announcePause(s, offered, direct ? share : limitA);
    }
    measure(s, now, dt, offered, rng);
    publish(s, now, managed, demandA);

    const result = s.result as NonNullable<EvChargerState['result']>;
    result.events = s.log.take();
    return result;
  },

  /**
   * Connector Lock rests on LOCK (the charger locks the cable for each transaction by itself) and Max Current
   * Limit on the hardware max; anything else, or a default the site file gives, as for every device.
   */
  relinquishDefault(ctx: DeviceContext, point: Point): Value {
    const defaults = ctx.device.parameters.defaults;
    const configured = defaults !== null && typeof defaults === 'object' && point.id in defaults;
    if (!configured && point.id === 'connector-lock') return true;
    if (!configured && point.id === 'max-current-limit') return readParameters(ctx).maxCurrentA;
    return relinquishDefault(ctx, point);
  },

  counters(s) {
    return { 'rfid-read-count': s.rfidReads, 'plugins-seen': s.pluginsSeen, 'meter-wh': s.meterWh };
  },

  onDemand(_ctx, s, point) {
    return s.outputs[point.id] ?? 0;
  },
};
