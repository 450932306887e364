// Checks that a value has the shape of a canonical profile (the JSON export), field by field; the addresses
// are checked by the columns of the plug-ins that read them. The checks are exported for those columns.

import { columnKey } from '../address-column.js';
import type { PointsPlugin } from '../points-plugin.js';

export type Check = (value: unknown, path: string, errors: string[]) => void;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const str: Check = (v, path, errors) => {
  if (typeof v !== 'string') errors.push(`${path}: expected a string`);
};
export const nullable =
  (check: Check): Check =>
  (v, path, errors) => {
    if (v !== null) check(v, path, errors);
  };
export const num: Check = (v, path, errors) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`${path}: expected a finite number`);
};
export const int: Check = (v, path, errors) => {
  if (!Number.isInteger(v) || (v as number) < 0) errors.push(`${path}: expected a whole number ≥ 0`);
};
export const bool: Check = (v, path, errors) => {
  if (typeof v !== 'boolean') errors.push(`${path}: expected true or false`);
};
export const oneOf =
  (...allowed: string[]): Check =>
  (v, path, errors) => {
    if (typeof v !== 'string' || !allowed.includes(v))
      errors.push(`${path}: expected one of ${allowed.join(', ')}`);
  };
export const list =
  (check: Check): Check =>
  (v, path, errors) => {
    if (!Array.isArray(v)) errors.push(`${path}: expected a list`);
    else for (const [i, item] of v.entries()) check(item, `${path}[${i}]`, errors);
  };
export const record =
  (fields: Record<string, Check>): Check =>
  (v, path, errors) => {
    if (!isObject(v)) {
      errors.push(`${path}: expected an object`);
      return;
    }
    for (const [key, check] of Object.entries(fields)) {
      if (!(key in v)) errors.push(`${path}.${key}: missing`);
      else check(v[key], `${path}.${key}`, errors);
    }
    for (const key of Object.keys(v)) if (!(key in fields)) errors.push(`${path}.${key}: unknown field`);
  };
function addresses(plugins: readonly PointsPlugin[]): Check {
  const fields: Record<string, Check> = {};
  for (const plugin of plugins)
    for (const column of plugin.columns ?? [])
      fields[columnKey(column, plugin.name)] = (v, path, errors) => column.checkShape(v, path, errors);
  return record(fields);
}

const stringMap: Check = (v, path, errors) => {
  if (!isObject(v)) errors.push(`${path}: expected an object`);
  else for (const [key, item] of Object.entries(v)) str(item, `${path}.${key}`, errors);
};

/** A point, its addresses checked by the plug-ins' columns (each present, none unknown). */
const point = (plugins: readonly PointsPlugin[]): Check =>
  record({
    id: str,
    name: str,
    kind: oneOf('sensor', 'command', 'status'),
    type: oneOf('number', 'bool', 'enum', 'string', 'datetime', 'action'),
    tags: list(str),
    unit: nullable(str),
    min: nullable(num),
    max: nullable(num),
    enum: nullable(list(str)),
    trueText: nullable(str),
    falseText: nullable(str),
    action: nullable(str),
    writeRole: nullable(oneOf('operator', 'admin')),
    update: oneOf('periodic', 'onDemand', 'onEvent'),
    intervalMs: nullable(int),
    description: nullable(str),
    addresses: addresses(plugins),
    protocols: stringMap,
  });

const profile = (plugins: readonly PointsPlugin[]): Check =>
  record({
    id: str,
    name: str,
    localName: nullable(str),
    declaredCounts: record({ sensor: int, command: int, status: int }),
    sources: list(record({ title: str, url: nullable(str) })),
    points: list(point(plugins)),
  });

/** Up to 20 problems, each as `path: what is wrong`; empty when the value is a profile. */
export function checkProfileShape(value: unknown, plugins: readonly PointsPlugin[]): string[] {
  const errors: string[] = [];
  profile(plugins)(value, 'profile', errors);
  return errors.slice(0, 20);
}
