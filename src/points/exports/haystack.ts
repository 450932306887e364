// Haystack records of a profile: one equip and one point record per point, with the points list's markers,
// kind, unit, enum, limits and protocol addresses as tags. Zinc as Haxall writes it (Refs keep their display
// names, as the API's answers do); Trio with haystack-core.

import { HDict, HGrid, HMarker, HNum, HRef, HStr, type HVal, TrioWriter } from 'haystack-core';
import { formatBacnet } from '../bacnet-map.js';
import { formatModbusSpan } from '../modbus-map.js';
import { isWritable, type Point, type Profile } from '../model.js';
import { unitInfo } from '../units.js';
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

export function pointRecord(profile: Profile, p: Point): HDict {
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
  tags.bacnetCur = HStr.make(formatBacnet(p.bacnet));
  if (isWritable(p)) tags.bacnetWrite = HStr.make(formatBacnet(p.bacnet));
  tags.modbusCur = HStr.make(formatModbusSpan(p.modbus));
  if (isWritable(p)) tags.modbusWrite = HStr.make(formatModbusSpan(p.modbus));
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

export function haystackRecords(profile: Profile): HDict[] {
  return [equipRecord(profile), ...profile.points.map((p) => pointRecord(profile, p))];
}

export function exportZinc(profile: Profile): string {
  return `${zincGrid(HGrid.make({ rows: haystackRecords(profile) }))}\n`;
}

export function exportTrio(profile: Profile): string {
  const writer = new TrioWriter().addComment(`${profile.name}: Haystack records exported by Pointyard`);
  for (const record of haystackRecords(profile)) writer.addDict(record);
  return writer.toTrio();
}
