// A site device fed by a charge point connected to the CSMS (gateway mode): `source: ocpp://<chargePointId>`
// (`?connector=2` for another connector than 1) or a mapping (`{kind: ocpp, chargePointId: CP-1}`).

import { type Device, isConnectorSource } from '../../site/model.js';
import type { SettingsReading, SourceSupport } from '../../site/plugin-source.js';
import { wholeNumber } from '../../site/values.js';

export interface OcppSource {
  /** The charge point's OCPP identity (the last part of its URL). */
  chargePointId: string;
  /** The connector whose status and meter values the device shows. */
  connectorId: number;
}

const ID = /^[\x21-\x2e\x30-\x3e\x40-\x7e]{1,48}$/;

function read(settings: Record<string, unknown>): SettingsReading<OcppSource> {
  const id = settings.chargePointId;
  if (typeof id !== 'string' || !ID.test(id))
    return { problem: 'source ocpp needs a chargePointId: 1–48 printable characters, no / or ?' };
  const connectorId = wholeNumber(settings.connector ?? settings.connectorId ?? 1, 1, 99);
  if (connectorId === null) return { problem: 'source ocpp: connector must be a whole number 1–99' };
  return { settings: { chargePointId: id, connectorId } };
}

function fromUrl(_url: URL, text: string): SettingsReading<Record<string, unknown>> {
  // Read from the text: a URL parser would lower-case or re-encode the identity.
  const rest = text.slice('ocpp://'.length);
  const [id = '', query = ''] = rest.split('?');
  if (id === '' || id.includes('/'))
    return { problem: `source '${text}': write ocpp://<chargePointId> (the charge point's identity)` };
  const settings: Record<string, unknown> = { chargePointId: decodeURIComponent(id) };
  for (const [key, value] of new URLSearchParams(query)) settings[key] = value;
  return { settings };
}

export const ocppSourceSupport: SourceSupport<OcppSource> = {
  schemes: ['ocpp'],
  fields: ['chargePointId', 'connector'],
  description:
    'a charge point connected to the CSMS as a URL (`ocpp://<chargePointId>?connector=1`) or a mapping (`kind: ocpp`, `chargePointId`, `connector`)',
  fromUrl,
  read,
  describe: ({ chargePointId, connectorId }) =>
    `ocpp://${encodeURIComponent(chargePointId)}${connectorId === 1 ? '' : `?connector=${connectorId}`}`,
};

/** The OCPP settings of a gateway device, or null for any other source. */
export function ocppSourceOf(device: Pick<Device, 'source'>): OcppSource | null {
  const source = device.source;
  return source.kind === 'ocpp' && isConnectorSource(source) ? (source.settings as OcppSource) : null;
}
