// The trails a protocol reads: device events and the audit trail, newest first.

import type {
  AuditFilter,
  AuditRecord,
  EventFilter,
  EventStore,
  SiteEvent,
  WriteStore,
} from '../../store/store.js';

export interface TrailsService {
  events: { query(filter?: EventFilter): Promise<SiteEvent[]> };
  audit: { query(filter?: AuditFilter): Promise<AuditRecord[]> };
}

export function trailsService(store: EventStore & Pick<WriteStore, 'queryAudit'>): TrailsService {
  return {
    events: { query: (filter) => store.queryEvents(filter) },
    audit: { query: (filter) => store.queryAudit(filter) },
  };
}
