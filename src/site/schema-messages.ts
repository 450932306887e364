// Ajv's schema errors in words a person understands, each with the path of the node to point at:
// "device 'gate-1': count 0 is out of range (1 to 10000)", not "must be >= 1".

import type { ErrorObject } from 'ajv';
import type { Path } from './yaml.js';

export interface SchemaProblem {
  /** The schema keyword that failed (`type`, `required`, `pattern`…). */
  keyword: string;
  /** Where to point: the offending field (its key), or the mapping that lacks a field. */
  path: Path;
  message: string;
}

/** What a missing field is, for the message. */
const MISSING_HINTS: Record<string, string> = {
  site: "the site's id, name and tz",
  devices: 'the list of devices',
  id: "lower-case letters, digits and '-'",
  name: 'a display name',
  tz: 'an IANA time zone such as Europe/Paris',
  profile: 'a built-in profile id or a points-list file',
  kind: 'e.g. kind: sim',
};

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

/** One message per problem, in Ajv's order (the caller sorts by line); repeats are dropped. */
export function schemaProblems(errors: ErrorObject[], root: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const problem = describe(error, root);
    const key = `${problem.path.join('/')}\n${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function describe(error: ErrorObject, root: unknown): SchemaProblem {
  return { keyword: error.keyword, ...explain(error, root) };
}

function explain(error: ErrorObject, root: unknown): Omit<SchemaProblem, 'keyword'> {
  const path = pointerToPath(error.instancePath);
  const { prefix, field } = locate(path, root);
  const params = error.params as Record<string, unknown>;
  const value = error.data;
  const range = error.parentSchema as { minimum?: number; maximum?: number } | undefined;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const hint = MISSING_HINTS[missing] ? ` (${MISSING_HINTS[missing]})` : '';
      const what = field ? `${field} has no '${missing}'` : `missing '${missing}'`;
      return { path, message: `${prefix}${what}${hint}` };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const near = known.find((k) => similar(k, extra));
      const hint = near ? `did you mean '${near}'?` : `expected ${known.join(', ')}`;
      const where = field ? ` in ${field}` : '';
      return { path: [...path, extra], message: `${prefix}unknown field '${extra}'${where} (${hint})` };
    }
    case 'type': {
      const types = [params.type]
        .flat()
        .flatMap((t) => String(t).split(','))
        .filter((t) => t !== 'null');
      const expected = types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      const quote = types.includes('string') && isQuotable(value) ? ' (put it in quotes)' : '';
      if (path.length === 0)
        return {
          path,
          message:
            value === null
              ? "the site file is empty: it needs a 'site' and a 'devices' section"
              : `the site file must be a mapping with 'site' and 'devices' sections, not ${show(value)}`,
        };
      const subject = field || prefix.replace(/: $/, '');
      const rest = field ? prefix : '';
      return { path, message: `${rest}${subject} must be ${expected}, not ${show(value)}${quote}` };
    }
    case 'pattern': {
      // Only ids have a pattern; the device is named by its (bad) id already, so say it once.
      const owner = path[0] === 'devices' ? 'device' : 'site';
      return { path, message: `${owner} id '${String(value)}' is not valid: ${idRule(String(value))}` };
    }
    case 'minLength':
      return { path, message: `${prefix}${field} must not be empty` };
    case 'minItems':
      return { path, message: `${prefix}${field} is empty: a site needs at least one device` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).join(', ');
      return { path, message: `${prefix}${field} '${String(value)}' is not supported (expected ${allowed})` };
    }
    case 'minimum':
    case 'maximum': {
      if (range?.minimum !== undefined && range.maximum !== undefined)
        return {
          path,
          message: `${prefix}${field} ${String(value)} is out of range (${range.minimum} to ${range.maximum})`,
        };
      const bound = error.keyword === 'minimum' ? `${range?.minimum} or more` : `${range?.maximum} or less`;
      return { path, message: `${prefix}${field} must be ${bound}, not ${String(value)}` };
    }
    default:
      // A keyword the schema does not use today: Ajv's own words.
      return { path, message: `${prefix}${field} ${error.message ?? 'is invalid'}` };
  }
}

/** The thing a path is about ("device 'gate-1': ") and the field inside it ("count"). */
function locate(path: Path, root: unknown): { prefix: string; field: string } {
  const [head, second, ...rest] = path;
  if (head === 'devices' && second !== undefined) {
    const id = (child(child(root, 'devices'), second) as { id?: unknown } | null)?.id;
    const label = typeof id === 'string' ? `device '${id}'` : `device #${Number(second) + 1}`;
    return { prefix: `${label}: `, field: fieldName(rest) };
  }
  if (head === 'site' || head === 'server' || head === 'store')
    return { prefix: `${head}: `, field: fieldName(second === undefined ? [] : [second, ...rest]) };
  return { prefix: '', field: fieldName(path) };
}

function fieldName(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' || /^\d+$/.test(s) ? `[${s}]` : i ? `.${s}` : s)).join('');
}

function child(value: unknown, key: string | number): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function pointerToPath(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** A value for a message: `the text 'abc'`, `the number 3`, `a list`… */
function show(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'number') return `the number ${value}`;
  return `the value ${String(value)}`;
}

function isQuotable(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

/** Ids are the only patterned fields: say the rule, with the id it probably meant. */
function idRule(id: string): string {
  const slug = id
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9{}:]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const fleet = id.includes('{') ? ", and {n} or {n:03} in a fleet's id" : '';
  const example = slug && slug !== id ? `, e.g. '${slug}'` : '';
  return `use lower-case letters, digits and '-', starting with a letter or digit${fleet}${example}`;
}

/** Same letters but for case, or one edit apart: a likely typo of a known field. */
function similar(known: string, typed: string): boolean {
  const a = known.toLowerCase();
  const b = typed.toLowerCase().replace(/[_\s-]/g, '');
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1);
}
