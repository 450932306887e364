// A point's status (ok, stale, fault, down, disabled, unknown) and alarms as BACnet shows them: Status_Flags,
// Reliability, Event_State and Out_Of_Service.
import type { PointStatus } from '../../../core/point-status.js';
import { EventState, Reliability, statusFlagsOf } from '../codec/index.js';

export interface PointHealth {
  /** BACnetStatusFlags: in-alarm, fault, overridden, out-of-service (shared by every read: frozen). */
  readonly statusFlags: boolean[];
  readonly reliability: number;
  readonly eventState: number;
  readonly outOfService: boolean;
}

/** Reliability of each status: a device not answering (down) or never read (unknown) is a communication failure. */
const RELIABILITY: Record<PointStatus, number> = {
  ok: Reliability.NO_FAULT_DETECTED,
  stale: Reliability.NO_FAULT_DETECTED,
  disabled: Reliability.NO_FAULT_DETECTED,
  fault: Reliability.UNRELIABLE_OTHER,
  down: Reliability.COMMUNICATION_FAILURE,
  unknown: Reliability.COMMUNICATION_FAILURE,
};

function healthOf(status: PointStatus, inAlarm: boolean): PointHealth {
  const reliability = RELIABILITY[status];
  const fault = reliability !== Reliability.NO_FAULT_DETECTED;
  const outOfService = status === 'disabled';
  return Object.freeze({
    statusFlags: Object.freeze(
      statusFlagsOf({ inAlarm, fault, overridden: false, outOfService }),
    ) as boolean[],
    reliability,
    eventState: fault ? EventState.FAULT : inAlarm ? EventState.OFFNORMAL : EventState.NORMAL,
    outOfService,
  });
}

/** Every status out of alarm, and in alarm: made once, read for each object of each answer. */
const HEALTH = {} as Record<PointStatus, readonly [PointHealth, PointHealth]>;
for (const status of Object.keys(RELIABILITY) as PointStatus[])
  HEALTH[status] = [healthOf(status, false), healthOf(status, true)];

export function pointHealth(status: PointStatus, inAlarm: boolean): PointHealth {
  return HEALTH[status][inAlarm ? 1 : 0];
}
