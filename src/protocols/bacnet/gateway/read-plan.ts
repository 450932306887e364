// How the gateway reads a real BACnet device: its profile's points grouped into ReadPropertyMultiple
// requests of Present_Value and Status_Flags. Points are grouped by poll period (each periodic point at its
// own rate, the others at the source's `pollMs`); each group is cut into batches whose answer fits one
// unsegmented APDU of 1476 octets, judged by a generous size per object (text may be long).

import { periodOf } from '../../../connectors/poll-scheduler.js';
import type { Point, Profile } from '../../../points/model.js';
import { bacnetAddressOf } from '../bacnet-address.js';
import { BACNET_OBJECT_TYPES, formatBacnet } from '../bacnet-map.js';
import type { ObjectId } from '../codec/index.js';

export interface ReadBatch {
  periodMs: number;
  /** The points read, each with its object on the device. */
  points: Array<{ point: Point; object: ObjectId }>;
}

/** Octets an answer may spend on the objects of one batch (the rest of 1476 is headroom). */
const ANSWER_BUDGET = 1200;
/** Octets one object's Present_Value and Status_Flags may take in an answer, by the point's type. */
const costOf = (point: Point) => (point.type === 'string' ? 300 : 40);

/** The object that carries `point` on the device. */
export function objectOf(point: Point): ObjectId {
  const { type, instance } = bacnetAddressOf(point);
  return { type: BACNET_OBJECT_TYPES[type].number, instance };
}

/** `AI0, AI1 … (3 objects)` for log lines. */
export function describeBatch(batch: ReadBatch): string {
  const names = batch.points.map(({ point }) => formatBacnet(bacnetAddressOf(point)));
  const shown = names.length > 4 ? [...names.slice(0, 4), '…'] : names;
  return `ReadPropertyMultiple ${shown.join(', ')} (${names.length} objects)`;
}

export function readPlan(profile: Profile, pollMs: number): ReadBatch[] {
  const byPeriod = new Map<number, Point[]>();
  for (const point of profile.points) {
    const period = periodOf(point, pollMs);
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), point]);
  }
  const batches: ReadBatch[] = [];
  for (const [periodMs, points] of byPeriod) {
    let batch: ReadBatch | null = null;
    let spent = 0;
    for (const point of points) {
      const cost = costOf(point);
      if (!batch || spent + cost > ANSWER_BUDGET) {
        batch = { periodMs, points: [] };
        batches.push(batch);
        spent = 0;
      }
      batch.points.push({ point, object: objectOf(point) });
      spent += cost;
    }
  }
  return batches;
}
