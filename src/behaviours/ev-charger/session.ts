// The session life cycle of one connector (IEC 61851 mode 3 with OCPP 1.6 semantics):
//   idle → (car arrives) plugged → (card presented) authorizing → (accepted) charging
//        → (energy delivered, Remote Stop, UNLOCK, ground fault, end of stay) finished → (cable removed) idle
// A refused card is presented again after a while; after the last refusal the driver leaves.

import type { Rng } from '../../core/rng.js';
import type { OcppLinkInputs, StopReason } from './ocpp-terms.js';
import type { EvChargerState } from './state.js';
import { drawVehicle } from './vehicle.js';

const RFID_MAX = 999_999;

const kwh = (x: number) => x.toFixed(2);
const minutes = (ms: number) => Math.round(ms / 60_000);

/** Plugs a new car in: Cable Connected, a fresh session of 0 kWh. */
export function plugIn(s: EvChargerState, now: number, rng: Rng): void {
  const v = drawVehicle(s.p, rng);
  s.phase = 'plugged';
  s.pluggedAt = now;
  s.vehicleMaxA = v.maxCurrentA;
  s.targetKwh = v.targetKwh;
  s.leaveAt = now + v.dwellMs;
  s.unplugAt = Number.POSITIVE_INFINITY;
  s.rfidAt = now + v.rfidDelayMs;
  s.authDoneAt = Number.POSITIVE_INFINITY;
  s.attempts = 0;
  s.transaction = false;
  // Drivers' cards in turn (no random draw: the random stream of a site stays as it was before id tags).
  s.idTag = s.p.idTags[s.pluginsAt % s.p.idTags.length] as string;
  s.pluginsAt++;
  s.authAnswer = null;
  s.energyKwh = 0;
  s.currentA = 0;
  s.suspended = false;
  s.log.add('vehicle-arrived', 'cable-connected', 'Vehicle plugged in', {
    vehicleMaxCurrentA: v.maxCurrentA,
    targetKwh: Math.round(v.targetKwh * 100) / 100,
    stayMin: minutes(v.dwellMs),
  });
}

/** Ends an open transaction (the connector unlocks); the car stays until its driver comes back. */
export function endTransaction(
  s: EvChargerState,
  now: number,
  reason: string,
  kind = 'session-end',
  ocppReason: StopReason = 'Local',
): void {
  if (s.phase !== 'charging') return;
  s.phase = 'finished';
  s.unplugAt = Math.max(now, s.leaveAt);
  s.currentA = 0;
  s.log.add(kind, 'session-status', `Charging session ended: ${reason}, ${kwh(s.energyKwh)} kWh`, {
    reason,
    energyKwh: Math.round(s.energyKwh * 1000) / 1000,
    minutes: minutes(now - s.pluggedAt),
    idTag: s.idTag,
    ocppReason,
    meterStopWh: Math.round(s.meterWh),
  });
}

/** Opens the transaction for the car at the connector (the card accepted, or a remote start). */
export function startTransaction(s: EvChargerState, now: number, how: string): void {
  if (!s.switches.locked) {
    // Connector Lock is held at UNLOCK: the cable cannot be locked, so no transaction can start.
    s.phase = 'finished';
    s.unplugAt = now + s.p.unplugDelayS * 1000;
    s.log.add('session-refused', 'session-status', `${how} but Connector Lock is UNLOCK: no charging`);
    return;
  }
  s.phase = 'charging';
  s.transaction = true;
  s.meterStartWh = Math.round(s.meterWh);
  s.log.add('session-start', 'session-status', 'Charging session started', {
    rfidAttempts: s.attempts,
    idTag: s.idTag,
    meterStartWh: s.meterStartWh,
  });
}

/** Cancels a session before its transaction opened (a fault while the card is awaited or checked). */
export function abortBeforeTransaction(s: EvChargerState, now: number): void {
  if (s.phase !== 'plugged' && s.phase !== 'authorizing') return;
  if (s.authStatus === 'PENDING') s.authStatus = 'FAILED';
  s.phase = 'finished';
  s.unplugAt = Math.max(now, s.leaveAt);
}

/**
 * The card is presented: RFID Read Count +1, RFID Auth Status PENDING. A charge point online asks its central
 * system (`rfid-presented`: its agent sends Authorize) and waits for the answer up to `authTimeoutS`.
 */
function presentCard(s: EvChargerState, now: number, link: OcppLinkInputs): void {
  s.rfidReads = Math.min(RFID_MAX, s.rfidReads + 1);
  s.attempts++;
  s.authStatus = 'PENDING';
  s.phase = 'authorizing';
  s.authDoneAt = now + s.p.authTimeS * 1000;
  s.authAnswer = null;
  s.authWaitUntil = 0;
  if (link.attached && link.online) {
    s.authWaitUntil = now + s.p.authTimeoutS * 1000;
    s.log.add('rfid-presented', 'rfid-auth-status', `RFID card ${s.idTag} presented`, { idTag: s.idTag });
  }
}

/**
 * The card's answer: the central system's when it gave one, else the local authorization list's (a card
 * refused at `rfidFailureRate`).
 */
function decide(s: EvChargerState, now: number, rng: Rng): void {
  const p = s.p;
  const refused = s.authAnswer !== null ? s.authAnswer === 'refused' : rng.chance(p.rfidFailureRate);
  if (refused) {
    s.authStatus = 'FAILED';
    if (s.attempts < p.rfidMaxAttempts) {
      s.phase = 'plugged';
      s.rfidAt = now + p.rfidRetryS * 1000;
      s.log.add('rfid-refused', 'rfid-auth-status', `RFID card refused (attempt ${s.attempts})`);
    } else {
      s.phase = 'finished';
      s.unplugAt = now + p.unplugDelayS * 1000;
      s.log.add(
        'rfid-refused',
        'rfid-auth-status',
        `RFID card refused ${s.attempts} times: the driver leaves`,
      );
    }
    return;
  }
  s.authStatus = 'SUCCESS';
  startTransaction(s, now, 'Card accepted');
}

/** Moves the session on its clock: the card, its answer, the end of the stay, the cable's removal. */
export function advanceSession(s: EvChargerState, now: number, link: OcppLinkInputs, rng: Rng): void {
  if (s.phase === 'idle') return;
  if (now >= s.leaveAt && (s.phase === 'plugged' || s.phase === 'charging')) {
    // The driver is back: an open transaction is stopped, then the cable comes out.
    if (s.phase === 'charging')
      endTransaction(s, now, 'stopped by the driver leaving', 'session-end', 'Local');
    s.phase = 'finished';
    s.unplugAt = now + s.p.unplugDelayS * 1000;
  }
  if (s.phase === 'plugged' && now >= s.rfidAt) presentCard(s, now, link);
  // The answer is awaited for at least the card reader's own time, and from a central system up to its timeout.
  const answered = s.authAnswer !== null || now >= s.authWaitUntil;
  if (s.phase === 'authorizing' && now >= s.authDoneAt && answered) decide(s, now, rng);
  if (s.phase === 'finished' && now >= s.unplugAt) {
    s.phase = 'idle';
    s.log.add('vehicle-left', 'cable-connected', `Cable removed after ${minutes(now - s.pluggedAt)} min`, {
      energyKwh: Math.round(s.energyKwh * 1000) / 1000,
    });
    s.energyKwh = 0;
    s.transaction = false;
    s.leaveAt = Number.POSITIVE_INFINITY;
    s.unplugAt = Number.POSITIVE_INFINITY;
  }
}
