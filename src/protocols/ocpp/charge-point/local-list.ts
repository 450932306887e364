// The local authorization list (SendLocalList / GetLocalListVersion, OCPP 1.6 section 5.15): id tags the
// charge point may accept without the CSMS, kept as one state entry with its version.

import { LOCAL_LIST_MAX, SEND_LOCAL_LIST_MAX } from './configuration-keys.js';

export interface IdTagInfo {
  status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';
  expiryDate?: string;
  parentIdTag?: string;
}

export interface SendLocalList {
  listVersion: number;
  updateType: 'Differential' | 'Full';
  localAuthorizationList?: Array<{ idTag: string; idTagInfo?: IdTagInfo }>;
}

export const LOCAL_LIST_STATE_KEY = 'localList';

export class LocalList {
  private version = 0;
  private entries = new Map<string, IdTagInfo>();

  constructor(saved: string | undefined) {
    if (!saved) return;
    const { version, entries } = JSON.parse(saved) as {
      version: number;
      entries: Array<[string, IdTagInfo]>;
    };
    this.version = version;
    for (const [tag, info] of entries) this.entries.set(tag, info);
  }

  get listVersion(): number {
    return this.version;
  }

  /** Whether the list accepts `idTag` at `now` (Accepted and not expired). */
  accepts(idTag: string, now: number): boolean {
    const info = this.entries.get(idTag);
    if (!info || info.status !== 'Accepted') return false;
    return info.expiryDate === undefined || Date.parse(info.expiryDate) > now;
  }

  /**
   * Applies an update: Accepted; VersionMismatch (a differential update not newer); Failed (more entries than
   * SendLocalListMaxLength, or a list longer than LocalAuthListMaxLength: nothing changes then).
   */
  update(req: SendLocalList): 'Accepted' | 'Failed' | 'VersionMismatch' {
    const list = req.localAuthorizationList ?? [];
    if (list.length > SEND_LOCAL_LIST_MAX) return 'Failed';
    if (req.updateType === 'Differential' && req.listVersion <= this.version) return 'VersionMismatch';
    const next = req.updateType === 'Full' ? new Map<string, IdTagInfo>() : new Map(this.entries);
    for (const { idTag, idTagInfo } of list) {
      // In a differential update an entry without idTagInfo is removed (section 5.15).
      if (idTagInfo) next.set(idTag, idTagInfo);
      else next.delete(idTag);
    }
    if (next.size > LOCAL_LIST_MAX) return 'Failed';
    this.entries = next;
    this.version = req.listVersion;
    return 'Accepted';
  }

  state(): Map<string, string> {
    return new Map([
      [LOCAL_LIST_STATE_KEY, JSON.stringify({ version: this.version, entries: [...this.entries] })],
    ]);
  }
}
