// The site as Haystack records: one `site` (with the labels of the plug-ins' address and number tags,
// `addressLabels` and `numberLabels`), one `equip` per device (its plug-in numbers as tags: `modbusUnit`…),
// one `point` per point. Static tags are
// built once from the profiles (the same tags as `profile export --format zinc`) and, on equips, from the
// settings their behaviour publishes (`evPowerLimit` on the parking server), and on points, the values a
// device's behaviour accepts in a text command (`enum`: the configured tariff profiles) and the points list's
// unit when Haystack has none for it (`displayUnit`: `%/h`); the live tags (`curVal`,
// `curStatus`, `curTs`, `writeVal`, `writeLevel`) are added from the point store each time a record is read.

import { type HDateTime, HDict, HMarker, HNum, HRef, HStr, type HVal } from 'haystack-core';
import { behaviourFor } from '../../behaviours/registry.js';
import { columnsOf } from '../../points/address-column.js';
import type { Point } from '../../points/model.js';
import { unitInfo } from '../../points/units.js';
import type { DevicesService, PointsService, Services } from '../../runtime/services/services.js';
import type { Device, Site } from '../../site/model.js';
import type { SitePlugin } from '../../site/site-plugin.js';
import { haystackDateTime } from './datetime.js';
import { numberLabels, numberTags } from './device-number-tags.js';
import { FilterIndex } from './filter-index.js';
import { haystackTz, toHaystack } from './haystack-values.js';
import { LIVE_TAGS } from './live-tags.js';
import { pointRecord } from './point-records.js';

export interface HaystackRecord {
  id: string;
  /** Static tags. */
  tags: Record<string, HVal>;
  /** Index in the point store for point records, else null. */
  point: number | null;
  /** The device of an equip record (its live `connStatus`). */
  device?: string;
}

const ref = (id: string, dis: string) => HRef.make(id, dis);

/** Distinct `curTs` times kept, as DateTimes, before the cache starts again. */
const TIMES_CACHED = 4096;

/** The settings a device's behaviour publishes for clients (`evPowerLimit`…), as tags of its equip record. */
function factTags(device: Device, tz: string): Record<string, HVal> {
  const facts = behaviourFor(device.profile.id, device.parameters.behaviour).facts?.({ device, tz }) ?? {};
  const tags: Record<string, HVal> = {};
  for (const [name, { value, unit }] of Object.entries(facts)) {
    const haystackUnit = unit ? (unitInfo(unit)?.haystack ?? unit) : null;
    tags[name] = haystackUnit ? HNum.make(value, haystackUnit) : HNum.make(value);
  }
  return tags;
}

/**
 * `addressLabels` of the site record: the word each address tag's protocol is shown with, by key
 * (`{bacnet: "BACnet"}` for `bacnetCur`), from the plug-ins' address columns.
 */
function addressLabels(plugins: readonly SitePlugin[]): Record<string, HVal> {
  const labels = new Map<string, string>();
  for (const { column, key } of columnsOf(plugins)) if (!labels.has(key)) labels.set(key, column.label);
  if (labels.size === 0) return {};
  const sorted = [...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    addressLabels: HDict.make(Object.fromEntries(sorted.map(([key, label]) => [key, HStr.make(label)]))),
  };
}

/**
 * Tags a point gets beyond its profile's record: the choices its device's behaviour allows for a text
 * command (as `enum`), and the unit to show when Haystack has none for a real unit (`%/h`; `count` is not one).
 */
function pointExtraTags(device: Device, point: Point, tz: string, tags: Record<string, HVal>) {
  const extra: Record<string, HVal> = {};
  if (point.kind === 'command' && point.type === 'string' && tags.enum === undefined) {
    const choices = behaviourFor(device.profile.id, device.parameters.behaviour).choices?.(
      { device, tz },
      point,
    );
    if (choices && choices.length > 0) extra.enum = HStr.make(choices.join(','));
  }
  const info = point.unit ? unitInfo(point.unit) : null;
  if (point.unit && tags.unit === undefined && info && !info.plainNumber)
    extra.displayUnit = HStr.make(point.unit);
  return extra;
}

export class SiteRecords {
  readonly all: HaystackRecord[] = [];
  readonly byId = new Map<string, HaystackRecord>();
  /** The tag index filters use (static tags only), built with the records so no request pays for it. */
  readonly index: FilterIndex;
  /**
   * `curTs` DateTimes by epoch ms: the points a device publishes in one step share their time, so a read of
   * thousands of records makes a few DateTimes (a few µs each) rather than one per record.
   */
  private readonly times = new Map<number, HDateTime>();

  private readonly points: PointsService;
  private readonly devices: DevicesService;

