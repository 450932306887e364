// How a session's figures read: energy in kWh, a duration in hours and minutes (an open one up to now).
import type { ChargingSession } from '../api/charging-ops';

export const formatEnergy = (kWh: number | null): string =>
  kWh === null ? '—' : `${kWh.toLocaleString('en-GB', { maximumFractionDigits: 2 })} kWh`;

/** `1 h 05 min`, `12 min`, `< 1 min`; an open session counts up to `now`. */
export function formatDuration(session: ChargingSession, now: number): string {
  const minutes = session.duration ?? Math.max(0, (now - session.start) / 60_000);
  if (minutes < 1) return '< 1 min';
  const whole = Math.floor(minutes);
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/** Open sessions first, then newest first (the server answers newest first). */
export const openFirst = (sessions: ChargingSession[]): ChargingSession[] =>
  [...sessions].sort((a, b) => Number(b.open) - Number(a.open) || b.start - a.start);
