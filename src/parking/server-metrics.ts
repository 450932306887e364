// Counters the protocol servers keep for the parking server's self-measurement: API requests per second,
// the BMS / protocol clients seen lately, security incidents, whether the OCPP back end runs. One object per
// running site; the servers that exist increment it, the parking server's behaviour reads it.

const WINDOW_MS = 10_000;
const CLIENT_SEEN_MS = 5 * 60_000;

export class ServerMetrics {
  private requestTimes: number[] = [];
  private readonly clients = new Map<string, number>();
  /** Open connections of each client (Modbus masters hold theirs open between polls). */
  private readonly connections = new Map<string, number>();
  private incidents = 0;
  ocppBackendRunning = false;

  /** One request on an HTTP API at `now` (wall-clock ms). */
  countRequest(now: number): void {
    this.requestTimes.push(now);
  }

  /** A BMS-side client (`haystack:alice`, `modbus:10.0.0.5`…) talked at `now`. */
  clientSeen(client: string, now: number): void {
    this.clients.set(client, now);
  }

  /** A BMS-side client opened (`open` true) or closed a connection at `now`; it counts while one is open. */
  connection(client: string, open: boolean, now: number): void {
    const n = (this.connections.get(client) ?? 0) + (open ? 1 : -1);
    if (n > 0) this.connections.set(client, n);
    else this.connections.delete(client);
    this.clients.set(client, now);
  }

  /** Connections open now, all clients together. */
  get openConnections(): number {
    let n = 0;
    for (const count of this.connections.values()) n += count;
    return n;
  }

  /** A failed login, an unknown charge point…: something the Security Alert should show. */
  securityIncident(): void {
    this.incidents++;
  }

  /** API requests per second over the last 10 s. */
  requestRate(now: number): number {
    this.requestTimes = this.requestTimes.filter((t) => t > now - WINDOW_MS);
    return this.requestTimes.length / (WINDOW_MS / 1000);
  }

  /** Clients seen in the last 5 minutes or connected now. */
  activeClients(now: number): number {
    let n = 0;
    for (const [client, seen] of this.clients) {
      if (seen > now - CLIENT_SEEN_MS || this.connections.has(client)) n++;
      else this.clients.delete(client);
    }
    return n;
  }

  get securityIncidents(): number {
    return this.incidents;
  }
}
