// Zinc as Haxall's ZincWriter writes it. This is haystack-core's own encoding with one exception:
// haystack-core drops a Ref's display name inside a grid, dict or list, and Haxall keeps it everywhere
// (`@demo.ahu-1 "AHU 1"`), as Hayson already does. Every other value is written by haystack-core.
// Shared by the Haystack API's answers and the points list's Zinc export.

import { HDict, HGrid, HList, HMarker, HRef, HStr, type HVal } from 'haystack-core';

/** One value as Zinc; a null is `N`. */
export function zincValue(value: HVal | null | undefined): string {
  if (value === null || value === undefined) return 'N';
  if (value instanceof HRef) return value.toZinc(); // with its display name
  if (value instanceof HDict) return `{${zincTags(value)}}`;
  if (value instanceof HList) return `[${value.values.map(zincValue).join(',')}]`;
  if (value instanceof HGrid) return `<<\n${zincGrid(value)}>>`;
  return value.toZinc();
}

/** A dict's tags as Zinc writes them in grid and column meta: `name:value` separated by spaces, markers bare. */
function zincTags(dict: HDict): string {
  return dict.keys
    .map((name) => {
      const value = dict.get(name);
      return value instanceof HMarker ? name : `${name}:${zincValue(value)}`;
    })
    .join(' ');
}

/** A grid as Zinc: version and meta line, column line (`empty` for none), one line per row. */
export function zincGrid(grid: HGrid): string {
  const meta = zincTags(grid.meta);
  let zinc = `ver:${HStr.make(grid.version).toZinc()}${meta ? ` ${meta}` : ''}\n`;
  const columns = grid.getColumns();
  const rows = grid.getRows();
  if (rows.length === 0 && columns.length === 0) zinc += 'empty\n';
  else
    zinc += `${columns
      .map((column) => {
        const columnMeta = zincTags(column.meta);
        return columnMeta ? `${column.name} ${columnMeta}` : column.name;
      })
      .join(',')}\n`;
  zinc += `${rows
    .map((row) =>
      columns
        .map((column) => {
          const value = row.get(column.name);
          return value === undefined ? '' : zincValue(value);
        })
        .join(','),
    )
    .join('\n')}\n`;
  return zinc;
}
