// One request PDU → its response PDU: unit (0B), function (01), request checks (03, 02), then the point
// store for reads and the one write path for writes (every point checked before any is written, so a
// multi-point write is all or nothing). Reads answer at once; writes when the write path has committed.

import type {
  Logger,
  PointsService,
  Role,
  WriteError,
  WriteErrorMap,
  WriteRequest,
  WritesService,
} from '../../runtime/services/services.js';
import { COIL_ON, EXCEPTION, type ExceptionCode, FC, LIMITS, type OfflineException } from './constants.js';
import { readDeviceId } from './device-id.js';
import { type ModbusFault, readBits, readRegisters } from './read-tables.js';
import { decodeRequest, isRefusal } from './requests.js';
import { encodeBits, encodeException, encodeRegisters, encodeWriteAnswer } from './responses.js';
import type { UnitBinding } from './units.js';
import { type PointWrite, planBitWrite, planRegisterWrite } from './write-tables.js';

export type ModbusLogger = Logger & { debug?(obj: object | string, msg?: string): void };

export interface RequestHandlerOptions {
  units: Array<UnitBinding | undefined>;
  /** Identification objects of each unit (FC 43/14). */
  identities: Map<number, Map<number, Buffer>>;
  points: Pick<PointsService, 'read' | 'entry'>;
  /** The one write path; its System Enable is written last in a request, so that the others are checked as they will be written. */
  writes: Pick<WritesService, 'check' | 'write' | 'writesAtAll' | 'systemEnableKey'>;
  /** Writes are not served (exception 01). */
  readOnly: boolean;
  /** Priority level of every write (1–16). */
  priority: number;
  /** The role every write is made with: a viewer writes nothing (exception 01), an operator no admin's point (02). */
  role: Role;
  /** Answer to a read of a point with no current value (its real device down or not read yet); 0B. */
  offlineException?: OfflineException;
  log?: ModbusLogger;
}

/** Write path refusals in Modbus terms. */
const EXCEPTION_OF: WriteErrorMap<ExceptionCode> = {
  'unknown-point': EXCEPTION.illegalDataAddress,
  'read-only': EXCEPTION.illegalDataAddress,
  'bad-type': EXCEPTION.illegalDataValue,
  'out-of-range': EXCEPTION.illegalDataValue,
  'bad-enum': EXCEPTION.illegalDataValue,
  'bad-action': EXCEPTION.illegalDataValue,
  rejected: EXCEPTION.illegalDataValue,
  // A point this master's role may not write is, for it, a point that cannot be written.
  forbidden: EXCEPTION.illegalDataAddress,
  'bad-level': EXCEPTION.serverDeviceFailure,
  'bad-duration': EXCEPTION.serverDeviceFailure,
  disabled: EXCEPTION.serverDeviceFailure,
  'store-failed': EXCEPTION.serverDeviceFailure,
  stopping: EXCEPTION.serverDeviceBusy,
};

const WRITE_FUNCTIONS = new Set<number>([
  FC.writeSingleCoil,
  FC.writeSingleRegister,
  FC.writeMultipleCoils,
  FC.writeMultipleRegisters,
]);

export class RequestHandler {
  /** Scratch space of reads: one request at a time uses it, synchronously. */
  private readonly registers = new Uint16Array(LIMITS.readRegisters);
  private readonly bits = new Uint8Array(LIMITS.readBits);

  constructor(private readonly options: RequestHandlerOptions) {}

  /** The response to `pdu` sent to `unitId` by `remote` (`address:port`); never throws. */
  handle(unitId: number, pdu: Buffer, remote: string): Buffer | Promise<Buffer> {
    const fc = (pdu[0] as number) & 0x7f;
    try {
      return this.dispatch(unitId, pdu, remote);
    } catch (err) {
      this.options.log?.error({ err, unit: unitId, fc, remote }, 'modbus request failed');
      return encodeException(fc, EXCEPTION.serverDeviceFailure);
    }
  }

  private refuse(fc: number, fault: ModbusFault, unit: number, remote: string, write = false): Buffer {
    const log = this.options.log;
    const details = { unit, fc, exception: fault.exception, remote, reason: fault.message };
    // Refusals are the master's business (its answer says why): at debug, or a fuzzing master floods the log.
    log?.debug?.(details, write ? 'modbus write refused' : 'modbus request refused');
    return encodeException(fc, fault.exception);
  }

