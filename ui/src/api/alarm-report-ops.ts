// `alarmReports` and `alarmTransmitter` (docs/haystack.md): the alarm receiver's log and the transmitter's
// queue as typed rows.
import type { HaystackClient } from './client';
import { type Dict, dateTimeMs, gridOf, isMarker, num, str } from './hayson';

export interface ReceivedReportRow {
  receivedAt: number;
  /** The frame's own time, when it carried one. */
  eventTime: number | null;
  account: string;
  receiver: string | null;
  line: string;
  sequence: number;
  code: string;
  zone: string;
  text: string;
  transport: string;
  remote: string;
  encrypted: boolean;
}

export interface ReportPage {
  rows: ReceivedReportRow[];
  /** Another page follows this one. */
  more: boolean;
}

export interface ReportFilter {
  account?: string;
  code?: string;
  limit: number;
  offset: number;
}

export async function readAlarmReports(client: HaystackClient, filter: ReportFilter): Promise<ReportPage> {
  const row: Dict = { limit: filter.limit, offset: filter.offset };
  if (filter.account) row.account = filter.account;
  if (filter.code) row.code = filter.code;
  const grid = await client.op('alarmReports', gridOf([row]));
  return {
    more: isMarker(grid.meta.more),
    rows: grid.rows.map((r) => ({
      receivedAt: dateTimeMs(r.receivedAt) ?? 0,
      eventTime: dateTimeMs(r.eventTime),
      account: str(r.account) ?? '',
      receiver: str(r.receiver),
      line: str(r.line) ?? '',
      sequence: num(r.sequence) ?? 0,
      code: str(r.code) ?? '',
      zone: str(r.zone) ?? '',
      text: str(r.text) ?? '',
      transport: str(r.transport) ?? '',
      remote: str(r.remote) ?? '',
      encrypted: r.encrypted === true,
    })),
  };
}

export interface TransmitterAccountRow {
  account: string;
  /** Reports queued, not yet acknowledged. */
  waiting: number;
  lastDeliveredAt: number | null;
  lastReceiver: string | null;
  lastCode: string | null;
  lastZone: string | null;
}

export async function readTransmitterAccounts(client: HaystackClient): Promise<TransmitterAccountRow[]> {
  const grid = await client.op('alarmTransmitter');
  return grid.rows.map((r) => ({
    account: str(r.account) ?? '',
    waiting: num(r.waiting) ?? 0,
    lastDeliveredAt: dateTimeMs(r.lastDeliveredAt),
    lastReceiver: str(r.lastReceiver),
    lastCode: str(r.lastCode),
    lastZone: str(r.lastZone),
  }));
}
