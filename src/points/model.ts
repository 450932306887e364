// The canonical profile: what a points list becomes once parsed. `profile export --format json` prints
// exactly this shape, and every later part of Pointyard (runtime, protocols, UI) reads it.

export type PointKind = 'sensor' | 'command' | 'status';
export type PointType = 'number' | 'bool' | 'enum' | 'string' | 'datetime' | 'action';
export type UpdateMode = 'periodic' | 'onDemand' | 'onEvent';
/** The least role that may write a point: operators write commands; some actions are an admin's. */
export type WriteRole = 'operator' | 'admin';

export type BacnetType = 'AI' | 'AO' | 'AV' | 'BI' | 'BO' | 'BV' | 'MSI' | 'MSO' | 'MSV' | 'CSV' | 'DTV';

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

export interface BacnetAddress {
  type: BacnetType;
  instance: number;
  /** true when Pointyard chose the object, false when the points list gave it. */
  auto: boolean;
}

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

export interface Point {
  id: string;
  name: string;
  kind: PointKind;
  type: PointType;
  tags: string[];
  unit: string | null;
  min: number | null;
  max: number | null;
  enum: string[] | null;
  trueText: string | null;
  falseText: string | null;
  action: string | null;
  /** The least role that may write it (see write-role.ts); null for sensor and status points. */
  writeRole: WriteRole | null;
  update: UpdateMode;
  intervalMs: number | null;
  description: string | null;
  bacnet: BacnetAddress;
  modbus: ModbusAddress;
  /** Extra mapping columns (OCPP, SIA Protocol, KNX…) by column name, verbatim; `-`/empty left out. */
  protocols: Record<string, string>;
}

export interface Source {
  title: string;
  url: string | null;
}

export interface DeclaredCounts {
  sensor: number;
  command: number;
  status: number;
}

export interface Profile {
  id: string;
  name: string;
  localName: string | null;
  declaredCounts: DeclaredCounts;
  sources: Source[];
  points: Point[];
}

/** Whether a point can be written by a client (commands and setpoints). */
export function isWritable(point: Point): boolean {
  return point.kind === 'command';
}
