// What the CSMS's message logs hold once every charge point's log is full: `count` logs as the CSMS makes
// them (its size per charge point and its budget for all), each given 400 messages — MeterValues calls of the
// load generator's size and their results, as flat strings as they come off the WebSocket — and the heap
// they keep after a full garbage collection.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MESSAGE_LOG_BYTES } from '../src/protocols/ocpp/csms.js';
import { MessageLogBudget } from '../src/protocols/ocpp/csms-message-log-budget.js';
import { MessageLog } from '../src/protocols/ocpp/message-log.js';
import { OCPP_DEFAULTS } from '../src/protocols/ocpp/ocpp-settings.js';

setFlagsFromString('--expose-gc');
/** A full garbage collection. */
export const gc = runInNewContext('gc') as () => void;

const frame = (i: number) =>
  `[2,"${i}","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"${new Date(Date.UTC(2026, 0, 5) + i * 10_000).toISOString()}","sampledValue":[` +
  `{"value":"${1_000_000 + i}","measurand":"Energy.Active.Import.Register","unit":"Wh"},` +
  `{"value":"7200","measurand":"Power.Active.Import","unit":"W"},` +
  `{"value":"${i % 40}","measurand":"Current.Import","unit":"A","phase":"L1"}]}]}]`;

/** Heap kept by `count` full message logs, MiB, and the messages they keep. */
export function messageLogMemory(count: number): { mib: number; kept: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const budget = new MessageLogBudget(MESSAGE_LOG_BYTES);
  const logs: MessageLog[] = [];
  const messages = 2 * OCPP_DEFAULTS.messageLog;
  for (let n = 0; n < count; n++) {
    const log = new MessageLog(OCPP_DEFAULTS.messageLog, budget);
    logs.push(log);
    for (let i = 0; i < messages; i += 2) {
      log.record(i, 'in', Buffer.from(frame(i)).toString());
      log.record(i + 1, 'out', Buffer.from(`[3,"${i}",{}]`).toString());
    }
  }
  gc();
  const mib = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  const kept = logs.reduce((sum, log) => sum + log.list().length, 0);
  return { mib, kept };
}
