// A number as a person types it: `2.5` or `2,5` (a decimal comma, as in French), with a sign, spaces between
// thousands (`1 250`, also the no-break spaces of fr-FR). No imports: the tests run it under Node as it is.

export type ParsedNumber = { ok: true; value: number } | { ok: false; message: string };

const SHAPE = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/** The number `text` stands for, or why it is not one. */
export function parseNumberDraft(text: string): ParsedNumber {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^\u2212/, '-');
  if (compact === '') return { ok: false, message: 'Type a number.' };
  if (!SHAPE.test(compact))
    return {
      ok: false,
      message: `'${text.trim()}' is not a number: write it with digits and one decimal point or comma (2.5 or 2,5).`,
    };
  return { ok: true, value: Number(compact.replace(',', '.')) };
}
