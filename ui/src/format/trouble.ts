// Colours of status words, with the server's alarm rules and its very words (src/points/trouble-words.ts): a
// Bool status whose name says alarm, fault, alert, tamper, mask, error or failure is in alarm when TRUE; enum
// words are trouble, warning, activity or normal.
import { ALARM_NAME, ALARM_WORDS, WARNING_WORDS } from '../../../src/points/trouble-words';
import { type Dict, type HVal, isMarker, str } from '../api/hayson';

export type Tone = 'alarm' | 'warning' | 'active' | 'ok' | 'neutral';

const ACTIVE_WORDS = new Set([
  'CHARGING',
  'HEATING',
  'IN_PROGRESS',
  'OCCUPIED',
  'PENDING',
  'PRIMARY',
  'BACKUP',
  'COMPLETE',
  'STANDBY',
]);
const OK_WORDS = new Set([
  'OK',
  'RUNNING',
  'CONNECTED',
  'ONLINE',
  'HEALTHY',
  'VALID',
  'AVAILABLE',
  'SUCCESS',
  'NOERROR',
]);

/** The tone of a status point's value (commands and sensors are neutral). */
export function toneOf(val: HVal | undefined, rec: Dict): Tone {
  if (!isMarker(rec.status)) return 'neutral';
  if (typeof val === 'boolean') {
    if (!ALARM_NAME.test(str(rec.navName) ?? '')) return val ? 'active' : 'neutral';
    return val ? 'alarm' : 'ok';
  }
  if (typeof val !== 'string') return 'neutral';
  const word = val.toUpperCase();
  if (ALARM_WORDS.has(word)) return 'alarm';
  if (WARNING_WORDS.has(word)) return 'warning';
  if (ACTIVE_WORDS.has(word)) return 'active';
  if (OK_WORDS.has(word)) return 'ok';
  return 'neutral';
}
