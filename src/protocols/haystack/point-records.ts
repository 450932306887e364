// Haystack records of a profile: one equip and one point record per point, with the points list's markers,
// kind, unit, enum, limits and protocol addresses as tags. Zinc as Haxall writes it (Refs keep their display
// names, as the API's answers do); Trio with haystack-core.

import { HDict, HGrid, HMarker, HNum, HRef, HStr, type HVal, TrioWriter } from 'haystack-core';
import { type ColumnOwner, columnsOf, type KeyedColumn } from '../../points/address-column.js';
import type { ExportFormat } from '../../points/exports/export-format.js';
import { isWritable, type Point, type Profile } from '../../points/model.js';
import { unitInfo } from '../../points/units.js';
import { zincGrid } from './zinc-writer.js';

/** Haystack point kind: enums, date-times and text are Str, booleans and actions Bool. */
export function haystackKind(p: Point): 'Number' | 'Bool' | 'Str' {
  if (p.type === 'number') return 'Number';
  if (p.type === 'bool' || p.type === 'action') return 'Bool';
  return 'Str';
}

/** `SIA Protocol` → `siaProtocol`, `OCPP` → `ocpp`: a protocol column as a tag name. */
export function columnTag(column: string): string {
  const parts = column
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
  const tag = parts
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  return /^[a-z]/.test(tag) ? tag : `x${tag}`;
}

/**
 * Haystack 4 gives every point one of `sensor`, `cmd` or `sp`. A points list's own markers win; a point
 * without any (a status point such as `tank-status`) is `cmd` when a client may write it, else `sensor`:
 * its direction, as Haystack 4 classifies status points.
 */
export function pointRoleMarker(p: Point): 'sensor' | 'cmd' | null {
  if (p.tags.some((t) => t === 'sensor' || t === 'cmd' || t === 'sp')) return null;
  return isWritable(p) ? 'cmd' : 'sensor';
}

function num(value: number, unit: string | null): HNum {
  return unit ? HNum.make(value, unit) : HNum.make(value);
}

/** The plug-ins' columns by key, worked out once per plug-in list (a record is built for every point). */
const COLUMNS = new WeakMap<readonly ColumnOwner[], Map<string, KeyedColumn['column']>>();
function columnsByKey(plugins: readonly ColumnOwner[]): Map<string, KeyedColumn['column']> {
  let columns = COLUMNS.get(plugins);
  if (!columns) {
    columns = new Map(columnsOf(plugins).map(({ key, column }) => [key, column]));
    COLUMNS.set(plugins, columns);
  }
  return columns;
}

/**
 * `<key>Cur` and `<key>Write` of each address the point has (`bacnetCur: "AI0"`): the address as its column
 * formats it, `Cur` when clients read it there and `Write` when they write it.
 */
function addressTags(p: Point, plugins: readonly ColumnOwner[]): Record<string, HVal> {
  const columns = columnsByKey(plugins);
  const tags: Record<string, HVal> = {};
  for (const [key, address] of Object.entries(p.addresses)) {
    const column = columns.get(key);
    if (!column) continue;
    const text = HStr.make(column.format(address));
    const access = column.access?.(address, p) ?? { read: true, write: isWritable(p) };
    if (access.read) tags[`${key}Cur`] = text;
    if (access.write) tags[`${key}Write`] = text;
  }
  return tags;
}

/**
 * The point's record; its address tags come from the columns of `plugins`, by default those the profile was
 * read with.
 */
export function pointRecord(profile: Profile, p: Point, plugins: readonly ColumnOwner[]): HDict {
  const unit = p.unit ? (unitInfo(p.unit)?.haystack ?? null) : null;
  const tags: Record<string, HVal> = {
    id: HRef.make(`${profile.id}.${p.id}`, p.name),
    dis: HStr.make(p.name),
    equipRef: HRef.make(profile.id, profile.name),
  };
  for (const tag of p.tags) tags[tag] = HMarker.make();
  const role = pointRoleMarker(p);
  if (role) tags[role] = HMarker.make();
  tags.point = HMarker.make();
  tags.kind = HStr.make(haystackKind(p));
  if (unit) tags.unit = HStr.make(unit);
  if (p.type === 'enum' && p.enum) tags.enum = HStr.make(p.enum.join(','));
  if (p.type === 'bool') tags.enum = HStr.make(`${p.falseText},${p.trueText}`);
  if (p.type === 'action' && p.action) tags.actionWord = HStr.make(p.action);
  if (p.min !== null) tags.minVal = num(p.min, unit);
  if (p.max !== null) tags.maxVal = num(p.max, unit);
  // A momentary action is run (invokeAction), not held at a level: `action`, never `writable`.
  if (p.type === 'action') tags.action = HMarker.make();
  else if (isWritable(p)) tags.writable = HMarker.make();
  if (p.writeRole) tags.writeRole = HStr.make(p.writeRole);
  // Text keeps no history (the store keeps numbers: enums as their index, date-times as instants).
  if (p.kind !== 'command' && p.type !== 'string') tags.his = HMarker.make();
  if (p.description) tags.description = HStr.make(p.description);
  Object.assign(tags, addressTags(p, plugins));
  for (const [column, text] of Object.entries(p.protocols)) tags[columnTag(column)] = HStr.make(text);
  return HDict.make(tags);
}

export function equipRecord(profile: Profile): HDict {
  return HDict.make({
    id: HRef.make(profile.id, profile.name),
    dis: HStr.make(profile.name),
    equip: HMarker.make(),
    ...(profile.localName ? { disLocal: HStr.make(profile.localName) } : {}),
  });
}

export function haystackRecords(profile: Profile, plugins: readonly ColumnOwner[]): HDict[] {
  return [equipRecord(profile), ...profile.points.map((p) => pointRecord(profile, p, plugins))];
}

export function exportZinc(profile: Profile, plugins: readonly ColumnOwner[]): string {
  return `${zincGrid(HGrid.make({ rows: haystackRecords(profile, plugins) }))}\n`;
}

export function exportTrio(profile: Profile, plugins: readonly ColumnOwner[]): string {
  const writer = new TrioWriter().addComment(`${profile.name}: Haystack records exported by Pointyard`);
  for (const record of haystackRecords(profile, plugins)) writer.addDict(record);
  return writer.toTrio();
}

/** `profile export --format zinc`. */
export const ZINC_EXPORT: ExportFormat = {
  name: 'zinc',
  write: (profile, { plugins }) => [{ suffix: '.zinc', content: exportZinc(profile, plugins) }],
};

/** `profile export --format trio`. */
export const TRIO_EXPORT: ExportFormat = {
  name: 'trio',
  write: (profile, { plugins }) => [{ suffix: '.trio', content: exportTrio(profile, plugins) }],
};
