// BACnet object of every point: the explicit `BACnet Object` cell when given, else the next free instance of
// the object type that fits the point (see docs/points-list.md, "BACnet objects").

import type { Point, PointKind, PointType } from '../../points/model.js';
import { getOrCreate } from '../../util/maps.js';
import type { BacnetAddress, BacnetType } from './bacnet-address.js';

/** Object types a points list may name, with their BACnet object-type numbers (ASHRAE 135 clause 21). */
export const BACNET_OBJECT_TYPES: Record<BacnetType, { number: number; name: string }> = {
  AI: { number: 0, name: 'analog-input' },
  AO: { number: 1, name: 'analog-output' },
  AV: { number: 2, name: 'analog-value' },
  BI: { number: 3, name: 'binary-input' },
  BO: { number: 4, name: 'binary-output' },
  BV: { number: 5, name: 'binary-value' },
  MSI: { number: 13, name: 'multi-state-input' },
  MSO: { number: 14, name: 'multi-state-output' },
  MSV: { number: 19, name: 'multi-state-value' },
  CSV: { number: 40, name: 'characterstring-value' },
  DTV: { number: 44, name: 'datetime-value' },
};

/** Longer spellings accepted in a `BACnet Object` cell, folded to their abbreviation. */
const ALIASES: Record<string, BacnetType> = {
  CHARACTERSTRINGVALUE: 'CSV',
  CHARSTRINGVALUE: 'CSV',
  CHARSTR: 'CSV',
  DATETIMEVALUE: 'DTV',
  DATETIME: 'DTV',
  ANALOGINPUT: 'AI',
  ANALOGOUTPUT: 'AO',
  ANALOGVALUE: 'AV',
  BINARYINPUT: 'BI',
  BINARYOUTPUT: 'BO',
  BINARYVALUE: 'BV',
  MULTISTATEINPUT: 'MSI',
  MULTISTATEOUTPUT: 'MSO',
  MULTISTATEVALUE: 'MSV',
};

/** Largest instance number a BACnet object identifier can carry (22 bits, 4194303 is reserved). */
export const MAX_BACNET_INSTANCE = 4_194_302;

export type ParsedBacnet = { ok: true; type: BacnetType; instance: number } | { ok: false; message: string };

/** `AI0`, `MSV 12`, `BO:3`, `analog-input,4` → type and instance. */
export function parseBacnetObject(text: string): ParsedBacnet {
  const m = /^\s*([A-Za-z][A-Za-z-]*?)\s*[-:,_ ]?\s*(\d+)\s*$/.exec(text);
  if (!m)
    return {
      ok: false,
      message: `cannot read BACnet object '${text}' (expected a type and an instance, e.g. AI0)`,
    };
  const word = (m[1] ?? '').toUpperCase().replace(/-/g, '');
  const type = (word in BACNET_OBJECT_TYPES ? word : ALIASES[word]) as BacnetType | undefined;
  if (!type) {
    const known = Object.keys(BACNET_OBJECT_TYPES).join(', ');
    return { ok: false, message: `unknown BACnet object type '${m[1]}' in '${text}' (known: ${known})` };
  }
  const instance = Number(m[2]);
  if (instance > MAX_BACNET_INSTANCE) {
    return { ok: false, message: `BACnet instance ${instance} is above the maximum ${MAX_BACNET_INSTANCE}` };
  }
  return { ok: true, type, instance };
}

/** The value types an object type can carry. */
function carries(type: BacnetType): PointType[] {
  if (type === 'AI' || type === 'AO' || type === 'AV') return ['number'];
  if (type === 'BI' || type === 'BO' || type === 'BV') return ['bool', 'action'];
  if (type === 'MSI' || type === 'MSO' || type === 'MSV') return ['enum'];
  if (type === 'CSV') return ['string'];
  return ['datetime'];
}

/** Error text when an explicit object cannot carry the point's value, else null. */
export function bacnetTypeMismatch(type: BacnetType, point: Pick<Point, 'type' | 'kind'>): string | null {
  if (carries(type).includes(point.type)) return null;
  const fits = autoBacnetType(point.type, point.kind);
  return `BACnet ${type} cannot carry a ${point.type} point (use ${fits})`;
}

/** Warning text when an explicit object's access does not match the point's (a command on an input…). */
export function bacnetAccessMismatch(type: BacnetType, kind: PointKind): string | null {
  const inputType = type === 'AI' || type === 'BI' || type === 'MSI';
  const outputType = type === 'AO' || type === 'BO' || type === 'MSO';
  if (kind === 'command' && inputType) return `command point on BACnet ${type}, which clients cannot write`;
  if (kind !== 'command' && outputType) return `read-only ${kind} point on commandable BACnet ${type}`;
  return null;
}

/** The object type an unmapped point gets. */
export function autoBacnetType(type: PointType, kind: PointKind): BacnetType {
  switch (type) {
    case 'number':
      return kind === 'sensor' ? 'AI' : kind === 'command' ? 'AO' : 'AV';
    case 'bool':
      return kind === 'command' ? 'BO' : 'BI';
    case 'action':
      return 'BO';
    case 'enum':
      return 'MSV';
    case 'string':
      return 'CSV';
    case 'datetime':
      return 'DTV';
  }
}

/** Explicit objects as given, then every other point, in list order, on the lowest free instance. */
export function assignBacnet(
  points: Array<{
    type: PointType;
    kind: PointKind;
    explicit: { type: BacnetType; instance: number } | null;
  }>,
): BacnetAddress[] {
  const used = new Map<BacnetType, Set<number>>();
  const taken = (type: BacnetType) => getOrCreate(used, type, () => new Set<number>());
  for (const p of points) if (p.explicit) taken(p.explicit.type).add(p.explicit.instance);
  // Instances below the last one assigned are all taken, so each type's search resumes there.
  const next = new Map<BacnetType, number>();
  return points.map((p) => {
    if (p.explicit) return { type: p.explicit.type, instance: p.explicit.instance, auto: false };
    const type = autoBacnetType(p.type, p.kind);
    const set = taken(type);
    let instance = next.get(type) ?? 0;
    while (set.has(instance)) instance++;
    set.add(instance);
    next.set(type, instance + 1);
    return { type, instance, auto: true };
  });
}

export function formatBacnet(address: Pick<BacnetAddress, 'type' | 'instance'>): string {
  return `${address.type}${address.instance}`;
}
