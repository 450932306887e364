// The MQTT interface's settings from the site file's `server.mqtt` and the command line (which wins), with a
// message a person can act on for every key that cannot be used. Without `url` Pointyard runs its own broker
// (host, port); with `url` it publishes to that broker instead and runs none.

import { readFileSync } from 'node:fs';
import type { Role } from '../../runtime/services/services.js';
import type { Site } from '../../site/model.js';
import { sitePath } from '../../site/site-path.js';
import { boolean, integer, isRecord, type Problems, role, unknownKeys } from '../setting-checks.js';

/** Who may use the embedded broker without a Pointyard user: nobody, or subscribers only. */
export type Anonymous = 'none' | 'read';

/** The broker Pointyard runs itself (no `url`). */
export interface EmbeddedBroker {
  readonly kind: 'embedded';
  readonly host: string;
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** What a client without credentials may do; commands always need an operator or admin. */
  readonly anonymous: Anonymous;
}

/** A broker run by someone else, by URL. */
export interface ExternalBroker {
  readonly kind: 'external';
  /** `mqtt://host:port` or `mqtts://host:port`. */
  readonly url: string;
  readonly username: string | null;
  /** From the environment variable `passwordEnv`, never from the site file. */
  readonly password: string | null;
  /** PEM texts (read at start): the CA the broker's certificate chains to, a client certificate and key. */
  readonly ca: string | null;
  readonly cert: string | null;
  readonly key: string | null;
}

export interface MqttSettings {
  readonly broker: EmbeddedBroker | ExternalBroker;
  /** The MQTT client id of Pointyard's own connection. */
  readonly clientId: string;
  /** 4: MQTT 3.1.1, 5: MQTT 5 (an external broker only: the embedded one speaks 3.1.1). */
  readonly protocolVersion: 4 | 5;
  /** The role commands from an external broker write with (its ACLs decide who may publish them). */
  readonly commandRole: Role;
  /** Plain JSON topics: `<prefix>/<site>/<device>/<point>`, or null when off. */
  readonly json: { readonly prefix: string; readonly qos: 0 | 1 } | null;
  /** Sparkplug B 3.0 edge node, or null when off. */
  readonly sparkplug: {
    /** Group id (default the site's id) and edge node id (default `pointyard`). */
    readonly group: string;
    readonly node: string;
    /** The primary host application whose STATE gates DATA messages, or null for none. */
    readonly primaryHost: string | null;
  } | null;
  /** Home Assistant discovery under `<prefix>/…`, or null when off (the default). */
  readonly homeAssistant: { readonly prefix: string } | null;
  /** While an external broker is unreachable: updates kept on disk, at most this many bytes and this old. */
  readonly buffer: { readonly maxBytes: number; readonly maxAgeMs: number };
}

export interface MqttFlags {
  /** False with --no-mqtt. */
  enabled?: boolean;
  host?: string;
  port?: number;
  url?: string;
}

const KEYS = [
  'enabled',
  'host',
  'port',
  'anonymous',
  'url',
  'username',
  'passwordEnv',
  'ca',
  'cert',
  'key',
  'clientId',
  'protocolVersion',
  'commandRole',
  'json',
  'sparkplug',
  'homeAssistant',
  'buffer',
];

/** Sparkplug ids and topic levels: no MQTT wildcards, no `/`. */
const TOPIC_LEVEL = /^[^/#+\s]{1,64}$/;
/** A topic prefix of one or more levels. */
const TOPIC_PREFIX = /^[^/#+\s]+(\/[^/#+\s]+)*$/;

export const MQTT_DEFAULTS = {
  host: '127.0.0.1',
  port: 1883,
  anonymous: 'read' as Anonymous,
  jsonPrefix: 'pointyard',
  node: 'pointyard',
  homeAssistantPrefix: 'homeassistant',
  bufferMB: 100,
  bufferHours: 24,
};

function text(raw: unknown, key: string, pattern: RegExp | null, problems: Problems): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && raw !== '' && (pattern === null || pattern.test(raw))) return raw;
  problems.push(
    pattern
      ? `${key} must be a topic name without '#', '+', spaces${pattern === TOPIC_LEVEL ? " or '/'" : ''}, not ${JSON.stringify(raw)}`
      : `${key} must be a text, not ${JSON.stringify(raw)}`,
  );
  return undefined;
}

/** A part that is on unless `enabled: false`; `defaultOn` when the key is absent. */
function part(
  raw: unknown,
  key: string,
  known: readonly string[],
  defaultOn: boolean,
  problems: Problems,
): Record<string, unknown> | null {
  if (raw === undefined) return defaultOn ? {} : null;
  if (raw === false) return null;
  if (raw === true) return {};
  if (!isRecord(raw)) {
    problems.push(`${key} must be a mapping (or true / false)`);
    return null;
  }
  unknownKeys(raw, ['enabled', ...known], `${key}.`, key, problems);
  const enabled = boolean(raw.enabled, `${key}.enabled`, problems);
  if (enabled === false || (enabled === undefined && !defaultOn && Object.keys(raw).length === 0))
    return null;
  return raw;
}

function pem(site: Site, raw: unknown, key: string, problems: Problems): string | null {
  if (raw === undefined) return null;
  try {
    if (typeof raw !== 'string') throw new Error('not a file name');
    return readFileSync(sitePath(site, raw), 'utf8');
  } catch (err) {
    problems.push(`${key} must be a PEM file: ${(err as Error).message}`);
    return null;
  }
}

