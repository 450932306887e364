// Records the conformance suite writes: plain, complete, and different enough to tell apart.

import type { Alarm, AuditRecord, SiteEvent, User } from '../store.js';

export const auditRecord = (key: string, ts: number, more: Partial<AuditRecord> = {}): AuditRecord => ({
  ts,
  who: 'alice',
  via: 'test',
  remote: null,
  key,
  level: 16,
  action: 'write',
  written: 21.5,
  before: 20,
  after: 21.5,
  ...more,
});

export const siteEvent = (ts: number, device: string, more: Partial<SiteEvent> = {}): SiteEvent => ({
  ts,
  device,
  point: null,
  kind: 'session',
  message: `event at ${ts}`,
  data: null,
  ...more,
});

export const newAlarm = (key: string, raisedAt: number, more: Partial<Alarm> = {}): Alarm => {
  const [device = key, point = key] = key.split('.');
  return {
    id: 0,
    key,
    device,
    point,
    value: true,
    severity: 'alarm',
    state: 'active',
    raisedAt,
    ackedAt: null,
    ackedBy: null,
    clearedAt: null,
    reported: null,
    ...more,
  };
};

export const storedUser = (name: string, role: User['role'] = 'viewer', t = 1_700_000_000_000): User => ({
  name,
  role,
  salt: Buffer.alloc(32, 1).toString('base64'),
  iterations: 10_000,
  storedKey: Buffer.alloc(32, 2).toString('base64'),
  serverKey: Buffer.alloc(32, 3).toString('base64'),
  createdAt: t,
  updatedAt: t,
});
