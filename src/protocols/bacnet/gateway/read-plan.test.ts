// The gateway's ReadPropertyMultiple batches: every point of every built-in profile read once, each batch of
// one rate, and the answer to each batch — with long text in every CharacterString — fits one unsegmented APDU.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { periodOf } from '../../../connectors/poll-scheduler.js';
import { builtinProfiles } from '../../../points/load.js';
import type { Point, Profile } from '../../../points/model.js';
import { PROTOCOLS } from '../../registry.js';
import {
  type BacnetValue,
  encodePropertyValue,
  encodeReadPropertyMultipleAck,
  MAX_APDU_OCTETS,
  PropertyId,
} from '../codec/index.js';
import { readPlan } from './read-plan.js';

const profiles = builtinProfiles(PROTOCOLS).map((l) => l.profile as Profile);
/** ComplexACK header: type, invoke id, service. */
const ACK_HEADER = 3;

/** The largest Present_Value a point of this type plausibly has (text: 250 characters). */
function largest(point: Point): BacnetValue[] {
  switch (point.type) {
    case 'number':
      return [{ type: 'real', value: 1.5 }];
    case 'bool':
    case 'action':
      return [{ type: 'enumerated', value: 1 }];
    case 'enum':
      return [{ type: 'unsigned', value: 65_535 }];
    case 'string':
      return [{ type: 'characterString', value: 'é'.repeat(125) }];
    case 'datetime':
      return [
        { type: 'date', value: { year: 2026, month: 12, day: 31, weekday: 4 } },
        { type: 'time', value: { hour: 23, minute: 59, second: 59, hundredths: 99 } },
      ];
  }
}

test('every point is read once, each batch at one rate, each answer within one APDU', () => {
  for (const profile of profiles) {
    const batches = readPlan(profile, 1000);
    const read = batches.flatMap((b) => b.points.map(({ point }) => point.id));
    assert.deepEqual([...read].sort(), profile.points.map((p) => p.id).sort(), profile.id);
    for (const batch of batches) {
      assert.ok(batch.points.every(({ point }) => periodOf(point, 1000) === batch.periodMs));
      const answer = encodeReadPropertyMultipleAck(
        batch.points.map(({ point, object }) => ({
          object,
          results: [
            { property: PropertyId.PRESENT_VALUE, value: encodePropertyValue(largest(point)) },
            {
              property: PropertyId.STATUS_FLAGS,
              value: encodePropertyValue([{ type: 'bitString', value: [true, true, true, true] }]),
            },
          ],
        })),
      );
      assert.ok(ACK_HEADER + answer.length <= MAX_APDU_OCTETS[5], `${profile.id}: ${answer.length} octets`);
    }
  }
});