function broker(
  site: Site,
  raw: Record<string, unknown>,
  flags: MqttFlags,
  fallbackHost: string | undefined,
  env: NodeJS.ProcessEnv,
  problems: Problems,
): EmbeddedBroker | ExternalBroker {
  const url = flags.url ?? raw.url;
  if (url !== undefined) {
    if (typeof url !== 'string' || !/^mqtts?:\/\/[^/]+\/?$/.test(url))
      problems.push(`url must be mqtt://host:port or mqtts://host:port, not ${JSON.stringify(url)}`);
    let password: string | null = null;
    if (raw.passwordEnv !== undefined) {
      const name = raw.passwordEnv;
      if (typeof name !== 'string' || env[name] === undefined || env[name] === '')
        problems.push(
          `passwordEnv names the environment variable that holds the broker's password; ${JSON.stringify(name)} is not set`,
        );
      else password = env[name] as string;
    }
    return {
      kind: 'external',
      url: typeof url === 'string' ? url.replace(/\/$/, '') : '',
      username: text(raw.username, 'username', null, problems) ?? null,
      password,
      ca: pem(site, raw.ca, 'ca', problems),
      cert: pem(site, raw.cert, 'cert', problems),
      key: pem(site, raw.key, 'key', problems),
    };
  }
  // The embedded broker (aedes) speaks MQTT 3.1.1 only.
  for (const key of ['username', 'passwordEnv', 'ca', 'cert', 'key', 'protocolVersion'])
    if (raw[key] !== undefined) problems.push(`${key} is for an external broker: give its url too`);
  const anonymous = raw.anonymous ?? MQTT_DEFAULTS.anonymous;
  if (anonymous !== 'none' && anonymous !== 'read')
    problems.push(`anonymous must be none or read, not ${JSON.stringify(anonymous)}`);
  return {
    kind: 'embedded',
    host: flags.host ?? fallbackHost ?? text(raw.host, 'host', null, problems) ?? MQTT_DEFAULTS.host,
    port: flags.port ?? integer(raw.port, 'port', 0, 65_535, problems) ?? MQTT_DEFAULTS.port,
    anonymous: anonymous === 'none' ? 'none' : 'read',
  };
}

/**
 * The MQTT settings: flags first, then `server.mqtt`, then `fallbackHost` (start's --host), then the
 * defaults; null when MQTT is not served (`--no-mqtt`, no `server.mqtt`, or `enabled: false`).
 */
export function mqttSettings(
  site: Site,
  flags: MqttFlags,
  fallbackHost?: string,
  env: NodeJS.ProcessEnv = process.env,
): { settings: MqttSettings | null; problems: string[] } {
  const raw = site.server.mqtt;
  const problems: Problems = [];
  if (raw === undefined || raw === null || flags.enabled === false) return { settings: null, problems };
  if (!isRecord(raw)) return { settings: null, problems: ['must be a mapping'] };
  unknownKeys(raw, KEYS, '', 'MQTT', problems);
  if (boolean(raw.enabled, 'enabled', problems) === false) return { settings: null, problems };
  const json = part(raw.json, 'json', ['prefix', 'qos'], true, problems);
  const sparkplug = part(raw.sparkplug, 'sparkplug', ['group', 'node', 'primaryHost'], true, problems);
  const ha = part(raw.homeAssistant, 'homeAssistant', ['prefix'], false, problems);
  const buffer = isRecord(raw.buffer) ? raw.buffer : {};
  if (raw.buffer !== undefined && !isRecord(raw.buffer)) problems.push('buffer must be a mapping');
  unknownKeys(buffer, ['maxMB', 'maxAgeHours'], 'buffer.', 'buffer', problems);
  const version = raw.protocolVersion ?? 4;
  if (version !== 4 && version !== 5)
    problems.push(`protocolVersion must be 4 (MQTT 3.1.1) or 5, not ${JSON.stringify(version)}`);
  const qos = json?.qos ?? 1;
  if (qos !== 0 && qos !== 1) problems.push(`json.qos must be 0 or 1, not ${JSON.stringify(qos)}`);
  const node = sparkplug
    ? (text(sparkplug.node, 'sparkplug.node', TOPIC_LEVEL, problems) ?? MQTT_DEFAULTS.node)
    : MQTT_DEFAULTS.node;
  const settings: MqttSettings = {
    broker: broker(site, raw, flags, fallbackHost, env, problems),
    clientId: text(raw.clientId, 'clientId', null, problems) ?? `pointyard-${site.site.id}-${node}`,
    protocolVersion: version === 5 ? 5 : 4,
    commandRole: role(raw.commandRole, 'commandRole', problems) ?? 'operator',
    json: json
      ? {
          prefix: text(json.prefix, 'json.prefix', TOPIC_PREFIX, problems) ?? MQTT_DEFAULTS.jsonPrefix,
          qos: qos === 0 ? 0 : 1,
        }
      : null,
    sparkplug: sparkplug
      ? {
          group: text(sparkplug.group, 'sparkplug.group', TOPIC_LEVEL, problems) ?? site.site.id,
          node,
          primaryHost: text(sparkplug.primaryHost, 'sparkplug.primaryHost', TOPIC_LEVEL, problems) ?? null,
        }
      : null,
    homeAssistant: ha
      ? {
          prefix:
            text(ha.prefix, 'homeAssistant.prefix', TOPIC_PREFIX, problems) ??
            MQTT_DEFAULTS.homeAssistantPrefix,
        }
      : null,
    buffer: {
      maxBytes:
        (integer(buffer.maxMB, 'buffer.maxMB', 1, 1_000_000, problems) ?? MQTT_DEFAULTS.bufferMB) *
        1024 *
        1024,
      maxAgeMs:
        (integer(buffer.maxAgeHours, 'buffer.maxAgeHours', 1, 24 * 365, problems) ??
          MQTT_DEFAULTS.bufferHours) * 3_600_000,
    },
  };
  return { settings, problems };
}
