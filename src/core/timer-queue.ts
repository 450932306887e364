// A min-heap of timers ordered by due time, then by insertion: the core of the virtual clock.

export interface QueuedTimer {
  due: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

export class TimerQueue {
  private readonly heap: QueuedTimer[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(due: number, run: () => void): QueuedTimer {
    const timer = { due, seq: this.seq++, run, cancelled: false };
    this.heap.push(timer);
    this.up(this.heap.length - 1);
    return timer;
  }

  peek(): QueuedTimer | undefined {
    return this.heap[0];
  }

  pop(): QueuedTimer | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top !== undefined && last !== undefined && this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private before(i: number, j: number): boolean {
    const a = this.heap[i] as QueuedTimer;
    const b = this.heap[j] as QueuedTimer;
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i] as QueuedTimer;
    this.heap[i] = this.heap[j] as QueuedTimer;
    this.heap[j] = t;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.before(l, m)) m = l;
      if (r < n && this.before(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
