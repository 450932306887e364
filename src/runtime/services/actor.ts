// Who makes a change through the facade, as the audit trail records it.

import type { Role } from '../../store/store.js';

/** Who makes a change, for the audit trail. */
export interface Actor {
  who: string;
  role: Role;
  /** The interface: a protocol plug-in's name, `cli` or `system`. */
  via: string;
  remote: string | null;
}
