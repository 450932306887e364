// What an op handler gets: the site's records, the services facade, the request grid, and who asks.

import type { HGrid } from 'haystack-core';
import type { Action } from '../../../auth/roles.js';
import type { Role, Services } from '../../../runtime/services/services.js';
import type { HisGrid } from '../his-grid.js';
import type { SiteRecords } from '../records.js';

export interface OpContext {
  records: SiteRecords;
  /** What the op sees of the running site: points, writes, history, alarms, trails, faults, users. */
  services: Services;
  request: HGrid;
  /** When the server started, epoch ms. */
  bootTime: number;
  /** Who asks: the authenticated user, for the audit trail. */
  user: string;
  /** The authenticated user's role (what `about` tells a client about itself). */
  role: Role;
  /** Client address, for the audit trail. */
  remote: string | null;
}

/** What an op answers: a grid, or a history grid that encodes itself quickly. */
export type Answer = HGrid | HisGrid;

export interface Op {
  name: string;
  /** Side-effect free: GET is allowed. */
  noSideEffects: boolean;
  doc: string;
  /** What the caller's role must allow (default `read`; pointWrite, hisWrite and invokeAction decide per request). */
  needs?: Action;
  run(ctx: OpContext): Answer | Promise<Answer>;
}
