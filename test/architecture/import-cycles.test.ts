// The source tree has no import cycles, between files or between top-level folders, and src/core imports
// nothing outside itself. Type-only imports count: a cycle of types is still a knot in the layering.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cycles, exampleCycle, folderGraph, importGraph } from './import-graph.js';

const graph = importGraph(fileURLToPath(new URL('../../src', import.meta.url)));

/** Cycles not broken yet, each with the reason; the test fails when one is gone, so the list stays true. */
const KNOWN_FILE_CYCLES: string[][] = [];
const KNOWN_FOLDER_CYCLES: string[][] = [];

function describe(g: typeof graph, found: string[][]): string {
  return found.map((c) => `  ${exampleCycle(g, c)}  (knot: ${c.join(', ')})`).join('\n');
}

test('no import cycle between files under src/ other than the known ones', () => {
  const found = cycles(graph);
  assert.deepEqual(found, KNOWN_FILE_CYCLES, `import cycles between files:\n${describe(graph, found)}`);
});

test('no import cycle between the top-level folders of src/ other than the known ones', () => {
  const folders = folderGraph(graph);
  const found = cycles(folders);
  assert.deepEqual(found, KNOWN_FOLDER_CYCLES, `import cycles between folders:\n${describe(folders, found)}`);
});

test('src/core imports nothing outside src/core', () => {
  const core = ['value', 'clock', 'rng', 'logger', 'point-status', 'priority-array'].map(
    (f) => `core/${f}.ts`,
  );
  assert.deepEqual(
    core.filter((f) => !graph.has(f)),
    [],
    'the shared types are in src/core',
  );
  const outside = [...graph]
    .filter(([file]) => file.startsWith('core/'))
    .flatMap(([file, targets]) => targets.filter((t) => !t.startsWith('core/')).map((t) => `${file} → ${t}`));
  assert.deepEqual(outside, []);
});

test('the cycle finder finds a cycle it is given and none in a chain', () => {
  const knot = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts', 'd.ts']],
    ['d.ts', []],
    ['e.ts', ['e.ts']],
  ]);
  assert.deepEqual(cycles(knot), [['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  assert.equal(exampleCycle(knot, ['a.ts', 'b.ts', 'c.ts']), 'a.ts → b.ts → c.ts → a.ts');
  assert.deepEqual(
    cycles(
      new Map([
        ['a.ts', ['b.ts']],
        ['b.ts', []],
      ]),
    ),
    [],
  );
});
