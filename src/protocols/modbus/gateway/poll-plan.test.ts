// Block reads cover every mapped point exactly once, touch no unmapped register and stay in the limits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinProfiles } from '../../../points/load.js';
import type { Profile } from '../../../points/model.js';
import { PROTOCOLS } from '../../registry.js';
import { LIMITS } from '../constants.js';
import { modbusAddressOf } from '../modbus-address.js';
import { pollPlan } from './poll-plan.js';

const profiles = builtinProfiles(PROTOCOLS).map((l) => l.profile as Profile);

test('every mapped point is read once, by blocks of touching spans within the limits', () => {
  for (const profile of profiles) {
    const blocks = pollPlan(profile, 1000);
    const read = blocks.flatMap((b) => b.spans.map((s) => s.point.id));
    assert.deepEqual([...read].sort(), profile.points.map((p) => p.id).sort(), profile.id);
    for (const block of blocks) {
      const bits = block.table === 'coil' || block.table === 'discrete';
      assert.ok(block.quantity <= (bits ? LIMITS.readBits : LIMITS.readRegisters));
      let next = 0;
      for (const { point, offset } of block.spans) {
        assert.equal(offset, next, `${profile.id} ${point.id}: no gap inside a block`);
        const registers = modbusAddressOf(point);
        assert.equal(registers.address, block.address + offset);
        next = offset + registers.count;
      }
      assert.equal(next, block.quantity);
    }
  }
});

test('points are polled at their own rate; others at the source period', () => {
  for (const profile of profiles)
    for (const block of pollPlan(profile, 777))
      for (const { point } of block.spans)
        assert.equal(
          block.periodMs,
          point.update === 'periodic' && point.intervalMs !== null ? point.intervalMs : 777,
        );
});
