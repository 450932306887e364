// One message Pointyard publishes: what the link sends, and what its backlog keeps while the broker is away.

export interface Outgoing {
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: 0 | 1;
  readonly retain: boolean;
  /**
   * The finalizer the link runs on it just before it goes out (link.ts, `finalize`): `sparkplug` messages get
   * their sequence number then, and replayed ones are marked historical. Absent: sent as it is.
   */
  readonly kind?: 'sparkplug';
}
