// Ademco Contact ID (SIA DC-05) message data as DC-09 carries it in ADM-CID messages: `#acct|QEEE GG CCC`:
// Q qualifier (1 new event or opening, 3 restore or closing, 6 previously reported), EEE the event code,
// GG the partition, CCC the zone or user. E.g. `#1234|1130 01 015`: burglary alarm, partition 1, zone 15.
// The events this receiver understands map to the SIA code a DCS message would carry.

export interface ContactIdEvent {
  qualifier: 1 | 3 | 6;
  /** Three-digit event code, e.g. '130'. */
  event: string;
  partition: string;
  /** Zone or user number (three digits). */
  zone: string;
}

export interface ContactIdData {
  account?: string;
  event: ContactIdEvent;
}

export type ContactIdResult = { ok: true; value: ContactIdData } | { ok: false; message: string };

const PATTERN = /^(?:#([0-9A-Fa-f]{3,16})\|)?([136])(\d{3}) ([0-9A-Fa-f]{2}) ([0-9A-Fa-f]{3})$/;

export function parseContactId(data: string): ContactIdResult {
  const m = PATTERN.exec(data);
  if (!m) return { ok: false, message: 'Contact ID data is not "#acct|QEEE GG CCC"' };
  const event: ContactIdEvent = {
    qualifier: Number(m[2]) as 1 | 3 | 6,
    event: m[3] as string,
    partition: m[4] as string,
    zone: m[5] as string,
  };
  return { ok: true, value: m[1] === undefined ? { event } : { account: m[1], event } };
}

export function formatContactId(account: string | undefined, e: ContactIdEvent): string {
  return `${account === undefined ? '' : `#${account}|`}${e.qualifier}${e.event} ${e.partition} ${e.zone}`;
}

/** Contact ID events understood, as [SIA code when new, SIA code when restored]. */
const CONTACT_ID_TO_SIA: Readonly<Record<string, readonly [string, string]>> = {
  '130': ['BA', 'BR'], // burglary
  '131': ['BA', 'BR'], // perimeter
  '132': ['BA', 'BR'], // interior
  '134': ['BA', 'BR'], // entry/exit
  '137': ['TA', 'TR'], // tamper
  '144': ['TA', 'TR'], // sensor tamper
  '302': ['YT', 'YR'], // low system battery
  '384': ['XT', 'XR'], // RF transmitter low battery
  '380': ['BT', 'BJ'], // sensor trouble
  '381': ['BZ', 'BJ'], // loss of supervision (RF)
  '570': ['BB', 'BU'], // zone bypass
  '401': ['OP', 'CL'], // open/close by user (1 = opening, 3 = closing)
  '403': ['OA', 'CA'], // automatic open/close
  '602': ['RP', 'RP'], // periodic test report
  '601': ['RX', 'RX'], // manual trigger test
  '110': ['FA', 'FR'], // fire
  '120': ['PA', 'PR'], // panic
  '301': ['AT', 'AR'], // AC loss
};

/** The SIA code of a Contact ID event, or undefined when this receiver does not know the event. */
export function contactIdToSia(e: ContactIdEvent): string | undefined {
  const pair = Object.hasOwn(CONTACT_ID_TO_SIA, e.event) ? CONTACT_ID_TO_SIA[e.event] : undefined;
  return pair ? (e.qualifier === 3 ? pair[1] : pair[0]) : undefined;
}
