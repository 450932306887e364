// The birth/death sequence number (specification 3.0, section 5.2 "bdSeq"): one per MQTT session, 0–255
// wrapping, carried by the session's NDEATH (the will) and NBIRTH so that a host pairs them. The last one used
// is kept in a file of the MQTT state folder before the connection carrying it is opened, so a restarted
// Pointyard (even after a kill -9) never reuses the number of its previous session.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class BdSeq {
  private last: number;

  private constructor(private readonly file: string | null) {
    this.last = -1;
    if (!file) return;
    try {
      const kept = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(kept) && kept >= 0 && kept <= 255) this.last = kept;
    } catch {
      // none kept yet: the first session is 0
    }
  }

  /** Kept in `<dir>/sparkplug-bdseq`; in memory only when `dir` is null. */
  static open(dir: string | null): BdSeq {
    return new BdSeq(dir ? join(dir, 'sparkplug-bdseq') : null);
  }

  /** The current session's number (-1 before the first). */
  get current(): number {
    return this.last;
  }

  /** The next session's number, kept before it is returned. */
  next(): number {
    this.last = (this.last + 1) % 256;
    if (this.file) {
      const temporary = `${this.file}.tmp`;
      writeFileSync(temporary, `${this.last}\n`, { flush: true });
      renameSync(temporary, this.file);
    }
    return this.last;
  }
}
