// A plug-in's part on the shared HTTP host (src/http/host.ts): it mounts its routes before the host
// listens, and once the host listens says where they are. The composition root mounts every plug-in's
// part in the registry's order; the host's stop closes them with it.

import type { Logger } from '../core/logger.js';
import type { HttpHost } from '../http/host.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Site } from '../site/model.js';
import type { SitePlugin } from '../site/site-plugin.js';
import type { Store } from '../store/store.js';

/** What a plug-in mounting on the HTTP host is given. */
export interface HttpContext {
  site: Site;
  /** Every protocol plug-in of this server (the registry's, or a test's list). */
  plugins: readonly SitePlugin[];
  runtime: Runtime;
  store: Store;
  /** The data folder (reports, backups, the install's secrets). */
  dataDir: string;
  log: Logger;
  /** The built web UI to serve at `/` (undefined: the package's own; null: none). */
  webUiDir?: string | null;
  /** A request on an HTTP API: counted by the site's server metrics. */
  onRequest(): void;
  /** Failed logins throttled (a password being guessed): counted by the site's server metrics. */
  onSecurityIncident(): void;
  /**
   * The interfaces running now, in start order (the servers start after the routes are mounted, so this is
   * read on each request).
   */
  interfaces(): readonly RunningInterface[];
}

/** An interface of the running server as the `interfaces` op and the web UI's server page show it. */
export interface RunningInterface {
  /** The plug-in's name (its key) and title (for people). */
  readonly name: string;
  readonly title: string;
  /** Its URL on the HTTP host, the `host:port` its server listens on, or the broker it publishes to. */
  readonly address: string;
  /** What it says of itself (connection state, queues…) as JSON, or null when it says nothing. */
  readonly status: Readonly<Record<string, unknown>> | null;
}

/** Where a plug-in's routes answer, once the host listens. */
export interface HttpEndpoint {
  /** Its URL: `http://127.0.0.1:8080/api/`. */
  readonly address: string;
  /** The lines `start` prints for it (`Haystack API: http://…/api/`, `Web UI: http://…/`). */
  readonly banner: readonly string[];
}

export interface HttpService {
  /** Mounts its routes on `host` (nothing listens yet); answers where they are given the host's origin. */
  mount(host: HttpHost, context: HttpContext): (origin: string) => HttpEndpoint;
}
