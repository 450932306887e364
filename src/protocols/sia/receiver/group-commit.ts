// Group commit: the frames that come in while a commit is under way wait together and are committed in the
// next one (one transaction, one flush for all of them), in the order they came. A commit starts once the
// I/O of the event loop's turn has been read (setImmediate), so that the frames read in one turn go
// together; at most `maxItems` items a commit (whole frames: a frame larger than that goes alone). When a
// commit of several frames fails, each is committed again alone, so that a frame the store refuses does not
// fail the others; a frame's promise resolves (or rejects) only once its own commit has.

interface Waiting<T, R> {
  items: readonly T[];
  resolve: (results: R[]) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private running = false;
  private scheduled = false;
  /** Commits made, and the items in the largest (for status and tests). */
  commits = 0;
  largest = 0;

  /** `commit` keeps the items, all or none, and resolves with one result per item in their order. */
  constructor(
    private readonly commit: (items: readonly T[]) => Promise<R[]>,
    private readonly maxItems: number,
  ) {}

  /** Frames waiting for the next commit. */
  get waitingFrames(): number {
    return this.waiting.length;
  }

  /** Commits `items` (one frame's) with whatever else waits; resolves with their results in order. */
  submit(items: readonly T[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<R[]>((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.next();
    });
  }

  private async next(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.commitBatch(this.take());
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  /** The frames of the next commit: the oldest waiting, as many as fit in `maxItems` (at least one). */
  private take(): Waiting<T, R>[] {
    const batch: Waiting<T, R>[] = [];
    let count = 0;
    while (this.waiting.length > 0) {
      const size = (this.waiting[0] as Waiting<T, R>).items.length;
      if (batch.length > 0 && count + size > this.maxItems) break;
      batch.push(this.waiting.shift() as Waiting<T, R>);
      count += size;
    }
    return batch;
  }

  private async commitBatch(batch: Waiting<T, R>[]): Promise<void> {
    const items = batch.flatMap((w) => w.items);
    let results: R[];
    try {
      results = await this.counted(items);
    } catch (err) {
      if (batch.length === 1) (batch[0] as Waiting<T, R>).reject(err);
      else for (const w of batch) await this.commitAlone(w);
      return;
    }
    let at = 0;
    for (const w of batch) {
      w.resolve(results.slice(at, at + w.items.length));
      at += w.items.length;
    }
  }

  private async commitAlone(w: Waiting<T, R>): Promise<void> {
    try {
      w.resolve(await this.counted(w.items));
    } catch (err) {
      w.reject(err);
    }
  }

  private async counted(items: readonly T[]): Promise<R[]> {
    this.commits++;
    this.largest = Math.max(this.largest, items.length);
    const results = await this.commit(items);
    if (results.length !== items.length)
      throw new Error(`a commit of ${items.length} items gave ${results.length} results`);
    return results;
  }
}
