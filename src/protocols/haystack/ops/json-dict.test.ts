// An interface's status as Haystack values: every JSON shape, written as Zinc and read back the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HDict, HGrid, ZincReader } from 'haystack-core';
import { jsonDict, tagName } from './json-dict.js';

test('objects, lists, numbers, strings and booleans survive Zinc; nulls are left out', () => {
  const status = {
    broker: { kind: 'external', url: 'mqtt://10.0.0.5:1883' },
    link: { connected: false, since: 1_765_000_000_000, lastError: null, backlog: null },
    publishers: [{ topics: 'pointyard/lyon/#', messages: 12 }, null, 'x'],
    ratio: 0.25,
  };
  const zinc = HGrid.make({ rows: [HDict.make({ status: jsonDict(status) })] }).toZinc();
  const back = (ZincReader.readValue(zinc) as HGrid).getRows()[0]?.get('status');
  assert.deepEqual((back as HDict).toJSON(), {
    broker: { kind: 'external', url: 'mqtt://10.0.0.5:1883' },
    link: { connected: false, since: 1_765_000_000_000 },
    publishers: [{ topics: 'pointyard/lyon/#', messages: 12 }, 'x'],
    ratio: 0.25,
  });
});

test('keys that are not tag names are made into tag names, distinct, so that Zinc reads them back', () => {
  assert.deepEqual(['since', 'host-apps', 'Up', '0', 'pointyard/lyon/#', 'a_b'].map(tagName), [
    'since',
    'host_apps',
    'up',
    'k0',
    'pointyard_lyon_',
    'a_b',
  ]);
  const zinc = HGrid.make({
    rows: [HDict.make({ status: jsonDict({ 'a-b': 1, a_b: 2, '0': 3, 'x/y #': 4 }) })],
  }).toZinc();
  const back = (ZincReader.readValue(zinc) as HGrid).getRows()[0]?.get('status') as HDict;
  assert.deepEqual(back.toJSON(), { a_b: 1, a_b_2: 2, k0: 3, x_y_: 4 });
});
