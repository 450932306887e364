// One call per PDU kind from a service choice and its octets to the decoded service: what the router and
// the client connector use. A service this codec does not know gives null, which a server answers with
// Reject unrecognized-service (confirmed) or ignores (unconfirmed).
import { ConfirmedService, UnconfirmedService } from '../enums.js';
import type { Decoded } from '../result.js';
import { type CovNotification, decodeCovNotification } from './cov-notification.js';
import { decodeIAm, type IAm } from './i-am.js';
import { decodeIHave, type IHave } from './i-have.js';
import {
  decodeReadProperty,
  decodeReadPropertyAck,
  type ReadPropertyAck,
  type ReadPropertyRequest,
} from './read-property.js';
import {
  decodeReadPropertyMultiple,
  decodeReadPropertyMultipleAck,
  type ReadAccessResult,
  type ReadAccessSpecification,
} from './read-property-multiple.js';
import { decodeSubscribeCov, type SubscribeCovRequest } from './subscribe-cov.js';
import { decodeSubscribeCovProperty, type SubscribeCovPropertyRequest } from './subscribe-cov-property.js';
import { type DateTime, decodeTimeSynchronization } from './time-synchronization.js';
import { decodeWhoHas, type WhoHas } from './who-has.js';
import { decodeWhoIs, type WhoIs } from './who-is.js';
import { decodeWriteProperty, type WritePropertyRequest } from './write-property.js';
import { decodeWritePropertyMultiple, type WriteAccessSpecification } from './write-property-multiple.js';

export type ConfirmedRequest =
  | { service: 'read-property'; request: ReadPropertyRequest }
  | { service: 'read-property-multiple'; request: ReadAccessSpecification[] }
  | { service: 'write-property'; request: WritePropertyRequest }
  | { service: 'write-property-multiple'; request: WriteAccessSpecification[] }
  | { service: 'subscribe-cov'; request: SubscribeCovRequest }
  | { service: 'subscribe-cov-property'; request: SubscribeCovPropertyRequest }
  | { service: 'confirmed-cov-notification'; request: CovNotification };

export type UnconfirmedRequest =
  | { service: 'who-is'; request: WhoIs }
  | { service: 'i-am'; request: IAm }
  | { service: 'who-has'; request: WhoHas }
  | { service: 'i-have'; request: IHave }
  | { service: 'unconfirmed-cov-notification'; request: CovNotification }
  | { service: 'time-synchronization'; request: DateTime }
  | { service: 'utc-time-synchronization'; request: DateTime };

export type ComplexAckBody =
  | { service: 'read-property'; ack: ReadPropertyAck }
  | { service: 'read-property-multiple'; ack: ReadAccessResult[] };

/** Wraps a decoded body as one member of a union, or passes the failure on. */
function as<K extends string, F extends string, T, U>(service: K, field: F, d: Decoded<T>): Decoded<U> {
  return d.ok ? { ok: true, value: { service, [field]: d.value } as U } : d;
}

/** A Confirmed-Request's service; null for a service this codec does not decode. */
export function decodeConfirmedRequest(service: number, body: Uint8Array): Decoded<ConfirmedRequest> | null {
  switch (service) {
    case ConfirmedService.READ_PROPERTY:
      return as('read-property', 'request', decodeReadProperty(body));
    case ConfirmedService.READ_PROPERTY_MULTIPLE:
      return as('read-property-multiple', 'request', decodeReadPropertyMultiple(body));
    case ConfirmedService.WRITE_PROPERTY:
      return as('write-property', 'request', decodeWriteProperty(body));
    case ConfirmedService.WRITE_PROPERTY_MULTIPLE:
      return as('write-property-multiple', 'request', decodeWritePropertyMultiple(body));
    case ConfirmedService.SUBSCRIBE_COV:
      return as('subscribe-cov', 'request', decodeSubscribeCov(body));
    case ConfirmedService.SUBSCRIBE_COV_PROPERTY:
      return as('subscribe-cov-property', 'request', decodeSubscribeCovProperty(body));
    case ConfirmedService.CONFIRMED_COV_NOTIFICATION:
      return as('confirmed-cov-notification', 'request', decodeCovNotification(body));
    default:
      return null;
  }
}

/** An Unconfirmed-Request's service; null for a service this codec does not decode. */
export function decodeUnconfirmedRequest(
  service: number,
  body: Uint8Array,
): Decoded<UnconfirmedRequest> | null {
  switch (service) {
    case UnconfirmedService.WHO_IS:
      return as('who-is', 'request', decodeWhoIs(body));
    case UnconfirmedService.I_AM:
      return as('i-am', 'request', decodeIAm(body));
    case UnconfirmedService.WHO_HAS:
      return as('who-has', 'request', decodeWhoHas(body));
    case UnconfirmedService.I_HAVE:
      return as('i-have', 'request', decodeIHave(body));
    case UnconfirmedService.UNCONFIRMED_COV_NOTIFICATION:
      return as('unconfirmed-cov-notification', 'request', decodeCovNotification(body));
    case UnconfirmedService.TIME_SYNCHRONIZATION:
      return as('time-synchronization', 'request', decodeTimeSynchronization(body));
    case UnconfirmedService.UTC_TIME_SYNCHRONIZATION:
      return as('utc-time-synchronization', 'request', decodeTimeSynchronization(body));
    default:
      return null;
  }
}

/** A ComplexACK's service body (the whole body, after any segments are put back together). */
export function decodeComplexAckBody(service: number, body: Uint8Array): Decoded<ComplexAckBody> | null {
  switch (service) {
    case ConfirmedService.READ_PROPERTY:
      return as('read-property', 'ack', decodeReadPropertyAck(body));
    case ConfirmedService.READ_PROPERTY_MULTIPLE:
      return as('read-property-multiple', 'ack', decodeReadPropertyMultipleAck(body));
    default:
      return null;
  }
}
