// The Haystack HTTP server's request limits and debug setting, from the site file's `server.http` (`host` and
// `port` are read by the composition root, src/server.ts), with a message a person can act on for a value
// that cannot be used.

import type { Site } from '../../site/model.js';
import { parseDuration } from '../../util/time.js';

export interface HttpSettings {
  /** Largest request body, bytes: a longer one is answered 413 without being read. */
  bodyLimit: number;
  /** Time to receive a request's body, ms: a slower one is answered 408 and its connection closed. */
  bodyTimeoutMs: number;
  /** Error grids carry `errTrace` (the stack of an unexpected failure) only when true. */
  debug: boolean;
}

export const HTTP_DEFAULTS: HttpSettings = {
  bodyLimit: 1024 * 1024,
  bodyTimeoutMs: 30_000,
  debug: false,
};

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 };
const MAX_BODY_LIMIT = 64 * 1024 * 1024;

/** `1048576`, `512KB`, `2MB` → bytes; null when unreadable. */
function parseSize(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : null;
  const match = typeof raw === 'string' ? /^\s*(\d+)\s*(b|kb|mb)?\s*$/i.exec(raw) : null;
  if (!match) return null;
  return Number(match[1]) * (SIZE_UNITS[(match[2] ?? '').toLowerCase()] as number);
}

/** Every key `server.http` takes (`host` and `port` are read by the composition root, src/server.ts). */
const KEYS = ['host', 'port', 'bodyLimit', 'bodyTimeout', 'debug'];

/** A key no one reads (a typo, `bodylimit`) is a problem, not silently a default. */
function unknownKeys(raw: Record<string, unknown>, problems: string[]): void {
  for (const key of Object.keys(raw)) {
    if (KEYS.includes(key)) continue;
    const meant = KEYS.find((known) => known.toLowerCase() === key.toLowerCase());
    problems.push(
      `server.http.${key} is not an HTTP setting${meant ? ` (did you mean ${meant}?)` : ''} (known: ${KEYS.join(', ')})`,
    );
  }
}

/** The settings of `server.http` over the defaults; `problems` are `server.http.<key> …` messages. */
export function httpSettings(raw: unknown): { settings: HttpSettings; problems: string[] } {
  const problems: string[] = [];
  const settings = { ...HTTP_DEFAULTS };
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { settings, problems: ['server.http must be a mapping'] };
  unknownKeys(raw as Record<string, unknown>, problems);
  const { bodyLimit, bodyTimeout, debug } = raw as Record<string, unknown>;
  if (bodyLimit !== undefined) {
    const bytes = parseSize(bodyLimit);
    if (bytes !== null && bytes >= 1024 && bytes <= MAX_BODY_LIMIT) settings.bodyLimit = bytes;
    else
      problems.push(
        `server.http.bodyLimit must be a size from 1KB to 64MB (bytes, or such as 512KB or 2MB), not ${JSON.stringify(bodyLimit)}`,
      );
  }
  if (bodyTimeout !== undefined) {
    const ms =
      typeof bodyTimeout === 'number' && bodyTimeout > 0 && Number.isFinite(bodyTimeout)
        ? Math.round(bodyTimeout * 1000)
        : typeof bodyTimeout === 'string'
          ? parseDuration(bodyTimeout)
          : null;
    if (ms !== null) settings.bodyTimeoutMs = ms;
    else
      problems.push(
        `server.http.bodyTimeout must be seconds or a duration such as 30s or 2min, not ${JSON.stringify(bodyTimeout)}`,
      );
  }
  if (debug !== undefined) {
    if (typeof debug === 'boolean') settings.debug = debug;
    else problems.push(`server.http.debug must be true or false, not ${JSON.stringify(debug)}`);
  }
  return { settings, problems };
}

/** The site's `server.http` settings; throws with every problem when one cannot be used. */
export function httpSettingsOf(site: Site): HttpSettings {
  const { settings, problems } = httpSettings(site.server.http);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return settings;
}
