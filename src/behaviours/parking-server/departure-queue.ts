// The cars in the car park: a binary min-heap on departure time, each car with its arrival time, in two
// preallocated typed arrays (no allocation per car). Size = Total Occupied.

export class DepartureQueue {
  private readonly departures: Float64Array;
  private readonly arrivals: Float64Array;
  size = 0;
  /** The car taken by the last `pop`. */
  poppedArrival = 0;
  poppedDeparture = 0;

  constructor(readonly capacity: number) {
    this.departures = new Float64Array(capacity);
    this.arrivals = new Float64Array(capacity);
  }

  /** Departure time of the next car to leave, or Infinity when empty. */
  nextDeparture(): number {
    return this.size > 0 ? (this.departures[0] as number) : Number.POSITIVE_INFINITY;
  }

  /** Parks a car; the caller checks there is room. */
  push(departure: number, arrival: number): void {
    if (this.size >= this.capacity) throw new RangeError('car park full');
    const d = this.departures;
    const a = this.arrivals;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((d[parent] as number) <= departure) break;
      d[i] = d[parent] as number;
      a[i] = a[parent] as number;
      i = parent;
    }
    d[i] = departure;
    a[i] = arrival;
  }

  /** Takes the next car to leave into `poppedArrival` / `poppedDeparture`. */
  pop(): void {
    const d = this.departures;
    const a = this.arrivals;
    this.poppedDeparture = d[0] as number;
    this.poppedArrival = a[0] as number;
    const n = --this.size;
    if (n === 0) return;
    const lastD = d[n] as number;
    const lastA = a[n] as number;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && (d[right] as number) < (d[left] as number) ? right : left;
      if ((d[child] as number) >= lastD) break;
      d[i] = d[child] as number;
      a[i] = a[child] as number;
      i = child;
    }
    d[i] = lastD;
    a[i] = lastA;
  }
}
