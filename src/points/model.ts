// The canonical profile: what a points list becomes once parsed. `profile export --format json` prints
// exactly this shape, and every later part of Pointyard (runtime, protocols, UI) reads it.

export type PointKind = 'sensor' | 'command' | 'status';
export type PointType = 'number' | 'bool' | 'enum' | 'string' | 'datetime' | 'action';
export type UpdateMode = 'periodic' | 'onDemand' | 'onEvent';
/** The least role that may write a point: operators write commands; some actions are an admin's. */
export type WriteRole = 'operator' | 'admin';

export interface Point {
  id: string;
  name: string;
  kind: PointKind;
  type: PointType;
  tags: string[];
  unit: string | null;
  min: number | null;
  max: number | null;
  enum: string[] | null;
  trueText: string | null;
  falseText: string | null;
  action: string | null;
  /** The least role that may write it (see write-role.ts); null for sensor and status points. */
  writeRole: WriteRole | null;
  update: UpdateMode;
  intervalMs: number | null;
  description: string | null;
  /**
   * The address of each protocol column (see address-column.ts) under its plug-in's name, explicit or
   * assigned; read through the plug-in's accessor. Keys in name order.
   */
  addresses: Record<string, unknown>;
  /** Extra mapping columns (OCPP, SIA Protocol, KNX…) by column name, verbatim; `-`/empty left out. */
  protocols: Record<string, string>;
}

export interface Source {
  title: string;
  url: string | null;
}

export interface DeclaredCounts {
  sensor: number;
  command: number;
  status: number;
}

export interface Profile {
  id: string;
  name: string;
  localName: string | null;
  declaredCounts: DeclaredCounts;
  sources: Source[];
  points: Point[];
}

/** Whether a point can be written by a client (commands and setpoints). */
export function isWritable(point: Point): boolean {
  return point.kind === 'command';
}
