// The tag index never changes what a filter matches: for generated filters over the demo site's tags and
// values, readByFilter (index, then evaluation) returns exactly what evaluating every record returns.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { type HDict, HFilter, HRef, HStr } from 'haystack-core';
import { VirtualClock } from '../../core/clock.js';
import { Runtime } from '../../runtime/runtime.js';
import { loadSite } from '../../site/load.js';
import { MemoryStore } from '../../store/memory/memory-store.js';
import { PROTOCOLS } from '../registry.js';
import { compileFilter, readByFilter } from './filter.js';
import type { FilterNodeData } from './filter-node.js';
import { SiteRecords } from './records.js';

const { site } = loadSite('sites/demo.yaml', PROTOCOLS);
if (!site) throw new Error('the demo site does not load');
const runtime = await Runtime.open({ site, store: new MemoryStore(), clock: new VirtualClock(0), seed: 1 });
after(() => runtime.stop());
const records = new SiteRecords(site, runtime.services, PROTOCOLS);
const dicts = records.all.map((r) => records.dict(r));
const byId = new Map(records.all.map((r, i) => [r.id, dicts[i] as HDict]));

/** Every record's id that matches, by evaluating the filter on each record. */
function bruteForce(filter: string): string[] {
  const matches = compileFilter(filter);
  const resolve = (ref: HRef) => byId.get(ref.value);
  return records.all.filter((_r, i) => matches(dicts[i] as HDict, resolve)).map((r) => r.id);
}

// Terms built from what the site really has, so that filters match something.
const names = [...new Set(dicts.flatMap((d) => d.keys))].filter((n) => /^[a-z][a-zA-Z0-9]*$/.test(n));
const strValues: string[] = [];
const refTags: string[] = [];
for (const d of dicts)
  for (const name of d.keys) {
    const v = d.get(name);
    if (v instanceof HStr && /^[\w .-]+$/.test(v.value) && strValues.length < 400)
      strValues.push(`${name}==${JSON.stringify(v.value)}`);
    if (v instanceof HRef && name !== 'id' && !refTags.includes(name)) refTags.push(name);
  }
const ids = records.all.map((r) => r.id);

const term: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...names),
  fc.constantFrom(...names).map((n) => `not ${n}`),
  fc.constantFrom(...strValues),
  fc.constantFrom(...ids).map((id) => `id==@${id}`),
  fc.tuple(fc.constantFrom(...refTags), fc.constantFrom(...ids)).map(([t, id]) => `${t}==@${id}`),
  fc.tuple(fc.constantFrom(...refTags), fc.constantFrom(...strValues)).map(([t, v]) => `${t}->${v}`),
  fc.tuple(fc.constantFrom(...refTags), fc.constantFrom(...names)).map(([t, n]) => `${t}->${n}`),
  // Longer paths, live tags anywhere along them included: the index walks them back from their end.
  fc
    .tuple(fc.constantFrom(...refTags), fc.constantFrom(...refTags), fc.constantFrom(...names, ...strValues))
    .map(([a, b, n]) => `${a}->${b}->${n}`),
  fc.constantFrom('equipRef->siteRef->curVal', 'equipRef->curStatus->dis', 'curVal->dis'),
  fc.constantFrom(
    'curVal > 10',
    'curStatus=="ok"',
    'curTs',
    'not curTs',
    'writeLevel==16',
    'kind!="Number"',
    'minVal < 0',
  ),
);
const filter = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    term,
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}) and (${b})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}) or (${b})`),
  ),
})).expr;

test('the index changes no result: generated filters match what evaluating every record matches', () => {
  fc.assert(
    fc.property(filter, (text) => {
      const got = readByFilter(records, text, Number.POSITIVE_INFINITY).map((m) => m.record.id);
      assert.deepEqual(got, bruteForce(text), text);
    }),
    { numRuns: 400 },
  );
});

test('selective filters evaluate few records: an id or an equip ref narrows to its records', () => {
  const one = ids[ids.length - 1] as string;
  const tree = (text: string) => HFilter.parse(text).toJSON() as FilterNodeData;
  assert.deepEqual(records.index.candidates(tree(`id==@${one}`)), [ids.length - 1]);
  const equip = records.all.find((r) => r.tags.equip)?.id as string;
  const points = records.index.candidates(tree(`equipRef==@${equip}`)) ?? [];
  assert.deepEqual(
    points.map((i) => ids[i]),
    bruteForce(`equipRef==@${equip}`),
  );
  assert.equal(records.index.candidates(tree('not point')), null, '`not` narrows nothing');
});
