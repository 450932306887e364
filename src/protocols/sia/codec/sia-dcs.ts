// SIA DCS message data (SIA DC-03 as carried by DC-09): `#acct|` then `N` (new event) and a sequence of
// blocks: lowercase modifiers with a value (`ri1` area, `id12` user, `pi`, `da10-26-18` date, `ti09:50`
// time) and events, an uppercase two-letter code with its address (`BA01`: zone 1), each optionally followed
// by `^text^`; blocks may be separated by `/`. E.g. `#1234|Nri1/BA01`, `#0000|Nri0/RP0000`,
// `#123456|Nri1CL0^VX FRONTE ^`. A modifier applies to the events after it.

export interface SiaDcsEvent {
  /** Two-letter SIA event code, e.g. 'BA'. */
  code: string;
  /** The code's address: zone, user or area number as sent ('' when none). */
  zone: string;
  /** Area (partition) from the `ri` modifier, when one precedes the event. */
  area?: string;
  /** User from the `id` modifier, when one precedes the event. */
  user?: string;
  /** The `^text^` right after the event. */
  text?: string;
}

export interface SiaDcsData {
  /** The account written in the data (`#acct|`), when present. */
  account?: string;
  events: SiaDcsEvent[];
}

export type SiaDcsResult = { ok: true; value: SiaDcsData } | { ok: false; message: string };

const ACCOUNT = /^#([0-9A-Fa-f]{3,16})\|/;
const MODIFIER = /^([a-z]{2})([0-9:.-]*)/;
const EVENT = /^([A-Z]{2})([0-9A-Za-z]*?)(?=[A-Z]{2}|[a-z]{2}|\/|\^|$)/;
const TEXT = /^\^([^^]*)\^?/;

/** Parses SIA DCS message data (the text between `[` and `]`). */
export function parseSiaDcs(data: string): SiaDcsResult {
  let rest = data;
  const value: SiaDcsData = { events: [] };
  const account = ACCOUNT.exec(rest);
  if (account) {
    value.account = account[1] as string;
    rest = rest.slice(account[0].length);
  } else if (rest.startsWith('|')) {
    rest = rest.slice(1); // `[|Nri1/CL501]`: the account separator without an account
  }
  // `N` new event; `O` old (buffered) event as some panels send it.
  if (rest[0] !== 'N' && rest[0] !== 'O') return { ok: false, message: 'SIA DCS data does not start with N' };
  rest = rest.slice(1);
  const modifiers: { area?: string; user?: string } = {};
  let last: SiaDcsEvent | undefined;
  while (rest.length > 0) {
    if (rest[0] === '/') {
      rest = rest.slice(1);
      continue;
    }
    const text = TEXT.exec(rest);
    if (text) {
      // Text after an event is the event's; text after a modifier names it (an area's name) and is dropped.
      if (last && last.text === undefined) last.text = text[1] as string;
      rest = rest.slice(text[0].length);
      continue;
    }
    const modifier = MODIFIER.exec(rest);
    if (modifier) {
      if (modifier[1] === 'ri') modifiers.area = modifier[2] as string;
      if (modifier[1] === 'id') modifiers.user = modifier[2] as string;
      last = undefined;
      rest = rest.slice(modifier[0].length);
      continue;
    }
    const event = EVENT.exec(rest);
    if (!event) return { ok: false, message: `SIA DCS data: cannot read "${rest.slice(0, 16)}"` };
    last = { code: event[1] as string, zone: event[2] as string };
    if (modifiers.area !== undefined) last.area = modifiers.area;
    if (modifiers.user !== undefined) last.user = modifiers.user;
    value.events.push(last);
    rest = rest.slice(event[0].length);
  }
  if (value.events.length === 0) return { ok: false, message: 'SIA DCS data has no event code' };
  return { ok: true, value };
}

/**
 * Writes SIA DCS data: `#acct|N`, then per event `ri<area>/` and `id<user>/` when they change, code, zone
 * and `^text^`. Modifiers carry over to the events after them, as the data format has no way to clear one.
 */
export function formatSiaDcs(account: string | undefined, events: readonly SiaDcsEvent[]): string {
  let out = `${account === undefined ? '' : `#${account}|`}N`;
  let area: string | undefined;
  let user: string | undefined;
  events.forEach((e, i) => {
    if (i > 0) out += '/';
    if (e.area !== undefined && e.area !== area) {
      out += `ri${e.area}/`;
      area = e.area;
    }
    if (e.user !== undefined && e.user !== user) {
      out += `id${e.user}/`;
      user = e.user;
    }
    out += `${e.code}${e.zone}${e.text === undefined ? '' : `^${e.text}^`}`;
  });
  return out;
}
