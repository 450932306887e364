import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterReaches } from './site-filter.js';

test('a filter reaches topics under a prefix when a wildcard or the same levels lead there', () => {
  for (const filter of [
    '#',
    'pointyard/#',
    'pointyard/demo/#',
    'pointyard/+/ahu-1/sat',
    '+/demo/+/+',
    'pointyard/demo/ahu-1/+/set',
  ])
    assert.equal(filterReaches(filter, 'pointyard/demo'), true, filter);
  for (const filter of ['pointyard/other/#', 'pointyard/demo', 'pointyard', 'spBv1.0/demo/#', '+', 'a/#'])
    assert.equal(filterReaches(filter, 'pointyard/demo'), false, filter);
});
