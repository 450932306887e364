// A water temperature as a colour on a thermal scale: cold blue, cyan, yellow, orange, hot red.
const STOPS: [number, [number, number, number]][] = [
  [10, [37, 99, 235]],
  [30, [6, 182, 212]],
  [45, [234, 179, 8]],
  [55, [249, 115, 22]],
  [65, [220, 38, 38]],
  [80, [153, 27, 27]],
];

export function temperatureColour(c: number | null): string {
  if (c === null) return '#cfd6de';
  const first = STOPS[0] as (typeof STOPS)[number];
  const last = STOPS[STOPS.length - 1] as (typeof STOPS)[number];
  if (c <= first[0]) return `rgb(${first[1].join(' ')})`;
  if (c >= last[0]) return `rgb(${last[1].join(' ')})`;
  const i = STOPS.findIndex(([t]) => t > c);
  const [t0, a] = STOPS[i - 1] as (typeof STOPS)[number];
  const [t1, b] = STOPS[i] as (typeof STOPS)[number];
  const f = (c - t0) / (t1 - t0);
  return `rgb(${a.map((v, k) => Math.round(v + ((b[k] as number) - v) * f)).join(' ')})`;
}
