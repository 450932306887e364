// Sacrificial anode wear: OK, then WORN from a share of its life, then REPLACE at the end of it, counted in
// hours of service (the tank holds water and the anode corrodes whether or not it heats).

import type { DhwParameters } from './parameters.js';

export type AnodeStatus = 'OK' | 'WORN' | 'REPLACE';

export function anodeStatus(hours: number, p: DhwParameters): AnodeStatus {
  if (hours >= p.anodeLifeH) return 'REPLACE';
  return hours >= p.anodeWornFraction * p.anodeLifeH ? 'WORN' : 'OK';
}
