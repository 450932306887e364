// `/healthz`, without login: 200 `{status: 'ok'}` while the store writes; 503 `{status: 'error', store: […]}`
// once it refuses writes (a full disk, an I/O error, a lock that never lets go), with what is wrong and since
// when, until a later write succeeds. A supervisor or load balancer then sees what Database Status shows.

import type { Site } from '../site/model.js';
import type { Store } from '../store/store.js';

export interface HealthAnswer {
  code: 200 | 503;
  body: {
    status: 'ok' | 'error';
    site: string;
    store?: Array<{ database: string; error: string; since: string }>;
  };
}

export function healthOf(site: Site, store: Store): HealthAnswer {
  const problems = store.health.problems;
  if (problems.length === 0) return { code: 200, body: { status: 'ok', site: site.site.id } };
  return {
    code: 503,
    body: {
      status: 'error',
      site: site.site.id,
      store: problems.map((p) => ({
        database: p.database,
        error: p.message,
        since: new Date(p.since).toISOString(),
      })),
    },
  };
}
