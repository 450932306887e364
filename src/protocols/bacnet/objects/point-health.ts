// A point's status (ok, stale, fault, down, disabled, unknown) and alarms as BACnet shows them: Status_Flags,
// Reliability, Event_State and Out_Of_Service.
import type { PointStatus } from '../../../core/point-status.js';
import { EventState, Reliability, statusFlagsOf } from '../codec/index.js';

export interface PointHealth {
  /** BACnetStatusFlags: in-alarm, fault, overridden, out-of-service. */
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

export function pointHealth(status: PointStatus, inAlarm: boolean): PointHealth {
  const reliability = RELIABILITY[status];
  const fault = reliability !== Reliability.NO_FAULT_DETECTED;
  const outOfService = status === 'disabled';
  return {
    statusFlags: statusFlagsOf({ inAlarm, fault, overridden: false, outOfService }),
    reliability,
    eventState: fault ? EventState.FAULT : inAlarm ? EventState.OFFNORMAL : EventState.NORMAL,
    outOfService,
  };
}
