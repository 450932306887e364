// The status a point's value carries next to it.

/** Haxall's point status model; `unknown`: a real device's point not read yet. */
export type PointStatus = 'ok' | 'stale' | 'fault' | 'down' | 'disabled' | 'unknown';
