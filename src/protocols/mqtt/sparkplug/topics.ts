// The Sparkplug B topic namespace (specification 3.0, section 4.1): spBv1.0/<group>/<type>/<node>[/<device>],
// and spBv1.0/STATE/<host> for a primary host application's state.

export const NAMESPACE = 'spBv1.0';

export type MessageType = 'NBIRTH' | 'NDEATH' | 'DBIRTH' | 'DDEATH' | 'NDATA' | 'DDATA' | 'NCMD' | 'DCMD';

export class SparkplugTopics {
  private readonly base: string;

  constructor(
    readonly group: string,
    readonly node: string,
  ) {
    this.base = `${NAMESPACE}/${group}`;
  }

  ofNode(type: 'NBIRTH' | 'NDEATH' | 'NDATA' | 'NCMD'): string {
    return `${this.base}/${type}/${this.node}`;
  }

  device(type: 'DBIRTH' | 'DDEATH' | 'DDATA' | 'DCMD', deviceId: string): string {
    return `${this.base}/${type}/${this.node}/${deviceId}`;
  }

  /** Every command of a device of this node. */
  get deviceCommands(): string {
    return `${this.base}/DCMD/${this.node}/+`;
  }

  /** Everything this node publishes, for the server page. */
  get all(): string {
    return `${this.base}/#`;
  }
}

/** A primary host application's STATE topic. */
export function stateTopic(host: string): string {
  return `${NAMESPACE}/STATE/${host}`;
}

/** The message type of a topic of the namespace (its third level), or null. */
export function messageTypeOf(topic: string): MessageType | null {
  const parts = topic.split('/', 4);
  if (parts[0] !== NAMESPACE || parts.length < 4) return null;
  return parts[2] as MessageType;
}

/** The device id of a device topic (its fifth level), or null. */
export function deviceOf(topic: string): string | null {
  const parts = topic.split('/');
  return parts.length === 5 ? (parts[4] as string) : null;
}
