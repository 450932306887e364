// How a gateway reads a real device: its profile's points grouped into block reads. Points are grouped by
// table and by poll period (each periodic point at its own rate, the others at the source's `pollMs`);
// within a group, spans that touch (no unmapped register between them, since real devices often refuse
// those) are read in one request, up to the protocol's limits (125 registers, 2000 bits).

import { periodOf } from '../../../connectors/poll-scheduler.js';
import type { Point, Profile } from '../../../points/model.js';
import { profileMap, type Span } from '../address-map.js';
import { FC, LIMITS } from '../constants.js';
import type { ModbusTable } from '../modbus-address.js';
import type { ReadFunction } from '../requests.js';

export interface PollBlock {
  table: ModbusTable;
  fc: ReadFunction;
  address: number;
  quantity: number;
  periodMs: number;
  /** The points read by this block, each with its offset in the block. */
  spans: Array<{ point: Point; offset: number }>;
}

const READ_FC: Record<ModbusTable, ReadFunction> = {
  coil: FC.readCoils,
  discrete: FC.readDiscreteInputs,
  holding: FC.readHoldingRegisters,
  input: FC.readInputRegisters,
};

const limitOf = (table: ModbusTable) =>
  table === 'coil' || table === 'discrete' ? LIMITS.readBits : LIMITS.readRegisters;

export function pollPlan(profile: Profile, pollMs: number): PollBlock[] {
  const map = profileMap(profile);
  const blocks: PollBlock[] = [];
  for (const table of Object.keys(READ_FC) as ModbusTable[]) {
    const byPeriod = new Map<number, Span[]>();
    for (const span of map[table].spans) {
      const period = periodOf(span.point, pollMs);
      byPeriod.set(period, [...(byPeriod.get(period) ?? []), span]);
    }
    for (const [periodMs, spans] of byPeriod) {
      let block: PollBlock | null = null;
      for (const span of spans) {
        const end = span.address + span.count;
        if (
          block &&
          span.address === block.address + block.quantity &&
          end - block.address <= limitOf(table)
        ) {
          block.spans.push({ point: span.point, offset: span.address - block.address });
          block.quantity = end - block.address;
          continue;
        }
        block = {
          table,
          fc: READ_FC[table],
          address: span.address,
          quantity: span.count,
          periodMs,
          spans: [{ point: span.point, offset: 0 }],
        };
        blocks.push(block);
      }
    }
  }
  return blocks;
}
