import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readMarkdown, splitRow } from './markdown.js';

describe('splitRow', () => {
  test('trims cells and drops the outer pipes', () =>
    assert.deepEqual(splitRow('| a | b |c|'), ['a', 'b', 'c']));
  test('keeps empty cells', () => assert.deepEqual(splitRow('| a |  | c |'), ['a', '', 'c']));
  test('an escaped pipe is text', () => assert.deepEqual(splitRow('| a \\| b | c |'), ['a | b', 'c']));
  test('no closing pipe', () => assert.deepEqual(splitRow('| a | b'), ['a', 'b']));
});

describe('readMarkdown', () => {
  const doc = [
    '# Title',
    '',
    '## One',
    '- **A** : 1',
    '',
    '| x | y |',
    '|---|---|',
    '| 1 | 2 |',
    '| 3 |',
    '',
    '## Two',
    'text',
  ].join('\r\n');
  const blocks = readMarkdown(`\uFEFF${doc}`);
  test('headings with their lines', () => {
    assert.deepEqual(
      blocks.filter((b) => b.heading).map((b) => [b.heading?.level, b.heading?.text, b.heading?.line]),
      [
        [1, 'Title', 1],
        [2, 'One', 3],
        [2, 'Two', 11],
      ],
    );
  });
  test('bullets and table rows keep their lines and raw cell counts', () => {
    const one = blocks[2];
    assert.deepEqual(one?.bullets, [{ text: '**A** : 1', line: 4 }]);
    assert.equal(one?.tables[0]?.hasSeparator, true);
    assert.deepEqual(one?.tables[0]?.rows, [
      { cells: ['1', '2'], line: 8 },
      { cells: ['3'], line: 9 },
    ]);
  });
  test('tables inside code fences are not read', () => {
    const fenced = readMarkdown('## S\n```\n| a |\n|---|\n```\n');
    assert.equal(fenced[1]?.tables.length, 0);
  });
});
