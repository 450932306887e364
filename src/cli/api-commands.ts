// `pointyard read <filter>`, `pointyard write <point-id> <value>` and `pointyard his <point-id> <range>`:
// the Haystack API of a running server from the command line.

import { Command, InvalidArgumentError } from 'commander';
import { HBool, type HDict, type HGrid, HNum, HRef, HStr, type HVal } from 'haystack-core';
import { gridCsv } from '../protocols/haystack/csv.js';
import { durationMs, MAX_OVERRIDE_MS, TIME_UNIT_MS } from '../protocols/haystack/time-units.js';
import { parseDuration } from '../util/time.js';
import { type ApiFlags, openApi, reportFailure, withApiOptions } from './api-session.js';

/** `@site.device.point` or `site.device.point` as a Ref. */
const ref = (id: string) => HRef.make(id.replace(/^@/, ''));

/** What a person types as a value: null, true/false, a number (with a unit), or text. */
function typedValue(text: string): HVal | null {
  if (text === 'null') return null;
  if (text === 'true' || text === 'false') return HBool.make(text === 'true');
  const number = /^(-?\d+(?:\.\d+)?)([^\d\s].*)?$/.exec(text);
  if (number) return number[2] ? HNum.make(Number(number[1]), number[2]) : HNum.make(Number(number[1]));
  return HStr.make(text);
}

const zinc = (value: HVal | null) => (value === null ? 'N' : value.toZinc());

/**
 * `value` in the kind the point takes (pointWrite refuses another): a Bool point's words (its `enum`,
 * `DISABLE,ENABLE`) as false and true, any other value as typed.
 */
function forPoint(value: HVal | null, record: HDict | undefined): HVal | null {
  const words = record?.get('enum');
  if (!(value instanceof HStr) || record?.get('kind')?.toString() !== 'Bool' || !(words instanceof HStr))
    return value;
  const index = words.value
    .split(',')
    .findIndex((word) => word.trim().toUpperCase() === value.value.trim().toUpperCase());
  return index === 0 || index === 1 ? HBool.make(index === 1) : value;
}

/** `--duration` as a Number: a Haystack time unit as typed (`2day`, `1wk`), else `30min`, `1h30m`… in s. */
function durationOf(text: string): HNum | null {
  const typed = /^(\d+(?:\.\d+)?)([a-z_]+)$/.exec(text.trim());
  if (typed?.[2] && TIME_UNIT_MS[typed[2]] !== undefined) return HNum.make(Number(typed[1]), typed[2]);
  const ms = parseDuration(text);
  return ms === null ? null : HNum.make(ms / 1000, 's');
}

function print(grid: HGrid, format: string): void {
  process.stdout.write(
    format === 'zinc'
      ? `${grid.toZinc()}\n`
      : format === 'json'
        ? `${JSON.stringify(grid.toJSON(), null, 2)}\n`
        : gridCsv(grid),
  );
}

function level(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new InvalidArgumentError('expected a level 1–16');
  return n;
}

export function readCommand(): Command {
  return withApiOptions(
    new Command('read')
      .description(
        'records matching a Haystack filter on a running server, e.g. `point and equipRef->profile=="dhw-tank"`',
      )
      .argument('<filter>', 'a Haystack filter')
      .option('--limit <n>', 'at most this many records', (t) => Number(t))
      .option('-f, --format <format>', 'csv, zinc or json', 'csv'),
  ).action((filter: string, flags: ApiFlags & { limit?: number; format: string }) =>
    reportFailure(async () => {
      const api = await openApi(flags);
      const columns = flags.limit === undefined ? 'filter' : 'filter,limit';
      const row =
        flags.limit === undefined ? zinc(HStr.make(filter)) : `${zinc(HStr.make(filter))},${flags.limit}`;
      print(await api.call('read', `ver:"3.0"\n${columns}\n${row}\n`), flags.format);
    }),
  );
}

export function writeCommand(): Command {
  return withApiOptions(
    new Command('write')
      .description('write a command point through the write path (null relinquishes the level)')
      .argument('<point-id>', 'e.g. lyon-confluence.dhw-tank.temperature-setpoint')
      .argument('<value>', 'a number (with its unit or not), true/false, a word, or null')
      .option('--level <n>', 'priority level 1–16', level, 16)
      .option('--duration <time>', 'a timed override (level 8): 30min, 2h, 1day, 1wk…'),
  ).action((id: string, value: string, flags: ApiFlags & { level: number; duration?: string }) =>
    reportFailure(async () => {
      const duration = flags.duration === undefined ? null : durationOf(flags.duration);
      if (flags.duration !== undefined && duration === null)
        throw new Error(`cannot read duration '${flags.duration}'`);
      // The server's cap, said before connecting: nothing is sent.
      if (duration !== null && (durationMs(duration) ?? 0) > MAX_OVERRIDE_MS)
        throw new Error(`a timed override lasts at most 30 days (30day), not '${flags.duration}'`);
      const api = await openApi(flags);
      const [record] = (await api.call('read', `ver:"3.0"\nid\n${zinc(ref(id))}\n`)).getRows();
      const columns = duration === null ? 'id,level,val' : 'id,level,val,duration';
      const cells = [zinc(ref(id)), String(flags.level), zinc(forPoint(typedValue(value), record))];
      if (duration !== null) cells.push(duration.toZinc());
      await api.call('pointWrite', `ver:"3.0"\n${columns}\n${cells.join(',')}\n`);
      // A momentary action has no priority array to show: it ran (once the write was committed).
      const word = record?.get('actionWord');
      if (word instanceof HStr) {
        process.stdout.write(`${id}: ${word.value} run\n`);
        return;
      }
      const levels = await api.call('pointWrite', `ver:"3.0"\nid\n${zinc(ref(id))}\n`);
      process.stdout.write(
        `${id} = ${levels.meta.get('writeVal')?.toZinc() ?? '?'} (level ${levels.meta.get('writeLevel')?.toZinc() ?? '?'})\n`,
      );
    }),
  );
}

export function hisCommand(): Command {
  return withApiOptions(
    new Command('his')
      .description('history of a point: ts,val as CSV')
      .argument('<point-id>', 'e.g. lyon-confluence.rainwater-tank.level')
      .argument('<range>', 'today, yesterday, a date (2026-01-05), two dates, or date-times')
      .option('-f, --format <format>', 'csv, zinc or json', 'csv'),
  ).action((id: string, range: string, flags: ApiFlags & { format: string }) =>
    reportFailure(async () => {
      const api = await openApi(flags);
      print(
        await api.call('hisRead', `ver:"3.0"\nid,range\n${zinc(ref(id))},${zinc(HStr.make(range))}\n`),
        flags.format,
      );
    }),
  );
}
