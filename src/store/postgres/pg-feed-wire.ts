// What the cluster's change feed and the PostgreSQL store's commits of writes share: the feed's channel, the
// lock that orders its commits, and the form of a value it carries. Here, in the store, because a commit of
// writes appends its `priority` change to the feed in the same transaction (pg-state-writes.ts); the cluster
// (src/cluster/) builds on them.

import type { Value } from '../../core/value.js';

/** The LISTEN/NOTIFY channel a commit of changes notifies (payload: the newest seq it committed). */
export const FEED_CHANNEL = 'pointyard_feed';

/** The advisory lock that orders the feed's commits ("FEED"): seq order is commit order. */
export const FEED_COMMIT_LOCK = 0x46454544;

/** A point's value ('value': null when it has none) or a committed write's priority array ('priority'). */
export type FeedValue = Value | null | readonly (Value | null)[];
