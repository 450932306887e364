// The UI's only way to the server: Haystack ops over HTTP, JSON (Hayson) both ways, with the session's
// BEARER token. Error grids become `HaystackError` (their `dis` is the message a person reads).

import { type Dict, type Grid, gridOf, str } from './hayson';

/** An op answered with an error grid: `message` is the server's text (e.g. the write path's refusal). */
export class HaystackError extends Error {
  constructor(
    message: string,
    readonly op: string,
  ) {
    super(message);
    this.name = 'HaystackError';
  }
}

/** The session ended (token expired, server restarted, user removed): log in again. */
export class SessionEndedError extends Error {
  constructor() {
    super('Your session has ended: please log in again.');
    this.name = 'SessionEndedError';
  }
}

/** The user's role may not do this (an error grid marked `forbidden`, with the server's reason). */
export class ForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export interface OpOptions {
  /** Send as GET with these query parameters (side-effect-free ops only). */
  query?: Record<string, string>;
  /** Keep the request alive while the page unloads (closing a watch on leave). */
  keepalive?: boolean;
  signal?: AbortSignal;
}

export class HaystackClient {
  /** Called once when a request finds the session ended. */
  onSessionEnded: () => void = () => {};

  constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  /** Calls `op` with a request grid (POST) or query parameters (GET). */
  async op(op: string, request: Grid | null = null, options: OpOptions = {}): Promise<Grid> {
    const headers: Record<string, string> = {
      Authorization: `BEARER authToken=${this.token}`,
      Accept: 'application/json',
    };
    let url = `${this.base}/${op}`;
    let init: RequestInit;
    if (options.query) {
      url += `?${new URLSearchParams(options.query)}`;
      init = { method: 'GET', headers };
    } else {
      headers['Content-Type'] = 'application/json';
      init = { method: 'POST', headers, body: JSON.stringify(request ?? gridOf()) };
    }
    const res = await fetch(url, {
      ...init,
      cache: 'no-store',
      keepalive: options.keepalive ?? false,
      signal: options.signal ?? null,
    });
    if (res.status === 401) return this.ended();
    if (res.status === 403) {
      const text = (await res.text()).trim();
      if (/may not/.test(text)) throw new ForbiddenError(text);
      return this.ended();
    }
    if (!res.ok) throw new HaystackError(`${op}: HTTP ${res.status} ${(await res.text()).trim()}`, op);
    const grid = (await res.json()) as Grid;
    if (grid.meta && 'err' in grid.meta) {
      const message = str(grid.meta.dis) ?? `${op} failed`;
      throw 'forbidden' in grid.meta ? new ForbiddenError(message) : new HaystackError(message, op);
    }
    return grid;
  }

  private ended(): never {
    this.onSessionEnded();
    throw new SessionEndedError();
  }

  /** Records matching a Haystack filter. */
  async read(filter: string, limit?: number): Promise<Dict[]> {
    // POST: a filter sent as a GET parameter could be read as a Zinc value (`M`, `T`…).
    const row: Dict = limit === undefined ? { filter } : { filter, limit };
    return (await this.op('read', gridOf([row]))).rows;
  }

  /** Records by id, in order (null where an id is unknown). */
  async readByIds(ids: string[]): Promise<(Dict | null)[]> {
    if (ids.length === 0) return [];
    const grid = await this.op('read', gridOf(ids.map((id) => ({ id: { _kind: 'ref', val: id } }))));
    return grid.rows.map((row) => (row.id ? row : null));
  }
}
