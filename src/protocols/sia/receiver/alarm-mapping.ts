// Which received events raise an alarm: `server.sia.receiver.alarms`, a mapping of SIA codes to a severity
// (`alarm` or `warning`) or `false`, over the default of BA, TA and YT as alarms (sia-codes.ts marks them).
// The restore of a mapped code (BR for BA, TR for TA…) clears the alarm of the same account and zone. An
// account tied to a site device (`accounts."1001": {device: pir-1}`) raises none from its events: the device's
// own points raise its alarms, and they would be raised twice.

import type { AlarmSeverity } from '../../../runtime/services/services.js';
import { isRecord, type Problems } from '../../setting-checks.js';
import { SIA_CODES } from '../codec/sia-codes.js';

export interface ReportAlarms {
  /** Alarm codes and the severity each raises. */
  readonly codes: ReadonlyMap<string, AlarmSeverity>;
  /** Accounts (upper case) whose events raise no alarm: a site device's points raise its own. */
  readonly deviceAccounts: ReadonlySet<string>;
}

/** The codes that raise an alarm when `alarms` is not given. */
export const DEFAULT_ALARM_CODES: ReadonlyMap<string, AlarmSeverity> = new Map(
  Object.entries(SIA_CODES)
    .filter(([, code]) => code.alarm === true)
    .map(([code]) => [code, 'alarm' as AlarmSeverity]),
);

/** The mapping of `receiver.alarms` over the default, and the accounts of `receiver.accounts` with a device. */
export function reportAlarmsOf(raw: unknown, accounts: unknown, problems: Problems): ReportAlarms {
  const codes = new Map(DEFAULT_ALARM_CODES);
  if (raw === false) codes.clear();
  else if (raw !== undefined && raw !== null) {
    if (!isRecord(raw))
      problems.push('receiver.alarms must be a mapping: SIA code → alarm, warning or false');
    else
      for (const [code, severity] of Object.entries(raw)) {
        const where = `receiver.alarms.${code}`;
        const known = SIA_CODES[code];
        if (!known) {
          problems.push(
            `${where}: no SIA code ${JSON.stringify(code)} (two capital letters, e.g. BA, TA, FA)`,
          );
        } else if (known.restores) {
          problems.push(
            `${where}: ${code} restores ${known.restores}: map ${known.restores}, its restore clears it`,
          );
        } else if (severity === false) {
          codes.delete(code);
        } else if (severity === 'alarm' || severity === 'warning') {
          codes.set(code, severity);
        } else {
          problems.push(`${where} must be alarm, warning or false, not ${JSON.stringify(severity)}`);
        }
      }
  }
  const deviceAccounts = new Set<string>();
  if (isRecord(accounts))
    for (const [account, settings] of Object.entries(accounts))
      if (isRecord(settings) && typeof settings.device === 'string')
        deviceAccounts.add(account.toUpperCase());
  return { codes, deviceAccounts };
}

/** One event as the mapping reads it. */
export interface MappedEvent {
  account: string;
  code: string;
  zone: string;
  text?: string;
}

/** What an event does to the alarms: raise one, clear one (by key), or nothing. */
export type AlarmChange =
  | {
      kind: 'raise';
      key: string;
      source: string;
      subject: string;
      code: string;
      severity: AlarmSeverity;
      text: string;
    }
  | { kind: 'clear'; key: string }
  | null;

/** The alarm of an account's zone for an alarm code: `sia/<ACCOUNT>/<zone>/<code>`. */
export const reportAlarmKey = (account: string, zone: string, code: string) =>
  `sia/${account.toUpperCase()}/${zone}/${code}`;

/** What `event` does to the alarms under `mapping`. */
export function alarmChangeOf(mapping: ReportAlarms, event: MappedEvent): AlarmChange {
  if (mapping.deviceAccounts.has(event.account.toUpperCase())) return null;
  const severity = mapping.codes.get(event.code);
  if (severity) {
    const meaning = SIA_CODES[event.code]?.meaning ?? event.code;
    const zone = event.zone === '' ? '' : `, zone ${event.zone}`;
    const text = event.text ? ` (${event.text})` : '';
    return {
      kind: 'raise',
      key: reportAlarmKey(event.account, event.zone, event.code),
      source: `SIA account ${event.account}`,
      subject: event.zone === '' ? event.code : `zone ${event.zone} ${event.code}`,
      code: event.code,
      severity,
      text: `${meaning}, account ${event.account}${zone}${text}`,
    };
  }
  const restored = SIA_CODES[event.code]?.restores;
  if (restored && mapping.codes.has(restored))
    return { kind: 'clear', key: reportAlarmKey(event.account, event.zone, restored) };
  return null;
}
