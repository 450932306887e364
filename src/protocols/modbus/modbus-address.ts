// A point's Modbus registers: what the Modbus plug-in's column puts in `point.addresses.modbus`.

import type { Point } from '../../points/model.js';

export type ModbusTable = 'coil' | 'discrete' | 'input' | 'holding';
export type ModbusEncoding =
  | 'bool'
  | 'enum'
  | 'uint16'
  | 'int16'
  | 'uint32'
  | 'int32'
  | 'float32'
  | 'string'
  | 'datetime';

export interface ModbusAddress {
  table: ModbusTable;
  /** 0-based wire address within the table. */
  address: number;
  /** Modicon reference as vendors print it (`40001`, `00001`). */
  reference: string;
  /** Number of registers (or bits for coils/discrete inputs). */
  count: number;
  encoding: ModbusEncoding;
  /** Register value = round(value × scale); 1 for everything but scaled 16-bit numbers. */
  scale: number;
  auto: boolean;
}

/** The key of Modbus registers in `point.addresses` (the plug-in's name). */
export const MODBUS = 'modbus';

/** A point's Modbus registers; every point read with the Modbus plug-in has them. */
export function modbusAddressOf(point: Pick<Point, 'id' | 'addresses'>): ModbusAddress {
  const address = point.addresses[MODBUS] as ModbusAddress | undefined;
  if (!address)
    throw new Error(`point '${point.id}' has no Modbus registers (read without the Modbus plug-in)`);
  return address;
}
