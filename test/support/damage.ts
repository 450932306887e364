// Line-level damage for property tests of document readers: lines dropped, doubled, swapped or overwritten.
import fc from 'fast-check';

export type LineEdit = [at: number, op: 'drop' | 'double' | 'swap' | 'overwrite', junk: string];

/** Up to `maxEdits` random edits; `junk` is what an overwrite writes. */
export function lineEdits(
  maxEdits: number,
  junk: fc.Arbitrary<string> = fc.string(),
): fc.Arbitrary<LineEdit[]> {
  return fc.array(
    fc.tuple(
      fc.nat(),
      fc.constantFrom('drop' as const, 'double' as const, 'swap' as const, 'overwrite' as const),
      junk,
    ),
    {
      maxLength: maxEdits,
    },
  );
}

/** `text` with the edits applied in order. */
export function damage(text: string, edits: LineEdit[]): string {
  const lines = text.split('\n');
  for (const [at, op, junk] of edits) {
    const i = at % lines.length;
    if (op === 'drop') lines.splice(i, 1);
    else if (op === 'double') lines.splice(i, 0, lines[i] ?? '');
    else if (op === 'swap')
      [lines[i], lines[(i + 1) % lines.length]] = [lines[(i + 1) % lines.length] ?? '', lines[i] ?? ''];
    else lines[i] = `${lines[i]?.slice(0, junk.length % 20)}${junk}`;
  }
  return lines.join('\n');
}
