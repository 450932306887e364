// History as a protocol sees it: read a point's samples, and write samples of any time through an audited
// path, as writes go through the write path. A history write leaves one `his-write` record per point written
// (who, via, the point, how many samples and their time span), committed after the samples and before the
// answer (history and audit live in different databases, so not in one transaction: the samples first, so
// that no record tells of samples that are not there). A refused one leaves a `refused` record per point.

import type { Clock } from '../../core/clock.js';
import type { Bucket, RollupLevel } from '../../store/history/rollup-buckets.js';

// What a protocol needs to combine roll-up buckets into its own intervals (Haystack's hisRead), from here.
export type { Bucket, RollupLevel } from '../../store/history/rollup-buckets.js';
export { bucketsOf, HOUR_MS, MINUTE_MS } from '../../store/history/rollup-buckets.js';

import type { AuditRecord, HistoryStore, Role, Sample } from '../../store/store.js';
import type { PointStore } from '../point-store.js';
import type { WritePath } from '../write-path.js';
import type { Actor } from './actor.js';

/** Samples of one or more points, by key, in the name of `actor`. */
export interface HistoryWrite extends Actor {
  points: ReadonlyArray<{ key: string; samples: Sample[] }>;
}

/** Why a history write is refused: its code and a message for a person. */
export interface HistoryRefusal {
  /** `forbidden` (the role may not), `unknown-point`, or a code of the protocol's own (`bad-request`…). */
  code: string;
  message: string;
}

export type HistoryWriteResult =
  | { ok: true; samples: number }
  /** Refused: nothing written. */
  | ({ ok: false; written: false } & HistoryRefusal)
  /** The samples are written, but their audit record could not be saved. */
  | { ok: false; written: true; code: 'unaudited'; message: string };

export interface HistoryService {
  /** Samples of a point with from ≤ t < to, in time order. */
  read(key: string, from: number, to: number): Promise<Sample[]>;
  /** The 1-minute or 1-hour roll-up buckets of those samples, stored ones where flushed (HistoryStore.readRollups). */
  rollups(key: string, level: RollupLevel, from: number, to: number): Promise<Bucket[]>;
  /**
   * Merges the samples into the points' history (all or none; durable on answer), then audits them. Only an
   * admin writes history. A point with no sample in the request is not written and gets no record.
   */
  write(request: HistoryWrite): Promise<HistoryWriteResult>;
  /** Audits a history write the protocol refused, under each of `keys` the site has; once committed. */
  refuse(request: Actor & { keys: readonly string[] }, refusal: HistoryRefusal): Promise<void>;
}

/** Who may write history: it rewrites the record of what the devices said. */
const mayWriteHistory = (role: Role) => role === 'admin';

const iso = (t: number) => new Date(t).toISOString();

/** `3 samples from <first> to <last>`, `1 sample at <time>`. */
function span(samples: Sample[]): string {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const s of samples) {
    if (s.t < from) from = s.t;
    if (s.t > to) to = s.t;
  }
  return samples.length === 1
    ? `1 sample at ${iso(from)}`
    : `${samples.length} samples from ${iso(from)} to ${iso(to)}`;
}

export function historyService(
  history: HistoryStore,
  writes: WritePath,
  points: PointStore,
  clock: Clock,
): HistoryService {
  const record = (actor: Actor, key: string, action: AuditRecord['action'], note: string): AuditRecord => ({
    ts: clock.now(),
    who: actor.who,
    via: actor.via,
    remote: actor.remote,
    key,
    level: null,
    action,
    written: null,
    before: null,
    after: null,
    note,
  });
  const refuse: HistoryService['refuse'] = async (request, refusal) => {
    const keys = [...new Set(request.keys)].filter((key) => points.indexOf(key) !== undefined);
    const note = `${refusal.code}: ${refusal.message}`;
    // Answered whether or not the record could be saved, as the write path answers its refusals.
    await Promise.all(keys.map((key) => writes.recordAudit(record(request, key, 'refused', note))));
  };
  return {
    read: (key, from, to) => history.read(key, from, to),
    rollups: (key, level, from, to) => history.readRollups(key, level, from, to),
    refuse,
    async write(request) {
      const keys = request.points.map((p) => p.key);
      const refused = async (code: string, message: string): Promise<HistoryWriteResult> => {
        await refuse({ ...request, keys }, { code, message });
        return { ok: false, written: false, code, message };
      };
      if (!mayWriteHistory(request.role))
        return refused('forbidden', `${request.who} (${request.role}) may not write history`);
      const unknown = keys.find((key) => points.indexOf(key) === undefined);
      if (unknown !== undefined) return refused('unknown-point', `no point ${unknown}`);
      const written = request.points.filter((p) => p.samples.length > 0);
      await history.merge(written); // one transaction for every point
      const failures = await Promise.all(
        written.map((p) => writes.recordAudit(record(request, p.key, 'his-write', span(p.samples)))),
      );
      const unsaved = failures.find((failure) => failure !== null);
      if (unsaved)
        return {
          ok: false,
          written: true,
          code: 'unaudited',
          message: `the samples are written, but their audit record is not saved: ${unsaved}`,
        };
      return { ok: true, samples: written.reduce((n, p) => n + p.samples.length, 0) };
    },
  };
}
