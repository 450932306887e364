// Primary host application awareness (specification 3.0, section 7.4 and 6.4.24): the edge node follows
// `spBv1.0/STATE/<host>`, whose retained payload is `{"online":true|false,"timestamp":…}`, and publishes
// births and DATA only while the host is online; it births again each time the host comes online.

import type { Logger } from '../../../runtime/services/services.js';
import type { MqttLink } from '../link/link.js';
import { stateTopic } from './topics.js';

export class PrimaryHost {
  private isOnline = false;
  private timestamp: number | null = null;

  constructor(
    readonly id: string,
    link: MqttLink,
    private readonly log: Logger,
    private readonly changed: (online: boolean) => void,
  ) {
    link.subscribe(stateTopic(id), (_topic, payload) => this.state(payload));
  }

  get online(): boolean {
    return this.isOnline;
  }

  /** A new session: offline until the broker hands the host's retained STATE again. */
  sessionStarted(): void {
    this.isOnline = false;
  }

  status(): Record<string, unknown> {
    return { id: this.id, online: this.isOnline, timestamp: this.timestamp };
  }

  private state(payload: Buffer): void {
    let online: boolean;
    try {
      const parsed = JSON.parse(payload.toString('utf8')) as { online?: unknown; timestamp?: unknown };
      if (typeof parsed.online !== 'boolean') throw new Error('no boolean "online"');
      online = parsed.online;
      this.timestamp = typeof parsed.timestamp === 'number' ? parsed.timestamp : null;
    } catch (err) {
      this.log.warn(
        { host: this.id, err: (err as Error).message },
        'Sparkplug STATE ignored: not {"online":…,"timestamp":…}',
      );
      return;
    }
    if (online === this.isOnline) return;
    this.isOnline = online;
    this.log.info({ host: this.id, online }, `Sparkplug primary host ${online ? 'online' : 'offline'}`);
    this.changed(online);
  }
}