  /**
   * `plugins`: whose address columns give the points' `<name>Cur`/`<name>Write` tags, and whose numberings the
   * equips' number tags.
   */
  constructor(
    readonly site: Site,
    services: Pick<Services, 'points' | 'devices'>,
    plugins: readonly SitePlugin[],
  ) {
    this.points = services.points;
    this.devices = services.devices;
    const siteId = site.site.id;
    const tz = HStr.make(haystackTz(site.site.tz));
    this.add({
      id: siteId,
      point: null,
      tags: {
        id: ref(siteId, site.site.name),
        dis: HStr.make(site.site.name),
        site: HMarker.make(),
        tz,
        ...(site.site.location?.address ? { geoAddr: HStr.make(site.site.location.address) } : {}),
        ...addressLabels(plugins),
        ...numberLabels(plugins),
      },
    });
    for (const device of site.devices) {
      const equipId = `${siteId}.${device.id}`;
      this.add({
        id: equipId,
        point: null,
        device: device.id,
        tags: {
          id: ref(equipId, device.name),
          dis: HStr.make(device.name),
          equip: HMarker.make(),
          siteRef: ref(siteId, site.site.name),
          profile: HStr.make(device.profile.id),
          ...numberTags(device, plugins),
          ...factTags(device, site.site.tz),
        },
      });
      for (const point of device.profile.points) {
        const id = `${equipId}.${point.id}`;
        // The profile's point record (markers, kind, unit, enum, limits, protocol addresses), placed in the site.
        const profileRecord = pointRecord(device.profile, point, plugins);
        const tags: Record<string, HVal> = {};
        for (const name of profileRecord.keys) tags[name] = profileRecord.get(name) as HVal;
        tags.id = ref(id, `${device.name} ${point.name}`);
        tags.dis = HStr.make(`${device.name} ${point.name}`);
        tags.navName = HStr.make(point.name);
        tags.equipRef = ref(equipId, device.name);
        tags.siteRef = ref(siteId, site.site.name);
        tags.tz = tz;
        tags.cur = HMarker.make();
        Object.assign(tags, pointExtraTags(device, point, site.site.tz, tags));
        this.add({ id, point: this.points.indexOf(`${device.id}.${point.id}`) ?? null, tags });
      }
    }
    this.index = new FilterIndex(
      this.all.map((r) => r.id),
      (position) => (this.all[position] as HaystackRecord).tags,
    );
  }

  private add(record: HaystackRecord): void {
    this.all.push(record);
    this.byId.set(record.id, record);
  }

  /** `t` as a DateTime in the site's zone, from the cache when it was asked before. */
  private dateTime(t: number): HDateTime {
    let dt = this.times.get(t);
    if (!dt) {
      if (this.times.size >= TIMES_CACHED) this.times.clear();
      dt = haystackDateTime(t, this.site.site.tz);
      this.times.set(t, dt);
    }
    return dt;
  }

  /** The record as a dict, with its live tags. */
  /**
   * One tag of a record, live tags computed on demand: what filters read, without building the whole dict
   * (a filter on `curVal` looks at every record; building 100,000 dicts to test one tag each is the slow part).
   */
  tag(record: HaystackRecord, name: string): HVal | undefined {
    if (!LIVE_TAGS.has(name)) return record.tags[name];
    if (record.point === null) return name === 'connStatus' ? this.connStatus(record) : record.tags[name];
    const { points } = this;
    const state = points.read(record.point);
    if (name === 'curVal')
      return points.hasValue(record.point)
        ? toHaystack(points.entry(record.point).point, state.value)
        : undefined;
    if (name === 'curStatus') return HStr.make(state.status);
    if (name === 'curTs') return this.dateTime(state.ts);
    const array = points.inForce(record.point);
    if (!array) return undefined;
    return name === 'writeVal'
      ? toHaystack(points.entry(record.point).point, array.value)
      : HNum.make(array.level);
  }

  /** An equip's `connStatus`: its connector's status when a connector reads it (gateway mode), else none. */
  private connStatus(record: HaystackRecord): HStr | undefined {
    const status = record.device === undefined ? null : this.devices.connectorStatus(record.device);
    return status === null ? undefined : HStr.make(status);
  }

  dict(record: HaystackRecord): HDict {
    if (record.point === null) {
      const connStatus = this.connStatus(record);
      return HDict.make(connStatus ? { ...record.tags, connStatus } : record.tags);
    }
    const { points } = this;
    const entry = points.entry(record.point);
    const state = points.read(record.point);
    const tags: Record<string, HVal> = {
      ...record.tags,
      curVal: toHaystack(entry.point, state.value),
      curStatus: HStr.make(state.status),
      // When the value or status last changed in the point store, in the site's zone.
      curTs: this.dateTime(state.ts),
    };
    // A real device's point never read has no value (curStatus unknown or down).
    if (!points.hasValue(record.point)) delete tags.curVal;
    const array = points.inForce(record.point);
    if (array) {
      tags.writeVal = toHaystack(entry.point, array.value);
      tags.writeLevel = HNum.make(array.level);
    }
    return HDict.make(tags);
  }
}
