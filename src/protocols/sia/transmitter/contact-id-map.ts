// The Contact ID (SIA DC-05) form of the SIA codes the transmitter sends, for `format: ADM-CID`:
// qualifier 1 (new event, opening) or 3 (restore, closing), the event code, partition and zone.
import { formatContactId } from '../codec/contact-id.js';

/** SIA code → [qualifier, Contact ID event]. */
const SIA_TO_CONTACT_ID: Readonly<Record<string, readonly [1 | 3, string]>> = {
  BA: [1, '130'], // burglary
  BR: [3, '130'],
  TA: [1, '137'], // tamper
  TR: [3, '137'],
  BT: [1, '380'], // sensor trouble (masked)
  BZ: [1, '381'], // loss of supervision (RF)
  YT: [1, '302'], // low system battery
  YR: [3, '302'],
  BB: [1, '570'], // zone bypass
  BU: [3, '570'],
  OA: [1, '403'], // automatic opening
  CA: [3, '403'], // automatic closing
  RP: [1, '602'], // periodic test
};

/** Points whose trouble restore (BJ) is the end of a supervision loss (381), not of a trouble (380). */
const SUPERVISION_POINT = /communication/i;

/** `#acct|QEEE GG CCC` for an event; an unknown code is sent as a non-burglary 24-hour zone (150). */
export function contactIdOf(
  account: string,
  code: string,
  zone: string,
  point: string | null,
  area: string | undefined,
): string {
  const pair: readonly [1 | 3, string] =
    code === 'BJ'
      ? [3, point !== null && SUPERVISION_POINT.test(point) ? '381' : '380']
      : (SIA_TO_CONTACT_ID[code] ?? [1, '150']);
  const zoneNumber = Number.parseInt(zone, 10) || 0;
  const areaNumber = area === undefined ? 0 : Number.parseInt(area, 10) || 0;
  return formatContactId(account, {
    qualifier: pair[0],
    event: pair[1],
    partition: String(areaNumber % 100).padStart(2, '0'),
    zone: String(zoneNumber % 1000).padStart(3, '0'),
  });
}