  private dispatch(unitId: number, pdu: Buffer, remote: string): Buffer | Promise<Buffer> {
    const fc = (pdu[0] as number) & 0x7f;
    const binding = this.options.units[unitId];
    if (!binding)
      return this.refuse(
        fc,
        { exception: EXCEPTION.gatewayTargetFailedToRespond, message: `no device has unit ${unitId}` },
        unitId,
        remote,
      );
    const noWrites = this.options.readOnly
      ? 'the Modbus server is read-only'
      : this.options.writes.writesAtAll(this.options.role)
        ? null
        : `Modbus masters have the role ${this.options.role}, which writes nothing`;
    if (noWrites && WRITE_FUNCTIONS.has(pdu[0] as number))
      return this.refuse(
        fc,
        { exception: EXCEPTION.illegalFunction, message: noWrites },
        unitId,
        remote,
        true,
      );
    const request = decodeRequest(pdu);
    if (isRefusal(request)) return this.refuse(request.fc, request, unitId, remote, WRITE_FUNCTIONS.has(fc));
    const { points } = this.options;
    switch (request.fc) {
      case FC.readCoils:
      case FC.readDiscreteInputs: {
        const table = request.fc === FC.readCoils ? 'coil' : 'discrete';
        const fault = readBits(
          binding,
          table,
          request.address,
          request.quantity,
          points,
          this.bits,
          this.options.offlineException,
        );
        if (fault) return this.refuse(fc, fault, unitId, remote);
        return encodeBits(fc, this.bits, request.quantity);
      }
      case FC.readHoldingRegisters:
      case FC.readInputRegisters: {
        const table = request.fc === FC.readHoldingRegisters ? 'holding' : 'input';
        const fault = readRegisters(
          binding,
          table,
          request.address,
          request.quantity,
          points,
          this.registers,
          this.options.offlineException,
        );
        if (fault) return this.refuse(fc, fault, unitId, remote);
        return encodeRegisters(fc, this.registers, request.quantity);
      }
      case FC.writeSingleCoil: {
        const plan = planBitWrite(binding, request.address, [request.value]);
        return this.commit(
          fc,
          binding,
          plan,
          remote,
          encodeWriteAnswer(fc, request.address, request.value ? COIL_ON : 0),
        );
      }
      case FC.writeSingleRegister: {
        const plan = planRegisterWrite(binding, request.address, Uint16Array.of(request.value));
        return this.commit(fc, binding, plan, remote, encodeWriteAnswer(fc, request.address, request.value));
      }
      case FC.writeMultipleCoils: {
        const plan = planBitWrite(binding, request.address, request.values);
        return this.commit(
          fc,
          binding,
          plan,
          remote,
          encodeWriteAnswer(fc, request.address, request.values.length),
        );
      }
      case FC.writeMultipleRegisters: {
        const plan = planRegisterWrite(binding, request.address, request.values);
        return this.commit(
          fc,
          binding,
          plan,
          remote,
          encodeWriteAnswer(fc, request.address, request.values.length),
        );
      }
      case FC.encapsulatedInterface: {
        const objects = this.options.identities.get(unitId) ?? new Map();
        const answer = readDeviceId(objects, request.code, request.objectId);
        return Buffer.isBuffer(answer) ? answer : this.refuse(fc, answer, unitId, remote);
      }
    }
  }

  /** Checks every point write, then writes them all in one turn (one commit); `echo` once committed. */
  private commit(
    fc: number,
    binding: UnitBinding,
    plan: PointWrite[] | ModbusFault,
    remote: string,
    echo: Buffer,
  ): Buffer | Promise<Buffer> {
    if (!Array.isArray(plan)) return this.refuse(fc, plan, binding.unit, remote, true);
    const { writes, points, priority, role } = this.options;
    const { systemEnableKey } = writes;
    const requests: WriteRequest[] = plan.map((w) => ({
      key: points.entry(w.index).key,
      value: w.value,
      level: priority,
      who: 'modbus',
      role,
      via: 'modbus',
      remote,
    }));
    for (const request of requests) {
      const refused = writes.check(request);
      if (refused) return this.refuse(fc, this.faultOf(refused), binding.unit, remote, true);
    }
    if (requests.length === 0) return echo;
    requests.sort((a, b) => Number(a.key === systemEnableKey) - Number(b.key === systemEnableKey));
    return Promise.all(requests.map((r) => writes.write(r))).then(
      (results) => {
        const failed = results.find((r) => !r.ok);
        if (failed && !failed.ok) return this.refuse(fc, this.faultOf(failed), binding.unit, remote, true);
        return echo;
      },
      (err: unknown) => {
        this.options.log?.error({ err, unit: binding.unit, fc, remote }, 'modbus write failed');
        return encodeException(fc, EXCEPTION.serverDeviceFailure);
      },
    );
  }

  private faultOf(error: WriteError): ModbusFault {
    return { exception: EXCEPTION_OF[error.code], message: error.message };
  }
}
