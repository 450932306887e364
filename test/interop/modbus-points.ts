// What an independent Modbus master should read for every mapped point of a site, worked out from the
// points-list rules (not from Pointyard's codec): the read to make and the value to expect.

import type { Value } from '../../src/core/value.js';
import type { Point } from '../../src/points/model.js';
import { modbusAddressOf } from '../../src/protocols/modbus/modbus-address.js';
import type { Device, Site } from '../../src/site/model.js';

export type ReadKind =
  | 'bit'
  | 'float32'
  | 'uint32'
  | 'int32'
  | 'datetime'
  | 'uint16'
  | 'int16'
  | 'enum'
  | 'bool'
  | 'string';

export interface PointRead {
  device: Device;
  point: Point;
  key: string;
  unit: number;
  fc: 1 | 2 | 3 | 4;
  /** 0-based wire address and register (or bit) count. */
  address: number;
  count: number;
  kind: ReadKind;
}

const FC_OF = { coil: 1, discrete: 2, holding: 3, input: 4 } as const;

/** Every point of every device that has a Modbus unit, in table then address order per device. */
export function everyMappedPoint(site: Site): PointRead[] {
  const reads: PointRead[] = [];
  for (const device of site.devices) {
    const unit = device.numbers.modbus;
    if (unit == null) continue;
    for (const point of device.profile.points) {
      const { table, address, count, encoding } = modbusAddressOf(point);
      const kind: ReadKind = table === 'coil' || table === 'discrete' ? 'bit' : encoding;
      reads.push({
        device,
        point,
        key: `${device.id}.${point.id}`,
        unit,
        fc: FC_OF[table],
        address,
        count,
        kind,
      });
    }
  }
  return reads.sort((a, b) => a.unit - b.unit || a.fc - b.fc || a.address - b.address);
}

/**
 * What the master should see for `value`: a boolean for bits, the float32 (compare with `sameFloat`), the
 * register's number for 16-bit values (round(value × scale), the enum index, 0/1), the 32-bit integer (epoch
 * seconds for a date-time), or the text.
 */
export function expectedReading(read: PointRead, value: Value): number | boolean | string {
  const { point, kind } = read;
  switch (kind) {
    case 'bit':
      return value === true;
    case 'float32':
      return Math.fround(value as number);
    case 'uint16':
    case 'int16':
      return Math.round((value as number) * modbusAddressOf(point).scale);
    case 'uint32':
    case 'int32':
      return Math.round(value as number);
    case 'datetime':
      return Math.floor(Date.parse(value as string) / 1000);
    case 'enum':
      return point.enum?.indexOf(value as string) ?? -1;
    case 'bool':
      return value === true ? 1 : 0;
    case 'string':
      return value as string;
  }
}

/** Equal floats, allowing for a master that prints 6 significant digits (mbpoll's %g). */
export function sameFloat(got: number, want: number, digits = 6): boolean {
  if (got === want) return true;
  return Math.abs(got - want) <= Math.abs(want) * 10 ** (1 - digits) + 1e-30;
}
