// The `OCPP` column of a points list's mappings: `MeterValues.<Measurand>[.<phase>]` (a measured point fed
// by the charge point's MeterValues) or a message name (StatusNotification for a status point, the CSMS call
// a command point's write becomes). Several points may name one message (a StatusNotification fills Charger
// Status and Connector Status); a point with no cell has no OCPP address (null).

import { addressColumn } from '../../points/address-column.js';
import type { Point } from '../../points/model.js';
import { MEASURANDS, MESSAGES, type Measurand, type MessageName, PHASES, type Phase } from './ocpp-names.js';

/** A point's OCPP address: a measurand of MeterValues, or a message. */
export type OcppMapping =
  | { kind: 'measurand'; measurand: Measurand; phase: Phase | null }
  | { kind: 'message'; message: MessageName };

const METER_VALUES = 'MeterValues.';

/** The text of a cell as a mapping, or why it is not one. */
export function parseOcppMapping(cell: string): OcppMapping | { problem: string } {
  const text = cell.trim();
  if (text.startsWith(METER_VALUES)) {
    const rest = text.slice(METER_VALUES.length);
    // The longest measurand the text starts with: `Energy.Active.Import.Register.L1`.
    const measurand = [...MEASURANDS]
      .sort((a, b) => b.length - a.length)
      .find((m) => rest === m || rest.startsWith(`${m}.`));
    if (!measurand)
      return { problem: `'${rest}' is not an OCPP 1.6 measurand (known: ${MEASURANDS.join(', ')})` };
    const phase = rest.slice(measurand.length + 1);
    if (phase === '') return { kind: 'measurand', measurand, phase: null };
    if (!(PHASES as readonly string[]).includes(phase))
      return { problem: `'${phase}' is not an OCPP 1.6 phase (known: ${PHASES.join(', ')})` };
    return { kind: 'measurand', measurand, phase: phase as Phase };
  }
  if ((MESSAGES as readonly string[]).includes(text))
    return { kind: 'message', message: text as MessageName };
  return {
    problem: `'${text}' is neither MeterValues.<measurand>[.<phase>] nor an OCPP 1.6 message (known: ${MESSAGES.join(', ')})`,
  };
}

export function formatOcppMapping(mapping: OcppMapping | null): string {
  if (mapping === null) return '-';
  if (mapping.kind === 'message') return mapping.message;
  return `${METER_VALUES}${mapping.measurand}${mapping.phase ? `.${mapping.phase}` : ''}`;
}

/** The OCPP address of a point of a profile read with the OCPP plug-in, or null. */
export function ocppMappingOf(point: Pick<Point, 'addresses'>): OcppMapping | null {
  return (point.addresses.ocpp as OcppMapping | null | undefined) ?? null;
}

function checkShape(value: unknown, path: string, errors: string[]): void {
  if (value === null) return;
  const mapping = value as Partial<OcppMapping> | undefined;
  if (typeof mapping !== 'object' || mapping === undefined) {
    errors.push(`${path}: must be an OCPP mapping or null`);
    return;
  }
  const parsed = parseOcppMapping(formatOcppMapping(mapping as OcppMapping));
  if ('problem' in parsed || JSON.stringify(parsed) !== JSON.stringify(value))
    errors.push(`${path}: not an OCPP mapping (${JSON.stringify(value)})`);
}

export const ocppColumn = addressColumn<OcppMapping, OcppMapping | null>({
  title: 'OCPP',
  label: 'OCPP',
  matches: (header) => header === 'ocpp',
  parse(cell, point, pointIsSound) {
    const parsed = parseOcppMapping(cell);
    if ('problem' in parsed) return { ok: false, message: `'${point.name}': ${parsed.problem}` };
    if (pointIsSound && parsed.kind === 'measurand' && point.type !== 'number')
      return { ok: false, message: `'${point.name}': a measurand needs a number point, not ${point.type}` };
    return { ok: true, explicit: parsed };
  },
  clashes: () => [],
  assign: (requests) => requests.map((r) => ({ ok: true, address: r.explicit })),
  format: formatOcppMapping,
  // Shown where it is mapped: read for what the charge point reports, written for the calls.
  access: (address, point) =>
    address === null
      ? { read: false, write: false }
      : { read: true, write: address.kind === 'message' && point.kind === 'command' },
  checkShape,
});
