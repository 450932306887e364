// A device's source: where its values come from. `sim` is the behaviour model; any other kind is a protocol
// plug-in's, whose connector reads a real device: written as a mapping (`{kind: <plug-in name>, …}`) or as a
// URL of one of its schemes. The plug-in reads its own settings; the connector framework's (`staleMs`,
// `disabled`) are read here for every kind.

import { CONNECTOR_FIELDS, readConnectorSettings } from './connector-settings.js';
import type { ConnectorSource, DeviceSource } from './model.js';
import type { SourceSupport } from './plugin-source.js';
import type { SitePlugin } from './site-plugin.js';
import { isMapping } from './values.js';

export interface SourceReading {
  /** Null when the source is refused, or malformed (the schema reports that). */
  source: DeviceSource | null;
  /** Why the source is refused, for the `source` line; null when it is not. */
  problem: string | null;
}

const refuse = (problem: string): SourceReading => ({ source: null, problem });

type Readable = SitePlugin & { source: SourceSupport };

const readers = (plugins: readonly SitePlugin[]) => plugins.filter((p): p is Readable => !!p.source);

/** `source: sim`, `source: {kind: sim}`, a plug-in's URL or mapping, or absent (sim). */
export function readSource(raw: unknown, plugins: readonly SitePlugin[]): SourceReading {
  if (raw === undefined) return { source: { kind: 'sim' }, problem: null };
  if (typeof raw === 'string') {
    const byUrl = readers(plugins).find((p) => p.source.schemes.some((s) => raw.startsWith(`${s}://`)));
    if (byUrl) return fromUrl(byUrl, raw);
  }
  const settings = isMapping(raw) ? raw : null;
  const kind = typeof raw === 'string' ? raw : settings?.kind;
  if (typeof kind !== 'string' || kind === '') return { source: null, problem: null };
  if (kind === 'sim') {
    const extra = Object.keys(settings ?? {}).find((key) => key !== 'kind');
    if (extra !== undefined) return refuse(`source sim takes no settings (unknown field '${extra}')`);
    return { source: { kind: 'sim' }, problem: null };
  }
  const plugin = plugins.find((p) => p.name === kind);
  if (plugin?.source) return fromSettings(plugin as Readable, settings ?? { kind });
  const running = ['sim', ...readers(plugins).map((p) => p.name)].map((k) => `'${k}'`);
  if (plugin)
    return refuse(
      `source '${kind}' is not available yet: only ${listed(running, 'and')} devices run in this version`,
    );
  return refuse(`unknown source '${kind}' (${expected(plugins)})`);
}

/** `expected sim, <kind> or a <scheme>:// URL`: the kinds and URL schemes the plug-ins read. */
function expected(plugins: readonly SitePlugin[]): string {
  const withSource = readers(plugins);
  const schemes = withSource.flatMap((p) => p.source.schemes.map((s) => `${s}://`));
  const choices = ['sim', ...withSource.map((p) => p.name)];
  if (schemes.length > 0) choices.push(`a ${listed(schemes, 'or')} URL`);
  return `expected ${listed(choices, 'or', ', ')}`;
}

/** `a, b and c` (or `a or b`); `last` joins the last two, `sep` the others. */
function listed(items: readonly string[], last: string, sep = ', '): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(sep)} ${last} ${items.at(-1)}`;
}

function fromUrl(plugin: Readable, text: string): SourceReading {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse(`source '${text}' is not a valid URL`);
  }
  const reading = plugin.source.fromUrl(url, text);
  if ('problem' in reading) return refuse(reading.problem);
  return fromSettings(plugin, { kind: plugin.name, ...reading.settings });
}

/** Checks a plug-in's source settings, whether they came from a URL or a mapping. */
function fromSettings(plugin: Readable, raw: Record<string, unknown>): SourceReading {
  const kind = plugin.name;
  const fields = [...plugin.source.fields, ...CONNECTOR_FIELDS];
  const extra = Object.keys(raw).find((key) => key !== 'kind' && !fields.includes(key));
  if (extra !== undefined)
    return refuse(`source ${kind}: unknown setting '${extra}' (takes ${fields.join(', ')})`);
  const own = Object.fromEntries(
    Object.entries(raw).filter(
      ([key]) => key !== 'kind' && !(CONNECTOR_FIELDS as readonly string[]).includes(key),
    ),
  );
  const reading = plugin.source.read(own);
  if ('problem' in reading) return refuse(reading.problem);
  const connector = readConnectorSettings(kind, raw);
  if ('problem' in connector) return refuse(connector.problem);
  const source: ConnectorSource = { kind, settings: reading.settings, ...connector.settings };
  return { source, problem: null };
}
