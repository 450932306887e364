// The point store's entries by device: what a node of a cluster goes through when it takes one device over
// (its priority arrays, its alarms rechecked, its points published), without a pass over every point of the
// site for each device (thousands of devices taken over at once made that quadratic).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PointStore } from '../../src/runtime/point-store.js';
import { makeSite, profile, T0 } from './site-fixture.js';

test("entriesOf: a device's entries, in order, the same as the site-wide list holds; none for an unknown device", () => {
  const site = makeSite([
    ['tank-1', 'dhw-tank'],
    ['pir-1', 'pir-detector'],
    ['tank-2', 'dhw-tank'],
  ]);
  const points = new PointStore(site, T0);
  for (const device of site.devices) {
    const own = points.entriesOf(device.id);
    assert.deepEqual(
      own,
      points.entries.filter((e) => e.device.id === device.id),
    );
    assert.deepEqual(
      own.map((e) => e.point.id),
      profile(device.profileRef).points.map((p) => p.id),
    );
    for (const entry of own) assert.equal(points.entry(entry.index), entry);
  }
  assert.deepEqual(points.entriesOf('no-such-device'), []);
});
