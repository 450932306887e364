// What the SIA DC-03 event codes mean, for people: the alarm receiver's log shows a code with its meaning.
// The same table as the receiver's (the UI is a separate build; a test keeps the two the same), and the
// tone a code gets: an alarm red, a trouble amber, a restoral green.

export const SIA_CODE_MEANINGS: Readonly<Record<string, string>> = {
  BA: 'Burglary alarm',
  BR: 'Burglary restoral',
  BB: 'Burglary bypass',
  BU: 'Burglary unbypass',
  BT: 'Burglary trouble',
  BJ: 'Burglary trouble restore',
  BC: 'Burglary cancel',
  BV: 'Burglary verified',
  BZ: 'Missing supervision',
  TA: 'Tamper alarm',
  TR: 'Tamper restoral',
  YT: 'System battery trouble (low battery)',
  YR: 'System battery restoral',
  XT: 'Transmitter battery trouble',
  XR: 'Transmitter battery restoral',
  OP: 'Opening report (disarmed)',
  CL: 'Closing report (armed)',
  OA: 'Automatic opening',
  CA: 'Automatic closing',
  OR: 'Disarm from alarm',
  CG: 'Close area',
  OG: 'Open area',
  RP: 'Automatic test',
  RX: 'Manual test',
  RR: 'Power up',
  AT: 'AC trouble',
  AR: 'AC restoral',
  FA: 'Fire alarm',
  FR: 'Fire restoral',
  FT: 'Fire trouble',
  FJ: 'Fire trouble restore',
  PA: 'Panic alarm',
  PR: 'Panic restoral',
  HA: 'Holdup alarm',
  HR: 'Holdup restoral',
  MA: 'Medical alarm',
  MR: 'Medical restoral',
  WA: 'Water alarm',
  KA: 'Heat alarm',
  KR: 'Heat restoral',
  GA: 'Gas alarm',
  GR: 'Gas restoral',
  LT: 'Phone line trouble',
  LR: 'Phone line restoral',
  YC: 'Communications fail',
  YK: 'Communications restoral',
  UA: 'Untyped zone alarm',
  UT: 'Untyped zone trouble',
  UJ: 'Untyped zone trouble restore',
  UR: 'Untyped zone restoral',
  JA: 'User code tamper',
  NULL: 'Link test (supervision)',
};

/** The code's meaning, or null for a code the table does not know. */
export const siaCodeMeaning = (code: string): string | null =>
  Object.hasOwn(SIA_CODE_MEANINGS, code) ? (SIA_CODE_MEANINGS[code] ?? null) : null;

/** The pill tone of a code: alarm, warning (trouble, bypass), ok (restorals), else neutral. */
export function siaCodeTone(code: string): 'alarm' | 'warning' | 'ok' | 'neutral' {
  const meaning = siaCodeMeaning(code) ?? '';
  if (/ alarm$|tamper$|verified$/i.test(meaning)) return 'alarm';
  if (/trouble|bypass|fail/i.test(meaning) && !/restore/i.test(meaning)) return 'warning';
  if (/restor/i.test(meaning)) return 'ok';
  return 'neutral';
}
