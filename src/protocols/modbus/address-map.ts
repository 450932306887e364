// The Modbus map of a profile as the server walks it: per table, the points' spans sorted by address, found
// by binary search. Computed once per profile from each point's registers (the map `profile export -f modbus-csv`
// prints) and shared by every device of that profile.

import { isWritable, type Point, type Profile } from '../../points/model.js';
import { type ModbusAddress, type ModbusTable, modbusAddressOf } from './modbus-address.js';
import { isWritableTable } from './modbus-map.js';

export interface Span {
  point: Point;
  /** The point's registers (its `modbusAddressOf`). */
  registers: ModbusAddress;
  /** Position of the point in `profile.points`. */
  position: number;
  address: number;
  count: number;
  /** A master may write it: a command point in the coil or holding table. */
  writable: boolean;
}

export class TableMap {
  /** Spans in address order; they never overlap (the parser refuses overlapping registers). */
  readonly spans: Span[];
  /** First mapped address and one past the last, or 0 and 0 for an empty table. */
  readonly first: number;
  readonly end: number;

  constructor(spans: Span[]) {
    this.spans = [...spans].sort((a, b) => a.address - b.address);
    const last = this.spans[this.spans.length - 1];
    this.first = this.spans[0]?.address ?? 0;
    this.end = last ? last.address + last.count : 0;
  }

  /** Index of the first span that ends after `address` (spans.length when none does). */
  firstEndingAfter(address: number): number {
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = this.spans[mid] as Span;
      if (s.address + s.count <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether the unmapped `[from, to)` lies between mapped registers (zero-filled with the gaps option). */
  isInnerGap(from: number, to: number): boolean {
    return from > this.first && to <= this.end;
  }
}

export type ProfileMap = Record<ModbusTable, TableMap>;

const TABLES: ModbusTable[] = ['coil', 'discrete', 'input', 'holding'];

export function profileMap(profile: Profile): ProfileMap {
  const spans: Record<ModbusTable, Span[]> = { coil: [], discrete: [], input: [], holding: [] };
  profile.points.forEach((point, position) => {
    const registers = modbusAddressOf(point);
    const { table, address, count } = registers;
    spans[table].push({
      point,
      registers,
      position,
      address,
      count,
      writable: isWritable(point) && isWritableTable(table),
    });
  });
  return Object.fromEntries(TABLES.map((t) => [t, new TableMap(spans[t])])) as ProfileMap;
}
