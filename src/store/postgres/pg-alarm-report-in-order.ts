// Calls run one after the other in the order they were made, as SQLite's single connection runs them: with a
// pool, two calls made in order could otherwise commit (and take their ids) in the other order.

export class InOrder {
  private last: Promise<unknown> = Promise.resolve();

  /** Runs `work` once every call made before has settled (resolved or rejected). */
  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.last.then(work, work);
    this.last = next.catch(() => {});
    return next;
  }
}
