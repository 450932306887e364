// Sparkplug host applications seen through an external broker: each publishes its retained STATE
// (`spBv1.0/STATE/<host id>`: `{"online":true,…}` in Sparkplug 3.0, `ONLINE`/`OFFLINE` in 2.2). Pointyard
// follows them to count the host applications reading the site (the parking server's BMS Integration Status).

import type { MqttLink } from './link.js';

export const STATE_FILTER = 'spBv1.0/STATE/+';

/** Whether a STATE payload says online (true), offline (false), or cannot be read (null). */
export function stateOnline(payload: Buffer): boolean | null {
  const text = payload.toString('utf8').trim();
  if (text === 'ONLINE') return true;
  if (text === 'OFFLINE') return false;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'online' in parsed) {
      const online = (parsed as { online: unknown }).online;
      if (typeof online === 'boolean') return online;
    }
  } catch {}
  return null;
}

export interface HostStates {
  /** Host application ids online now. */
  online(): string[];
  /** Reports every host still online as gone (at the stop). */
  close(): void;
}

/** Follows the STATE of every host application; `report(host, true)` when one comes online, false when it goes. */
export function followHostStates(
  link: MqttLink,
  report: (host: string, online: boolean) => void,
): HostStates {
  const hosts = new Set<string>();
  link.subscribe(STATE_FILTER, (topic, payload) => {
    const host = topic.slice(STATE_FILTER.length - 1);
    const online = stateOnline(payload);
    if (online === null || online === hosts.has(host)) return;
    if (online) hosts.add(host);
    else hosts.delete(host);
    report(host, online);
  });
  return {
    online: () => [...hosts],
    close() {
      for (const host of hosts) report(host, false);
      hosts.clear();
    },
  };
}
