// The `devices` list of a site file: each entry read, fleets expanded, ids checked unique, profiles and
// sources resolved. Fields the schema already rejected are skipped here, so no problem is reported twice.

import type { DiagnosticList } from '../points/diagnostics.js';
import { fillPlaceholders, hasPlaceholder } from './fleet.js';
import { type DeviceSource, isConnectorSource, type ScriptedFault } from './model.js';
import { numberings } from './plugin-numbering.js';
import type { ProfileResolver, ResolvedProfile } from './profiles.js';
import { type FaultNames, readScriptedFaults } from './scripted-faults.js';
import type { SitePlugin } from './site-plugin.js';
import { readSource } from './source.js';
import { isInteger, isMapping, isString } from './values.js';
import type { Path } from './yaml.js';

/** One device of the site, before its numbers are assigned. */
export interface DeviceDraft {
  id: string;
  /** The id as the site file writes it (`charger-{n}` for a fleet). */
  idAsWritten: string;
  /** Index of its entry in the site file's `devices` list (for lines). */
  entry: number;
  /** Its position in its fleet (0 for a single device), and the fleet's size (1 for a single device). */
  offset: number;
  count: number;
  /** The name from the site file, numbered for a fleet; null for the default name. */
  name: string | null;
  profile: ResolvedProfile | null;
  parameters: Record<string, unknown>;
  source: DeviceSource | null;
  /** Explicit numbers from the site file (a fleet's first + offset) by plug-in name; absent or null: none. */
  numbers: Record<string, number | null>;
  faults: ScriptedFault[];
}

export interface DeviceContext {
  diag: DiagnosticList;
  lineOf(path: Path): number;
  /** False when the schema rejected the value at `path` (it has said why). */
  usable(path: Path): boolean;
  profiles: ProfileResolver;
  /** The protocol plug-ins: their sources and their device number fields. */
  plugins: readonly SitePlugin[];
  /** The faults each device's behaviour models; absent: scripted fault names are not checked. */
  faultNames?: FaultNames | undefined;
}

/** Every device of the `devices` list, fleets expanded, in file order; problems go to `ctx.diag`. */
export function readDevices(list: unknown, ctx: DeviceContext): DeviceDraft[] {
  if (!Array.isArray(list)) return [];
  const drafts: DeviceDraft[] = [];
  const firstLine = new Map<string, number>();
  list.forEach((item: unknown, entry) => {
    if (!isMapping(item)) return;
    const expanded = readEntry(item, entry, ctx);
    const idLine = ctx.lineOf(['devices', entry, 'id']);
    const clash = expanded.find((d) => firstLine.has(d.id));
    if (clash) {
      // The entry is left out, so that its numbers are not reported as clashes too.
      ctx.diag.error(
        idLine,
        `duplicate device id '${clash.id}' (already at line ${firstLine.get(clash.id)})`,
      );
      return;
    }
    for (const d of expanded) firstLine.set(d.id, idLine);
    drafts.push(...expanded);
  });
  return drafts;
}

/** The default name: the profile's name, numbered by the id's trailing digits (`pir-3` → `PIR Detector #3`). */
export function defaultName(profileName: string, id: string): string {
  const number = /(\d+)$/.exec(id)?.[1];
  return number === undefined ? profileName : `${profileName} #${number}`;
}

function readEntry(raw: Record<string, unknown>, entry: number, ctx: DeviceContext): DeviceDraft[] {
  const at = (field: string): Path => ['devices', entry, field];
  const field = <T>(name: string, guard: (v: unknown) => v is T): T | null =>
    raw[name] !== undefined && ctx.usable(at(name)) && guard(raw[name]) ? (raw[name] as T) : null;
  const id = field('id', isString);
  const label = id === null ? `device #${entry + 1}` : `device '${id}'`;
  const fail = (name: string, message: string) =>
    ctx.diag.error(ctx.lineOf(at(name)), `${label}: ${message}`);

  const profileRef = field('profile', isString);
  const profile = profileRef === null ? null : ctx.profiles.resolve(profileRef);
  if (profile?.problem) fail('profile', profile.problem);
  const { source, problem } = ctx.usable(at('source'))
    ? readSource(raw.source, ctx.plugins)
    : { source: null, problem: null };
  if (problem) fail('source', problem);
  const parameters = field('parameters', isMapping) ?? {};
  const name = field('name', isString);
  const explicit = numberings(ctx.plugins).map(
    ({ name, numbering }) => [name, field(numbering.field, isInteger)] as const,
  );
  const count = field('count', isInteger);
  const start = field('start', isInteger) ?? 1;
  const faults = ctx.usable(at('faults'))
    ? readScriptedFaults(
        raw.faults,
        profile?.profile ?? null,
        parameters,
        ctx.faultNames,
        (index, name, message) =>
          ctx.diag.error(ctx.lineOf(['devices', entry, 'faults', index, name]), `${label}: ${message}`),
      )
    : [];

  if (id === null) return [];
  if (raw.count === undefined) {
    if (name !== null && hasPlaceholder(name)) fail('name', '{n} in a name needs a count (e.g. count: 4)');
    if (raw.start !== undefined) fail('start', 'start numbers a fleet and needs a count (e.g. count: 4)');
    if (hasPlaceholder(id)) {
      fail('id', '{n} in an id numbers a fleet and needs a count (e.g. count: 4)');
      return [];
    }
  } else {
    if (count === null) return []; // a count the schema rejected: nothing to expand
    if (!hasPlaceholder(id)) {
      fail('id', `a fleet (count: ${count}) needs {n} in its id, e.g. '${id}-{n}'`);
      return [];
    }
    if (name !== null && !hasPlaceholder(name) && count > 1)
      ctx.diag.warn(
        ctx.lineOf(at('name')),
        `${label}: name '${name}' has no {n}: all ${count} devices get it`,
      );
  }
  const fleet = count !== null;
  const size = count ?? 1;
  return Array.from({ length: size }, (_, offset): DeviceDraft => {
    const n = start + offset;
    return {
      id: fleet ? fillPlaceholders(id, n) : id,
      idAsWritten: id,
      entry,
      offset,
      count: size,
      name: name !== null && fleet ? fillPlaceholders(name, n) : name,
      profile,
      // Each device gets its own copy: a behaviour may keep state in its parameters without touching its fleet's.
      parameters: structuredClone(parameters),
      source: source && offset > 0 ? fleetSource(source, offset, ctx.plugins) : source,
      numbers: Object.fromEntries(explicit.map(([name, n]) => [name, n === null ? null : n + offset])),
      faults,
    };
  });
}

/** The source of a fleet's device at `offset`, as its plug-in says (e.g. the next unit id), else the same. */
function fleetSource(source: DeviceSource, offset: number, plugins: readonly SitePlugin[]): DeviceSource {
  if (!isConnectorSource(source)) return source;
  const forFleet = plugins.find((p) => p.name === source.kind)?.source?.forFleet;
  return forFleet ? { ...source, settings: forFleet(source.settings, offset) } : source;
}
