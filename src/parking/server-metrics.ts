// Counters the protocol servers keep for the parking server's self-measurement: API requests per second,
// the BMS / protocol clients seen lately, security incidents, whether the OCPP back end runs. One object per
// running site; the servers that exist increment it, the parking server's behaviour reads it.

const WINDOW_MS = 10_000;
const CLIENT_SEEN_MS = 5 * 60_000;

export class ServerMetrics {
  private requestTimes: number[] = [];
  private readonly clients = new Map<string, number>();
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

  /** A failed login, an unknown charge point…: something the Security Alert should show. */
  securityIncident(): void {
    this.incidents++;
  }

  /** API requests per second over the last 10 s. */
  requestRate(now: number): number {
    this.requestTimes = this.requestTimes.filter((t) => t > now - WINDOW_MS);
    return this.requestTimes.length / (WINDOW_MS / 1000);
  }

  /** Clients seen in the last 5 minutes. */
  activeClients(now: number): number {
    let n = 0;
    for (const [client, seen] of this.clients) {
      if (seen > now - CLIENT_SEEN_MS) n++;
      else this.clients.delete(client);
    }
    return n;
  }

  get securityIncidents(): number {
    return this.incidents;
  }
}
