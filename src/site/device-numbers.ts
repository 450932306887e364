// Modbus unit ids and BACnet device instances of a site's devices: explicit ones checked (in range for a
// whole fleet, never shared), the others assigned by `assignNumbers` (lowest free, in device order).

import type { DiagnosticList } from '../points/diagnostics.js';
import type { DeviceDraft } from './devices.js';
import { assignNumbers } from './numbering.js';
import type { Path } from './yaml.js';

export const MODBUS_UNITS = { first: 1, last: 247 };
export const BACNET_INSTANCE_MAX = 4_194_302;
/** First automatic BACnet instance when the site file sets no `site.bacnetBase`. */
export const DEFAULT_BACNET_BASE = 1000;

interface Numbering {
  field: 'modbusUnit' | 'bacnetInstance';
  /** Word for messages. */
  what: string;
  last: number;
}

const MODBUS: Numbering = { field: 'modbusUnit', what: 'Modbus unit', last: MODBUS_UNITS.last };
const BACNET: Numbering = { field: 'bacnetInstance', what: 'BACnet instance', last: BACNET_INSTANCE_MAX };

/** Reports explicit numbers that run out of range in a fleet, or that two devices share. */
export function checkExplicitNumbers(
  drafts: DeviceDraft[],
  diag: DiagnosticList,
  lineOf: (path: Path) => number,
): void {
  for (const numbering of [MODBUS, BACNET]) {
    const { field, what, last } = numbering;
    const owners = new Map<number, { id: string; line: number }>();
    const reported = new Set<number>();
    for (const d of drafts) {
      const n = d[field];
      if (n === null || reported.has(d.entry)) continue;
      const line = lineOf(['devices', d.entry, field]);
      if (d.offset === 0 && n + d.count - 1 > last) {
        diag.error(
          line,
          `device '${d.idAsWritten}': a fleet of ${d.count} from ${field} ${n} runs past ${last} (the last would be ${n + d.count - 1})`,
        );
        reported.add(d.entry);
        continue;
      }
      const owner = owners.get(n);
      if (owner) {
        diag.error(line, `${what} ${n} of '${d.id}' is already used by '${owner.id}' (line ${owner.line})`);
        reported.add(d.entry); // one message per entry, not one per device of a fleet
      } else owners.set(n, { id: d.id, line });
    }
  }
}

/** Every device's numbers; a device past the 247th without a Modbus unit gets null (one warning for all). */
export function assignDeviceNumbers(
  drafts: DeviceDraft[],
  bacnetBase: number,
  diag: DiagnosticList,
  lineOf: (path: Path) => number,
): { modbus: (number | null)[]; bacnet: (number | null)[] } {
  const modbus = assignNumbers(
    drafts.map((d) => d.modbusUnit),
    MODBUS_UNITS.first,
    MODBUS_UNITS.last,
  );
  const bacnet = assignNumbers(
    drafts.map((d) => d.bacnetInstance),
    bacnetBase,
    BACNET_INSTANCE_MAX,
  );
  const withoutUnit = drafts.filter((_, i) => modbus[i] === null);
  const first = withoutUnit[0];
  if (first)
    diag.warn(
      lineOf(['devices', first.entry]),
      `${withoutUnit.length} device${withoutUnit.length === 1 ? ' has' : 's have'} no Modbus unit from '${first.id}' on: Modbus has 247 unit ids`,
    );
  const noInstance = drafts.find((_, i) => bacnet[i] === null);
  if (noInstance)
    diag.error(
      lineOf(['devices', noInstance.entry]),
      `no BACnet instance left for '${noInstance.id}': every instance from bacnetBase ${bacnetBase} to ${BACNET_INSTANCE_MAX} is taken`,
    );
  return { modbus, bacnet };
}
