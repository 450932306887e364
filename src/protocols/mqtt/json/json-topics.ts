// The plain JSON topics of a site: `<prefix>/<site>/<device>/<point>` (its value, retained), `…/<point>/set`
// (commands to it), `…/<point>/set/result` (their answers) and `<prefix>/<site>/status` (online / offline).

/** The topics under `<prefix>/<site>`. */
export class JsonTopics {
  /** `<prefix>/<site>` */
  readonly base: string;

  constructor(prefix: string, siteId: string) {
    this.base = `${prefix}/${siteId}`;
  }

  /** The retained value of one point. */
  point(deviceId: string, pointId: string): string {
    return `${this.base}/${deviceId}/${pointId}`;
  }

  /** Where commands to a point are published. */
  set(deviceId: string, pointId: string): string {
    return `${this.point(deviceId, pointId)}/set`;
  }

  /** The filter of every point's command topic. */
  get setFilter(): string {
    return `${this.base}/+/+/set`;
  }

  /** The filter of every point's value (what a subscriber follows). */
  get pointFilter(): string {
    return `${this.base}/+/+`;
  }

  /** Pointyard's availability: `online` while it publishes, `offline` once it stopped or was lost. */
  get status(): string {
    return `${this.base}/status`;
  }

  /** `<device>.<point>` of a command topic, or null when the topic is not one. */
  keyOfSet(topic: string): string | null {
    if (!topic.startsWith(`${this.base}/`) || !topic.endsWith('/set')) return null;
    const levels = topic.slice(this.base.length + 1, -'/set'.length).split('/');
    if (levels.length !== 2 || levels.some((l) => l === '')) return null;
    return `${levels[0]}.${levels[1]}`;
  }
}
