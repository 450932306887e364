// Answers the handlers share: an Error PDU from a property error, a Reject.
import type { ConfirmedAnswer } from '../application.js';
import { RejectReason } from '../codec/index.js';
import type { PropertyError } from '../objects/property-content.js';

export const errorAnswer = (e: PropertyError): ConfirmedAnswer => ({
  kind: 'error',
  errorClass: e.errorClass,
  errorCode: e.errorCode,
  why: e.why,
});

export const unrecognizedService = (why: string): ConfirmedAnswer => ({
  kind: 'reject',
  reason: RejectReason.UNRECOGNIZED_SERVICE,
  why,
});
