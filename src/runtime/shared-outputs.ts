// What the devices a node of a cluster runs produce for the other nodes besides their points' changes: the
// signals their steps publish (StepResult.signals) and the values of their `Sur demande` points, computed at
// each step by the node that runs them (the others have no running behaviour to compute them from).

import type { Value } from '../core/value.js';
import type { PointEntry } from './point-store.js';

export interface SharedOutputs {
  /** A step of `device` (run here) set the signal `name` to a new value. */
  signal(device: string, name: string, value: number, ts: number): void;
  /** A `Sur demande` point of a device run here computed a new value at a step. */
  onDemand(entry: PointEntry, value: Value, ts: number): void;
}
