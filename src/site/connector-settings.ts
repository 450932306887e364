// The settings every connector source takes, whatever its protocol: those of the connector framework
// (docs/connectors.md), `staleMs` and `disabled`, kept only when given.

import type { ConnectorSource } from './model.js';
import { wholeNumber } from './values.js';

export const CONNECTOR_FIELDS = ['staleMs', 'disabled'] as const;

type ConnectorSettings = Pick<ConnectorSource, 'staleMs' | 'disabled'>;

/** The connector's settings of a `kind` source (a URL's are text), or why one cannot be used. */
export function readConnectorSettings(
  kind: string,
  raw: Record<string, unknown>,
): { settings: ConnectorSettings } | { problem: string } {
  const settings: ConnectorSettings = {};
  if (raw.staleMs !== undefined) {
    const staleMs = wholeNumber(raw.staleMs, 0, 86_400_000);
    if (staleMs === null) return { problem: `source ${kind}: staleMs must be a whole number 0–86400000` };
    settings.staleMs = staleMs;
  }
  if (raw.disabled !== undefined) {
    const disabled = raw.disabled;
    if (disabled !== true && disabled !== false && disabled !== 'true' && disabled !== 'false')
      return { problem: `source ${kind}: disabled must be true or false (got ${String(disabled)})` };
    settings.disabled = disabled === true || disabled === 'true';
  }
  return { settings };
}
