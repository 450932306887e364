// The Modbus side of gateway mode, as the connector framework calls it: a device's points as block reads
// (poll-plan.ts), each block decoded into point values, a command point's value encoded into the write
// that carries it, read back by the registers (or coil) it was written to, and momentary actions as a
// write of 1. The framework owns the link, the status, the polling and the write queue.

import type { ConnectorProtocol, WriteAnswer } from '../../../connectors/protocol.js';
import type { Value } from '../../../core/value.js';
import type { Point } from '../../../points/model.js';
import type { Device } from '../../../site/model.js';
import { ModbusTcpClient } from '../client.js';
import { FC } from '../constants.js';
import type { ModbusSource } from '../device-source.js';
import { modbusAddressOf } from '../modbus-address.js';
import { decodeValue, encodeValue } from '../register-codec.js';
import type { Request } from '../requests.js';
import type { Response } from '../responses.js';
import { type PollBlock, pollPlan } from './poll-plan.js';

/** Why an answer is not a value: an exception or a malformed frame; null when it is one. */
function refusal(response: Response): string | null {
  if (response.kind === 'exception') return `exception ${response.exception}`;
  if (response.kind === 'malformed') return `malformed answer: ${response.message}`;
  return null;
}

export class ModbusDispatch implements ConnectorProtocol<ModbusTcpClient, PollBlock> {
  readonly batches: PollBlock[];
  private readonly pointOf = new Map<string, Point>();

  constructor(
    device: Device,
    private readonly source: ModbusSource,
  ) {
    this.batches = pollPlan(device.profile, source.pollMs);
    for (const p of device.profile.points) this.pointOf.set(p.id, p);
  }

  readonly open = (host: string, port: number) => ModbusTcpClient.connect(host, port, this.source.timeoutMs);

  periodOf(block: PollBlock): number {
    return block.periodMs;
  }

  pointsOf(block: PollBlock): string[] {
    return block.spans.map((s) => s.point.id);
  }

  describe(block: PollBlock): string {
    return `${block.table} ${block.address}+${block.quantity}`;
  }

  async read(client: ModbusTcpClient, block: PollBlock) {
    const { fc, address, quantity } = block;
    const response = await client.request(this.source.unit, { fc, address, quantity });
    const why = refusal(response);
    if (why !== null) return { kind: 'refused' as const, why };
    const values = block.spans.map(
      ({ point, offset }) => [point.id, this.decode(point, response, offset)] as const,
    );
    return { kind: 'values' as const, values };
  }

  unwritable(pointId: string): string | null {
    const table = modbusAddressOf(this.point(pointId)).table;
    return table === 'coil' || table === 'holding' ? null : `not writable on the device (${table})`;
  }

  carried(pointId: string, value: Value): Value {
    const point = this.point(pointId);
    if (modbusAddressOf(point).table === 'coil') return value === true || value === 1;
    const registers = this.encode(point, value);
    return this.decode(point, { kind: 'registers', fc: FC.readHoldingRegisters, registers }, 0) ?? value;
  }

  async write(client: ModbusTcpClient, pointId: string, value: Value): Promise<WriteAnswer> {
    const point = this.point(pointId);
    const { table, address, count } = modbusAddressOf(point);
    const registers = this.encode(point, value);
    const request: Request =
      table === 'coil'
        ? { fc: FC.writeSingleCoil, address, value: value === true }
        : count === 1
          ? { fc: FC.writeSingleRegister, address, value: registers[0] as number }
          : { fc: FC.writeMultipleRegisters, address, values: registers };
    return this.answer(await client.request(this.source.unit, request));
  }

  async readPoint(client: ModbusTcpClient, pointId: string): Promise<Value | null> {
    const point = this.point(pointId);
    const { table, address, count } = modbusAddressOf(point);
    const fc = table === 'coil' ? FC.readCoils : FC.readHoldingRegisters;
    const response = await client.request(this.source.unit, { fc, address, quantity: count });
    return this.decode(point, response, 0);
  }

  async action(client: ModbusTcpClient, pointId: string): Promise<WriteAnswer> {
    const { table, address } = modbusAddressOf(this.point(pointId));
    const request: Request =
      table === 'coil'
        ? { fc: FC.writeSingleCoil, address, value: true }
        : { fc: FC.writeSingleRegister, address, value: 1 };
    return this.answer(await client.request(this.source.unit, request));
  }

  private answer(response: Response): WriteAnswer {
    const why = response.kind === 'malformed' ? response.message : refusal(response);
    return why === null ? { ok: true } : { ok: false, why };
  }

  private point(pointId: string): Point {
    return this.pointOf.get(pointId) as Point;
  }

  private decode(point: Point, response: Response, offset: number): Value | null {
    if (response.kind === 'bits') return response.bits[offset] ?? null;
    if (response.kind !== 'registers') return null;
    const decoded = decodeValue(
      point,
      modbusAddressOf(point),
      response.registers,
      offset,
      this.source.wordOrder,
    );
    return decoded.ok ? decoded.value : null;
  }

  private encode(point: Point, value: Value): Uint16Array {
    const slot = modbusAddressOf(point);
    const registers = new Uint16Array(slot.count);
    encodeValue(point, slot, value, this.source.wordOrder, registers, 0);
    return registers;
  }
}
