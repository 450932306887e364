// What the conformance suite knows of an engine: how to open a fresh, empty store and, for an engine that
// keeps data, how to open the same data again (after a clean close, or after a crash).

import type { Store } from '../store.js';

export interface EngineUnderTest {
  /** A fresh, empty store (a new data folder, a new database…). */
  open: () => Promise<Store>;
  /** Closes the store and opens the same data again; absent for an engine that keeps nothing (memory). */
  reopen?: (store: Store) => Promise<Store>;
  /**
   * Drops the store as a killed process would (nothing flushed, nothing closed cleanly) and opens the same
   * data again: for an engine whose history keeps a journal (`HistoryStore.journal`).
   */
  crash?: (store: Store) => Promise<Store>;
}

/** One test's store, reopened as the test goes, always closed at the end. */
export class StoreSession {
  private constructor(
    private readonly engine: EngineUnderTest,
    public store: Store,
  ) {}

  static async open(engine: EngineUnderTest): Promise<StoreSession> {
    return new StoreSession(engine, await engine.open());
  }

  /** Closes and opens the same data; the same store for an engine that keeps nothing. */
  async reopen(): Promise<Store> {
    if (this.engine.reopen) this.store = await this.engine.reopen(this.store);
    return this.store;
  }

  async crash(): Promise<Store> {
    if (!this.engine.crash) throw new Error('this engine keeps no journal');
    this.store = await this.engine.crash(this.store);
    return this.store;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Runs `fn` on a fresh store of the engine, closing whatever store the test ends with. */
export async function withSession(
  engine: EngineUnderTest,
  fn: (session: StoreSession) => Promise<void>,
): Promise<void> {
  const session = await StoreSession.open(engine);
  try {
    await fn(session);
  } finally {
    await session.close();
  }
}
