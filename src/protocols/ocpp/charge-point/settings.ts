// How a charge point reaches its CSMS and what it says it is (BootNotification).

export interface ChargePointSettings {
  /** The CSMS's OCPP-J endpoint (`ws://` or `wss://`); the charge point's id is appended as the last segment. */
  url: string;
  /** The charge point's identity (chargeBoxIdentity). */
  id: string;
  /** HTTP Basic password (Security Profile 1/2), the user name being the id. */
  password?: string;
  /** CA certificate(s), PEM, that the CSMS's TLS certificate must chain to (`wss://`). */
  ca?: string | Buffer;
  vendor: string;
  model: string;
  serialNumber?: string;
  firmwareVersion?: string;
  /** First reconnection delay, ms (doubles at each failure up to `reconnectMaxMs`); default 1000. */
  reconnectMinMs?: number;
  /** Longest reconnection delay, ms; default 60000. */
  reconnectMaxMs?: number;
  /** How long a call waits for its answer before the link is taken as lost, ms; default 30000. */
  callTimeoutMs?: number;
  /** Configuration values to start from (site settings); the CSMS's changes override them. */
  configuration?: Record<string, string>;
}

export function checkChargePointSettings(s: ChargePointSettings): string | null {
  if (!/^wss?:\/\/[^/]/.test(s.url))
    return `url must start with ws:// or wss:// (got ${JSON.stringify(s.url)})`;
  if (!s.id || s.id.length > 48) return 'id must have 1 to 48 characters';
  if (s.password !== undefined && s.password.length > 40) return 'password must have at most 40 characters';
  return null;
}
