// A reporter for Node's test runner that counts, per test file, the tests that started and those that finished,
// and the runner's stand-ins for files that reported nothing, and writes them as one JSON line;
// `TestCounts.summary` names the files whose tests were dropped. Under --test-force-exit a file whose process exits early
// (process.exit in a test, an exit from a timer) is reported as one passing test named after the file and its
// own tests vanish; a file that registers no test passes the same way. run-tests.mjs reads that line and fails
// the run. A test registered only after the file's last test ended (from a timer) is never seen by anyone.

import { writeFileSync } from 'node:fs';

/**
 * The per-file accounting of a stream of test events. A test's events carry the file that declared it (a suite
 * declared in a helper module counts under that module), so the checks are these:
 * - certain: the runner's stand-in for a test file (a top-level test named after the file) passed: the file
 *   reported no test of its own at all (its process exited before any result, or it registers none);
 * - likely: a test started (dequeued) and never passed nor failed: its process exited in the middle. Reported
 *   as a warning only: it was once seen for a file whose every test passed in the same run, unexplained.
 */
export class TestCounts {
  /** file → { started, finished, standIn } (standIn: the stand-in test passed) */
  files = new Map();

  /** Takes one event of the test runner's stream. */
  add(event) {
    const data = event.data ?? {};
    const file = data.file;
    if (typeof file !== 'string') return;
    let counts = this.files.get(file);
    if (!counts) {
      counts = { started: 0, finished: 0, standIn: false };
      this.files.set(file, counts);
    }
    if (data.nesting === 0 && data.name === file) {
      if (event.type === 'test:pass') counts.standIn = true;
      return;
    }
    if (event.type === 'test:dequeue') counts.started++;
    else if (event.type === 'test:pass' || event.type === 'test:fail') counts.finished++;
  }

  /** The files whose tests were dropped (`certain`: the run fails) or may have been (`likely`: a warning). */
  summary() {
    const certain = [];
    const likely = [];
    for (const [file, { started, finished, standIn }] of this.files) {
      if (standIn)
        certain.push({
          file,
          why: 'no test of this file reported a result (exited early, or registers none)',
        });
      else if (finished < started)
        likely.push({
          file,
          why: `${started - finished} of its tests started and never finished (exited early?)`,
        });
    }
    return { certain, likely };
  }
}

/** The marker that starts the counts' line. */
export const SUMMARY_MARK = 'pointyard-test-counts ';

/** Where the counts go: the file named by this environment variable (written synchronously, see below). */
export const COUNTS_FILE_VARIABLE = 'POINTYARD_TEST_COUNTS_FILE';

/** The counts as one line. */
const line = (counts) => `${SUMMARY_MARK}${JSON.stringify({ files: Object.fromEntries(counts.files) })}\n`;

// The counts are written with writeFileSync after every file's end, not only to the reporter's destination:
// under --test-force-exit the runner's process exits before an asynchronous destination is flushed.
export default async function* countReporter(source) {
  const counts = new TestCounts();
  const out = process.env[COUNTS_FILE_VARIABLE];
  for await (const event of source) {
    counts.add(event);
    // After each top-level test's result and completion (a stand-in's pass may come after the last completion).
    const settled = ['test:complete', 'test:pass', 'test:fail'].includes(event.type);
    if (out && settled && event.data?.nesting === 0) writeFileSync(out, line(counts));
  }
  yield line(counts);
}
