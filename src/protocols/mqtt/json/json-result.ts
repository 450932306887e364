// The answer to a command, published on `…/<point>/set/result` (QoS 1, never retained):
// `{"ok":true,"val":…,"level":…}` (the value and level in force after the write) or
// `{"ok":false,"error":"<write path code>","message":"<why, for a person>"}`.

import type { WriteResult } from '../../../runtime/services/services.js';
import { jsonValue } from './json-payload.js';

export function resultPayload(result: WriteResult): string {
  return result.ok
    ? `{"ok":true,"val":${jsonValue(result.value)},"level":${result.level}}`
    : JSON.stringify({ ok: false, error: result.code, message: result.message });
}
