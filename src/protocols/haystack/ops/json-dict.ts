// A JSON value (an interface's status) as Haystack values: objects as Dicts, arrays as Lists, numbers,
// strings and booleans as themselves. Null is "missing" in Haystack: a null member is left out of its Dict
// and a null item out of its List.

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

export function jsonDict(object: Readonly<Record<string, unknown>>): HDict {
  const tags: Record<string, HVal> = {};
  for (const [key, member] of Object.entries(object)) {
    const value = jsonValue(member);
    if (value !== null) tags[key] = value;
  }
  return HDict.make(tags);
}
