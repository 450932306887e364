// Exits as transactions: each car leaving is priced by the active tariff (free in Emergency Mode), added
// to today's and the all-time totals and logged as an `exit` event; while the payment gateway is away the
// card payment is queued (store and forward) and settled when it is back. Today's totals close at local
// midnight.

import type { BehaviourEvent } from '../behaviour.js';
import { averageStayMin, resetDay } from './daily-totals.js';
import type { ParkingState } from './state.js';
import { priceCents } from './tariffs.js';

const HOUR = 3_600_000;

/** `2 h 05 min`, `14 min`. */
export function formatStay(min: number): string {
  const total = Math.round(min);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

export const euros = (cents: number) => `€${(cents / 100).toFixed(2)}`;

function recordExit(s: ParkingState, arrival: number, departure: number, events: BehaviourEvent[]): void {
  const stayMin = (departure - arrival) / 60_000;
  const cents = s.emergency ? 0 : priceCents(s.tariff, stayMin);
  const { today, life } = s;
  today.revenueCents += cents;
  today.transactions++;
  today.staySumMin += stayMin;
  life.revenueCents += cents;
  life.transactions++;
  const queued = cents > 0 && !s.paymentOnline;
  if (queued) {
    s.queuedPayments++;
    s.queuedCents += cents;
  }
  const price = s.emergency ? 'free (Emergency Mode, barriers open)' : `${euros(cents)} (${s.tariff.name})`;
  events.push({
    kind: 'exit',
    point: null,
    message: `Exit after ${formatStay(stayMin)}: ${price}${queued ? ', payment queued' : ''}`,
    data: {
      at: departure,
      stayMin,
      price: cents / 100,
      tariff: s.tariff.name,
      emergency: s.emergency,
      queued,
    },
  });
}

/** Every car due to leave before `until` leaves. */
export function releaseDepartures(s: ParkingState, until: number, events: BehaviourEvent[]): void {
  const q = s.park.queue;
  while (q.nextDeparture() <= until) {
    q.pop();
    recordExit(s, q.poppedArrival, q.poppedDeparture, events);
  }
}

/** At the first step of a new local day: yesterday's last exits, its summary event, then zeros. */
export function closeDay(s: ParkingState, now: number, day: number, events: BehaviourEvent[]): void {
  const midnight = now - s.local.hourOfDay(now) * HOUR;
  releaseDepartures(s, midnight - 1, events);
  const t = s.today;
  events.push({
    kind: 'day-closed',
    point: null,
    message: `Day closed: ${t.transactions} exits, ${euros(t.revenueCents)}, average stay ${formatStay(averageStayMin(t))}, ${t.turnedAway} cars turned away`,
    data: {
      revenue: t.revenueCents / 100,
      transactions: t.transactions,
      averageStayMin: averageStayMin(t),
      turnedAway: t.turnedAway,
    },
  });
  resetDay(t, day);
}

/** Settles the payments queued while the gateway was away, once it is back. */
export function settlePayments(s: ParkingState, online: boolean, events: BehaviourEvent[]): void {
  const wasOnline = s.paymentOnline;
  s.paymentOnline = online;
  if (!online && wasOnline) {
    events.push({
      kind: 'payment-gateway',
      point: 'payment-gateway-status',
      message: 'Payment gateway unavailable: card payments are queued',
    });
  } else if (online && !wasOnline) {
    events.push({
      kind: 'payment-gateway',
      point: 'payment-gateway-status',
      message: `Payment gateway back: ${s.queuedPayments} queued payments settled (${euros(s.queuedCents)})`,
      data: { settled: s.queuedPayments, amount: s.queuedCents / 100 },
    });
    s.queuedPayments = 0;
    s.queuedCents = 0;
  }
}
