// Series colours: distinct, and dark enough on white (≥ 3:1 for lines, as WCAG asks of graphics).
export const SERIES_COLOURS = [
  '#0b5cad',
  '#c2410c',
  '#15803d',
  '#7e22ce',
  '#be123c',
  '#0e7490',
  '#a16207',
  '#4d5b6a',
];

export const colourOf = (i: number): string => SERIES_COLOURS[i % SERIES_COLOURS.length] as string;

/** Band colours for the states of a Bool or enum point, by position in its list of words. */
const BAND_COLOURS = ['#cfd6de', '#5b9bd5', '#f0b429', '#e8684a', '#6dbf8b', '#a48ad4', '#62c3d0', '#d7a37c'];

export const bandColourOf = (i: number): string => BAND_COLOURS[i % BAND_COLOURS.length] as string;

/** Band colours of the status tones, so that an alarm band looks like an alarm. */
export const TONE_BAND_COLOURS: Partial<Record<string, string>> = {
  alarm: '#e8684a',
  warning: '#f0b429',
  active: '#5b9bd5',
  ok: '#7cc496',
};
