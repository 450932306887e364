// @voltbras/ts-ocpp's CentralSystem (a CSMS no one here wrote; it validates every message against its own
// OCPP 1.6 schemas) behind HTTP Basic auth, recording every request and every validation error: the foreign
// CSMS of the whole-Pointyard test (ocpp-charge-point-support.ts has the wrapper).
import { ForeignCsms, skipWithoutTsOcpp } from './ocpp-charge-point-support.js';

export { skipWithoutTsOcpp };

/** `passwords`: each charge point's Basic password; transaction ids from 1. */
export class BasicAuthCsms extends ForeignCsms {
  constructor(passwords: Record<string, string>) {
    super([], 1, { passwords, recordInvalid: true });
  }
}
