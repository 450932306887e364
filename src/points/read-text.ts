// Reading a document for a parser: its text, or the `cannot read` problem to report at line 1.

import { readFileSync } from 'node:fs';
import type { Diagnostic } from './diagnostics.js';

export type ReadText = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

export function readText(file: string, displayName = file): ReadText {
  try {
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    return {
      ok: false,
      diagnostic: { file: displayName, line: 1, severity: 'error', message: `cannot read: ${reason}` },
    };
  }
}
