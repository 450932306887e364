// The header's alarm counts: open alarms still in alarm, and those nobody acknowledged yet. Read every few
// seconds with the alarms op (its meta carries the counts), and at once after an acknowledgement.
import { type HaystackClient, SessionEndedError } from '../api/client';
import { readAlarms } from '../api/site-ops';
import { Observable } from './observable';

export interface AlarmCounts {
  active: number;
  unacked: number;
}

const EVERY_MS = 5000;

export class AlarmSummary {
  readonly counts = new Observable<AlarmCounts | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly client: HaystackClient) {}

  start(): void {
    void this.refresh();
  }

  async refresh(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.stopped) return;
    try {
      const { activeCount, unackedCount } = await readAlarms(this.client, { state: 'open', limit: 1 });
      const now = this.counts.value;
      if (!now || now.active !== activeCount || now.unacked !== unackedCount)
        this.counts.set({ active: activeCount, unacked: unackedCount });
    } catch (err) {
      if (err instanceof SessionEndedError) return;
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.refresh(), EVERY_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
