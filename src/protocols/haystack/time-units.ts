// The Haystack time units below a day (symbols of the Haystack unit database), in milliseconds: what
// pointWrite's duration, a watch's lease and hisRead's interval count in. Each op adds the longer units it takes.

export const SUB_DAY_UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  min: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
};
