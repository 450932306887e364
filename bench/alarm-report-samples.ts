// The received alarm reports the alarm-reports benches feed the stores: the `n`th report, 50 accounts,
// sequences 1–9999, never a resend of another within the receiver's window.

import type { ReceivedReport } from '../src/store/alarm-reports.js';

export const T0 = Date.UTC(2026, 0, 5);

export const receivedReport = (n: number): ReceivedReport => ({
  receivedAt: T0 + n * 100,
  account: `acct-${n % 50}`,
  receiver: 'R1',
  line: 'L1',
  sequence: (n % 9999) + 1,
  code: n % 10 === 0 ? 'TA' : 'BA',
  zone: String(n % 100),
  text: '',
  eventTime: T0 + n * 100,
  remote: '127.0.0.1:50322',
  transport: 'tcp',
  encrypted: false,
  frame: `\n1C2D0042"SIA-DCS"${String((n % 9999) + 1).padStart(4, '0')}R1L1#1234[#1234|Nri1/BA${n % 100}]\r`,
});
