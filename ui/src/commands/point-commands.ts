// Commands through the Haystack API: the priority array (pointWrite with an id only), writes and
// relinquishes (pointWrite with a level), momentary actions (invokeAction). Every one goes through the
// server's one write path; a refusal comes back as its message (HaystackError).
import type { HaystackClient } from '../api/client';
import { type Dict, gridOf, type HVal, num, number, ref, str } from '../api/hayson';

export interface LevelRow {
  level: number;
  /** `8 (manual)`, `def`… */
  levelDis: string;
  val: HVal | undefined;
  who: string | null;
  /** Seconds until a timed override ends. */
  expiresS: number | null;
}

export interface PriorityArray {
  levels: LevelRow[];
  writeVal: HVal | undefined;
  writeLevel: number | null;
  /** When it was read (epoch ms, this browser's clock): timed overrides count down from then. */
  readAt: number;
}

export async function readPriorityArray(client: HaystackClient, id: string): Promise<PriorityArray> {
  const grid = await client.op('pointWrite', gridOf([{ id: ref(id) }]));
  return {
    levels: grid.rows.map((row: Dict) => ({
      level: num(row.level) ?? 0,
      levelDis: str(row.levelDis) ?? String(num(row.level)),
      val: row.val,
      who: str(row.who),
      expiresS: num(row.expires),
    })),
    writeVal: grid.meta.writeVal,
    writeLevel: num(grid.meta.writeLevel),
    readAt: Date.now(),
  };
}

export interface WriteRequest {
  id: string;
  level: number;
  /** null relinquishes the level. */
  val: HVal;
  /** A timed override (level 8 only), in minutes. */
  durationMin?: number | null;
}

export async function writePoint(client: HaystackClient, w: WriteRequest): Promise<void> {
  const row: Dict = { id: ref(w.id), level: number(w.level), val: w.val };
  if (w.durationMin) row.duration = number(w.durationMin, 'min');
  await client.op('pointWrite', gridOf([row]));
}

export async function invokeAction(client: HaystackClient, id: string, action: string): Promise<void> {
  await client.op('invokeAction', gridOf([], { id: ref(id), action }));
}
