// SIA DC-03 event codes this receiver understands, with their meaning. A code that is not here is answered
// DUH (understood frame, unsupported event). `alarm` marks the codes that raise an alarm by default (BA, TA,
// YT, as the SIA issue's default mapping says); the restore codes point back at what they restore.

export interface SiaCode {
  meaning: string;
  /** The code this one restores (BR → BA). */
  restores?: string;
  /** Raises an alarm by default. */
  alarm?: boolean;
}

export const SIA_CODES: Readonly<Record<string, SiaCode>> = {
  BA: { meaning: 'Burglary alarm', alarm: true },
  BR: { meaning: 'Burglary restoral', restores: 'BA' },
  BB: { meaning: 'Burglary bypass' },
  BU: { meaning: 'Burglary unbypass', restores: 'BB' },
  BT: { meaning: 'Burglary trouble' },
  BJ: { meaning: 'Burglary trouble restore', restores: 'BT' },
  BZ: { meaning: 'Missing supervision' }, // a wireless detector's supervision lost; BJ restores it
  BC: { meaning: 'Burglary cancel' },
  BV: { meaning: 'Burglary verified' },
  TA: { meaning: 'Tamper alarm', alarm: true },
  TR: { meaning: 'Tamper restoral', restores: 'TA' },
  YT: { meaning: 'System battery trouble (low battery)', alarm: true },
  YR: { meaning: 'System battery restoral', restores: 'YT' },
  XT: { meaning: 'Transmitter battery trouble' },
  XR: { meaning: 'Transmitter battery restoral', restores: 'XT' },
  OP: { meaning: 'Opening report (disarmed)' },
  CL: { meaning: 'Closing report (armed)' },
  OA: { meaning: 'Automatic opening' },
  CA: { meaning: 'Automatic closing' },
  OR: { meaning: 'Disarm from alarm' },
  CG: { meaning: 'Close area' },
  OG: { meaning: 'Open area' },
  RP: { meaning: 'Automatic test' },
  RX: { meaning: 'Manual test' },
  RR: { meaning: 'Power up' },
  AT: { meaning: 'AC trouble' },
  AR: { meaning: 'AC restoral', restores: 'AT' },
  FA: { meaning: 'Fire alarm' },
  FR: { meaning: 'Fire restoral', restores: 'FA' },
  FT: { meaning: 'Fire trouble' },
  FJ: { meaning: 'Fire trouble restore', restores: 'FT' },
  PA: { meaning: 'Panic alarm' },
  PR: { meaning: 'Panic restoral', restores: 'PA' },
  HA: { meaning: 'Holdup alarm' },
  HR: { meaning: 'Holdup restoral', restores: 'HA' },
  MA: { meaning: 'Medical alarm' },
  MR: { meaning: 'Medical restoral', restores: 'MA' },
  WA: { meaning: 'Water alarm' },
  KA: { meaning: 'Heat alarm' },
  KR: { meaning: 'Heat restoral', restores: 'KA' },
  GA: { meaning: 'Gas alarm' },
  GR: { meaning: 'Gas restoral', restores: 'GA' },
  LT: { meaning: 'Phone line trouble' },
  LR: { meaning: 'Phone line restoral', restores: 'LT' },
  YC: { meaning: 'Communications fail' },
  YK: { meaning: 'Communications restoral', restores: 'YC' },
  UA: { meaning: 'Untyped zone alarm' },
  UT: { meaning: 'Untyped zone trouble' },
  UJ: { meaning: 'Untyped zone trouble restore', restores: 'UT' },
  UR: { meaning: 'Untyped zone restoral', restores: 'UA' },
  JA: { meaning: 'User code tamper' },
  // NULL is not an event code: the `NULL` id token is DC-09's link test (supervision) message.
  NULL: { meaning: 'Link test (supervision)' },
};

export function siaCode(code: string): SiaCode | undefined {
  return Object.hasOwn(SIA_CODES, code) ? SIA_CODES[code] : undefined;
}
