// A pointWrite, invokeAction or hisWrite the caller's role may not make is refused before its op runs (the
// request gate): it is audited as the write path audits the refusals it makes, under the point it names (each
// point, for a hisWrite of several), with the gate's message. A request naming no point (or an unknown one)
// has nothing to file it under.

import { type HGrid, HNum } from 'haystack-core';
import type { Role, Services } from '../../../runtime/services/services.js';
import type { SiteRecords } from '../records.js';
import { hisWriteKeys } from './his-write.js';
import { idText } from './record-ref.js';

export interface RefusedRequest {
  op: string;
  grid: HGrid;
  user: string;
  role: Role;
  remote: string | null;
}

/** Audits a write refused at the gate; resolves once the record is committed (or could not be). */
export async function auditRefusedWrite(
  services: Services,
  records: SiteRecords,
  refused: RefusedRequest,
  message: string,
): Promise<void> {
  const actor = { who: refused.user, role: refused.role, via: 'haystack', remote: refused.remote };
  if (refused.op === 'hisWrite') {
    const keys = hisWriteKeys(records, services, refused.grid);
    return services.history.refuse({ ...actor, keys }, { code: 'forbidden', message });
  }
  if (refused.op !== 'pointWrite' && refused.op !== 'invokeAction') return;
  const row = refused.grid.getRows()[0];
  const named = refused.op === 'invokeAction' ? refused.grid.meta.get('id') : row?.get('id');
  const id = idText(named);
  const record = id === null ? undefined : records.byId.get(id);
  if (!record || record.point === null) return;
  const level = refused.op === 'pointWrite' ? row?.get('level') : undefined;
  const value = refused.op === 'pointWrite' ? row?.get('val') : refused.grid.meta.get('action');
  await services.writes.refuse(
    {
      key: services.points.entry(record.point).key,
      value: value?.toZinc() ?? null,
      level: level instanceof HNum ? level.value : undefined,
      ...actor,
    },
    { code: 'forbidden', message },
  );
}
