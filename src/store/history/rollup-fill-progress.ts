// How far the filling of the roll-ups of a database of an earlier version has come, at its first open (both SQL
// engines fill them series by series), and the progress shown by default.

/** Reported while a fill runs: series done of all to fill. */
export type FillProgress = (done: number, total: number) => void;

/** The default progress of a roll-up fill: a line every tenth of the series, for a big database only. */
export const fillProgressOnStderr: FillProgress = (done, total) => {
  if (total < 100) return;
  const step = Math.ceil(total / 10);
  if (done % step === 0 || done === total)
    process.stderr.write(`history: roll-ups of ${done} of ${total} points filled\n`);
};
