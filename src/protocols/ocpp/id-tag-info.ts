// OCPP 1.6's IdTagInfo for an id tag: what Authorize, StartTransaction and StopTransaction answer. An id tag
// the store does not hold is Invalid; one past its expiry Expired.

import type { ChargingStore } from '../../runtime/services/services.js';

export interface IdTagInfo {
  status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';
  expiryDate?: string;
  parentIdTag?: string;
}

export async function idTagInfo(charging: ChargingStore, idTag: string, now: number): Promise<IdTagInfo> {
  const tag = await charging.getIdTag(idTag);
  if (!tag) return { status: 'Invalid' };
  const expired = tag.expiresAt !== null && tag.expiresAt <= now;
  return {
    status: expired ? 'Expired' : tag.status,
    ...(tag.expiresAt !== null ? { expiryDate: new Date(tag.expiresAt).toISOString() } : {}),
    ...(tag.parentIdTag !== null ? { parentIdTag: tag.parentIdTag } : {}),
  };
}
