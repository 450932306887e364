import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PointStore } from '../../../runtime/point-store.js';
import { loadSiteText } from '../../../site/load.js';
import { PROTOCOLS } from '../../registry.js';
import { MetricCatalog } from './catalog.js';

const DEMO = readFileSync('sites/demo.yaml', 'utf8');

function catalogOf(text: string) {
  const { site, diagnostics } = loadSiteText(text, 'demo.yaml', 'sites', PROTOCOLS);
  if (!site) throw new Error(diagnostics.map((d) => d.message).join('; '));
  const points = new PointStore(site, 0);
  return { points, catalog: new MetricCatalog(points) };
}

/** Every point's alias by its key. */
function aliases(text: string): Map<string, number> {
  const { points, catalog } = catalogOf(text);
  return new Map(points.entries.map((e) => [e.key, catalog.alias[e.index] as number]));
}

test('aliases are unique in the edge node and the same for the same site file', () => {
  const first = aliases(DEMO);
  assert.equal(new Set(first.values()).size, first.size);
  assert.deepEqual(aliases(DEMO), first);
});

test('a device appended to the site file changes no other alias', () => {
  const before = aliases(DEMO);
  // Appended at the end of `devices:` (the section before `server:`).
  const extra = '  - id: extra-tank\n    profile: level-sensor\n    name: Extra Tank\n';
  const after = aliases(DEMO.replace(/\nserver:/, `\n${extra}server:`));
  assert.ok(after.size > before.size);
  for (const [key, alias] of before) assert.equal(after.get(key), alias, key);
});

test('a command finds its point by alias and by name within the device', () => {
  const { points, catalog } = catalogOf(DEMO);
  for (const entry of points.entries) {
    assert.equal(catalog.indexOfAlias(catalog.alias[entry.index] as number), entry.index);
    assert.equal(catalog.device(entry.device.id)?.byName.get(entry.point.id), entry.index);
  }
});
