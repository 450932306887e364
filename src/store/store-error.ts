// Errors of the store in words a person can act on (a full disk, a read-only data folder…). Each engine turns
// its own error codes into them (SQLite's in sqlite/explain-error.ts).

export class StoreError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
