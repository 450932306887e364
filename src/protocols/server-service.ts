// A plug-in's server of its own (a listening socket: Modbus TCP, BACnet/IP…): the command-line options it
// adds to `pointyard start`, its settings (the site file's `server.<name>` merged with those options), and
// its start. The composition root (src/server.ts) starts each one after the HTTP host, in the registry's
// order, and the ordered stop closes them (runtime/shutdown.ts).

import type { Logger } from '../core/logger.js';
import type { Services } from '../runtime/services/services.js';
import type { Site } from '../site/model.js';

/** One option of `pointyard start` a plug-in declares (`--modbus-port <port>`, `--no-modbus`). */
export interface ServerOption {
  /** As on a command line: `--modbus-port <port>`, `--modbus-read-only`, `--no-modbus`. */
  readonly flags: string;
  /** The help text. */
  readonly description: string;
  /** Reads and checks the option's text; throws an Error whose message says what is expected. */
  readonly parse?: (text: string) => unknown;
}

/**
 * The values of the command line's options, by the camel-case name of their flag: `--modbus-port 502` →
 * `modbusPort: 502`, `--modbus-read-only` → `modbusReadOnly: true`, `--no-modbus` → `modbus: false`; a
 * flag not given is absent (or true for a `--no-…` flag).
 */
export type OptionValues = Readonly<Record<string, unknown>>;

/** What every server shares on the command line. */
export interface CommonOptions {
  /** `--host`: the address every server listens on unless its own flag says otherwise. */
  host?: string;
}

/** What a starting server is given. */
export interface ServerContext {
  /** The running site as protocols see it: points, the write path, the trails. */
  services: Services;
  log: Logger;
  /** A client sent a request (its IP address): counted by the site's server metrics. */
  onRequest(remoteAddress: string): void;
  /** A client connected (`open` true) or went away. */
  onConnection(remoteAddress: string, open: boolean): void;
  /** A client refused for its credentials or identity (a bad password, an unknown charge point): a Security Alert. */
  onSecurityIncident?(): void;
  /** The site's charging back end (a CSMS) listens (true) or stopped: the parking server's OCPP Backend Status. */
  onChargingBackend?(running: boolean): void;
  /**
   * A folder of the plug-in's own inside the data folder (`<data>/<plug-in name>`, made owner-only on
   * demand by the plug-in), for what it keeps across restarts; absent when nothing is kept on disk.
   */
  stateDir?: string;
}

/** A server that listens. */
export interface StartedServer {
  /** Where it listens, as people write it: `127.0.0.1:5020`. */
  readonly address: string;
  /** The lines `start` prints for it (`Modbus TCP: 127.0.0.1:5020`); default `<title>: <address>`. */
  readonly banner?: readonly string[];
  /** Stops listening and ends its connections, destroying those still open after `graceMs`. */
  close(graceMs: number): Promise<void>;
  /**
   * Sends everything again to its clients (the parking server's Integration Sync): a publisher republishes
   * every point. Resolves with a line saying what it did.
   */
  resync?(): Promise<string>;
  /** What the web UI's server page shows of it (connection state, queues…), as JSON. */
  status?(): Record<string, unknown>;
}

/** `S`: the plug-in's settings, site file and options merged. */
export interface ServerService<S> {
  /** The options it adds to `pointyard start`. */
  readonly options: readonly ServerOption[];
  /**
   * Its settings: options first, then the site file's `server.<name>`, then `common`, then its defaults;
   * null when it is not to be served. `problems` are messages a person can act on, about the site file's
   * keys (`port must be an integer from 0 to 65535, not "x"`); `start` then refuses to start.
   */
  settings(
    site: Site,
    options: OptionValues,
    common: CommonOptions,
  ): { settings: S | null; problems: string[] };
  /**
   * The node-wide roles it plays with `settings` (talking to one outside peer for the whole site): in a
   * cluster, one node at a time plays each (services.roles tells the server when it takes or loses one).
   */
  clusterRoles?(settings: S): readonly string[];
  /** Where `settings` would listen (`127.0.0.1:5020`), for the message of a start that fails. */
  where(settings: S): string;
  /** Starts listening; rejects when it cannot (the address is in use…). */
  start(settings: S, context: ServerContext): Promise<StartedServer>;
}
