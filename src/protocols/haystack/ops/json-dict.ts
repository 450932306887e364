// A JSON value (an interface's status) as Haystack values: objects as Dicts, arrays as Lists, numbers,
// strings and booleans as themselves. Null is "missing" in Haystack: a null member is left out of its Dict
// and a null item out of its List. A key that is not a tag name is made into one (`host-apps` → `host_apps`),
// so that the Dict reads back from Zinc.

import { HBool, HDict, HList, HNum, HStr, type HVal } from 'haystack-core';

export function jsonValue(value: unknown): HVal | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
      return HBool.make(value);
    case 'number':
      return HNum.make(value);
    case 'bigint':
      return HNum.make(Number(value));
    case 'string':
      return HStr.make(value);
    case 'object':
      if (Array.isArray(value)) return HList.make(value.map(jsonValue).filter((v): v is HVal => v !== null));
      return jsonDict(value as Record<string, unknown>);
    default:
      return HStr.make(String(value));
  }
}

/** A tag name for `key`: itself when it is one, else its runs of other characters as `_`, a lower-case letter first. */
export function tagName(key: string): string {
  if (/^[a-z][a-zA-Z0-9_]*$/.test(key)) return key;
  const name = key.replace(/[^a-zA-Z0-9_]+/g, '_');
  return /^[A-Z]/.test(name)
    ? name.charAt(0).toLowerCase() + name.slice(1)
    : /^[a-z]/.test(name)
      ? name
      : `k${name}`;
}

export function jsonDict(object: Readonly<Record<string, unknown>>): HDict {
  const tags: Record<string, HVal> = {};
  for (const [key, member] of Object.entries(object)) {
    const value = jsonValue(member);
    if (value === null) continue;
    // Two keys made into the same name: the second one is numbered.
    let name = tagName(key);
    for (let n = 2; name in tags; n++) name = `${tagName(key)}_${n}`;
    tags[name] = value;
  }
  return HDict.make(tags);
}
