// The `BACnet Object` column of a points list's mappings: `AI0`, `MSV 12`… checked against the point, two
// points on one object refused, every other point on the next free instance of its type (bacnet-map.ts).

import { addressColumn, type LineMessage } from '../../points/address-column.js';
import { bool, int, oneOf, record } from '../../points/exports/json-shape.js';
import type { BacnetAddress, BacnetType } from './bacnet-address.js';
import {
  assignBacnet,
  BACNET_OBJECT_TYPES,
  bacnetAccessMismatch,
  bacnetTypeMismatch,
  formatBacnet,
  parseBacnetObject,
} from './bacnet-map.js';

/** An object the points list names. */
interface ExplicitObject {
  type: BacnetType;
  instance: number;
}

const shape = record({
  type: oneOf(...Object.keys(BACNET_OBJECT_TYPES)),
  instance: int,
  auto: bool,
});

export const bacnetColumn = addressColumn<ExplicitObject, BacnetAddress>({
  title: 'BACnet Object',
  label: 'BACnet',
  matches: (header) => header.includes('bacnet'),
  parse(cell, point, pointIsSound) {
    const parsed = parseBacnetObject(cell);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    // A point whose own row is wrong is not checked against its object: that would only echo its error.
    const mismatch = pointIsSound ? bacnetTypeMismatch(parsed.type, point) : null;
    if (mismatch) return { ok: false, message: `'${point.name}': ${mismatch}` };
    const access = bacnetAccessMismatch(parsed.type, point.kind);
    return {
      ok: true,
      explicit: { type: parsed.type, instance: parsed.instance },
      warnings: access ? [`'${point.name}': ${access}`] : [],
    };
  },
  clashes(entries) {
    const errors: LineMessage[] = [];
    const objects = new Map<string, { name: string; line: number }>();
    for (const e of [...entries].sort((a, b) => a.line - b.line)) {
      const key = formatBacnet(e.explicit);
      const first = objects.get(key);
      if (first)
        errors.push({
          line: e.line,
          message: `BACnet object ${key} of '${e.point.name}' is already '${first.name}' (line ${first.line})`,
        });
      else objects.set(key, { name: e.point.name, line: e.line });
    }
    return errors;
  },
  assign(requests) {
    return assignBacnet(
      requests.map((r) => ({ type: r.point.type, kind: r.point.kind, explicit: r.explicit })),
    ).map((address) => ({ ok: true, address }));
  },
  format: formatBacnet,
  checkShape: shape,
});
