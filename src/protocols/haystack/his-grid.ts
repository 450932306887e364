// A history answer (hisRead): rows of a time and one value per column, encoded straight to Zinc, Hayson or
// CSV. A year of 1-minute samples is half a million rows; building a haystack-core dict per row and letting
// it encode the grid takes tens of seconds, writing the text directly well under one. The header (grid and
// column meta) is still encoded as `encodeGrid` encodes it, and a property test checks the rows against it.

import { HDict, HGrid, type HVal } from 'haystack-core';
import type { Value } from '../../core/value.js';
import type { Point } from '../../points/model.js';
import { zoneOffset } from '../../util/time.js';
import { gridCsv } from './csv.js';
import { haystackDateTime } from './datetime.js';
import type { Format } from './format.js';
import { haystackUnit, toHaystack } from './haystack-values.js';
import { zincGrid } from './zinc-writer.js';

export interface HisColumn {
  name: string;
  meta?: Record<string, HVal>;
  point: Point;
  /** Values aligned with the grid's times; null where the column has no sample at that time. */
  values: Array<Value | null>;
}

const DAY_MS = 86_400_000;
const ROWS_PER_CHUNK = 4096;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Local time text (`2026-01-05T10:00:00.000`) and, per offset, the zone part of each format. */
class TimeText {
  private readonly zones = new Map<number, { zinc: string; json: string }>();
  /** The offset of the last `local` call. */
  offset = 0;
  private day = Number.NaN;
  private dayText = '';
  constructor(private readonly tz: string) {}

  /** The local time of an instant, written by hand (toISOString per row costs more than all the rest). */
  local(t: number): string {
    this.offset = zoneOffset(t, this.tz);
    const local = t + this.offset;
    const day = Math.floor(local / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.dayText = new Date(day * DAY_MS).toISOString().slice(0, 11); // `2026-01-05T`
    }
    let ms = local - day * DAY_MS;
    const h = Math.floor(ms / 3_600_000);
    ms -= h * 3_600_000;
    const m = Math.floor(ms / 60_000);
    ms -= m * 60_000;
    const sec = Math.floor(ms / 1000);
    ms -= sec * 1000;
    return `${this.dayText}${TWO[h]}:${TWO[m]}:${TWO[sec]}.${THREE[Math.floor(ms)]}`;
  }

  /** The zone parts, taken once per offset from haystack-core's own encoding of a date-time there. */
  zone(t: number, offset: number): { zinc: string; json: string } {
    let zone = this.zones.get(offset);
    if (!zone) {
      const dt = haystackDateTime(t, this.tz);
      const json = JSON.stringify(dt.toJSON());
      zone = { zinc: dt.toZinc().slice(23), json: json.slice(json.indexOf('"val":"') + 7 + 23) };
      this.zones.set(offset, zone);
    }
    return zone;
  }
}

/** Encodes one column's values; numbers directly, other values (few distinct ones) through haystack-core. */
class ValueText {
  private readonly unit: string | null;
  private readonly other = new Map<Value, { zinc: string; json: string; csv: string }>();
  constructor(private readonly point: Point) {
    this.unit = haystackUnit(point);
  }

  private slow(value: Value) {
    let text = this.other.get(value);
    if (!text) {
      const hval = toHaystack(this.point, value);
      const csv = gridCsv(HGrid.make({ rows: [HDict.make({ v: hval })] })).split('\n')[1] ?? '';
      text = { zinc: hval.toZinc(), json: JSON.stringify(hval.toJSON()), csv };
      this.other.set(value, text);
    }
    return text;
  }

  /** Plain decimal numbers are written as haystack-core writes them; NaN, INF and exponents go through it. */
  private plain(value: Value): value is number {
    return (
      typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e21 && !/e/.test(`${value}`)
    );
  }

  zinc(value: Value): string {
    return this.plain(value) ? `${value}${this.unit ?? ''}` : this.slow(value).zinc;
  }

  json(value: Value): string {
    if (!this.plain(value)) return this.slow(value).json;
    return this.unit === null
      ? `${value}`
      : `{"_kind":"number","val":${value},"unit":${JSON.stringify(this.unit)}}`;
  }

  csv(value: Value): string {
    return this.plain(value) ? `${value}${this.unit ?? ''}` : this.slow(value).csv;
  }
}

export class HisGrid {
  constructor(
    readonly meta: Record<string, HVal>,
    readonly times: number[],
    readonly columns: HisColumn[],
    readonly tz: string,
  ) {}

  /** The grid without rows, as haystack-core builds it: its meta and column meta. */
  private header(): HGrid {
    const grid = HGrid.make({ meta: HDict.make(this.meta), rows: [] as HDict[] });
    grid.addColumn('ts');
    for (const c of this.columns) grid.addColumn(c.name, c.meta ? HDict.make(c.meta) : undefined);
    return grid;
  }

  encode(format: Format): string {
    const time = new TimeText(this.tz);
    const texts = this.columns.map((c) => new ValueText(c.point));
    if (format === 'zinc' && this.times.length === 0) return `${zincGrid(this.header())}\n`;
    const out: string[] = [];
    if (format === 'zinc') out.push(zincGrid(this.header()).replace(/\n+$/, ''), '\n');
    else if (format === 'csv') out.push(['ts', ...this.columns.map((c) => c.name)].join(','), '\n');
    else out.push(JSON.stringify(this.header().toJSON()).slice(0, -3), '[');
    const rows: string[] = [];
    this.times.forEach((t, row) => {
      const local = time.local(t);
      const zone = time.zone(t, time.offset);
      if (format === 'json') {
        let cells = `{"ts":{"_kind":"dateTime","val":"${local}${zone.json}`;
        this.columns.forEach((c, i) => {
          const v = c.values[row];
          if (v !== null && v !== undefined)
            cells += `,${JSON.stringify(c.name)}:${(texts[i] as ValueText).json(v)}`;
        });
        rows.push(row === 0 ? `${cells}}` : `,${cells}}`);
      } else {
        let line = `${local}${zone.zinc}`;
        this.columns.forEach((c, i) => {
          const v = c.values[row];
          const text = texts[i] as ValueText;
          line += v === null || v === undefined ? ',' : `,${format === 'zinc' ? text.zinc(v) : text.csv(v)}`;
        });
        rows.push(`${line}\n`);
      }
      // Rows are joined a few thousand at a time: half a million small strings kept to the end cost more in
      // garbage collection than everything else.
      if (rows.length === ROWS_PER_CHUNK) {
        out.push(rows.join(''));
        rows.length = 0;
      }
    });
    out.push(rows.join(''));
    out.push(format === 'json' ? ']}' : format === 'zinc' ? '\n' : '');
    return out.join('');
  }

  /** The same grid built with haystack-core (slow on large grids: for tests and small answers). */
  toHGrid(): HGrid {
    const grid = this.header();
    this.times.forEach((t, row) => {
      const tags: Record<string, HVal> = { ts: haystackDateTime(t, this.tz) };
      for (const c of this.columns) {
        const v = c.values[row];
        if (v !== null && v !== undefined) tags[c.name] = toHaystack(c.point, v);
      }
      grid.add(HDict.make(tags));
    });
    return grid;
  }
}
