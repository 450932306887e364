// A reporter for Node's test runner that counts, per test file, the tests that started to be run (enqueued)
// and those that finished (passed, failed, skipped or todo), and writes them as one JSON line; `TestCounts.summary`
// names the files whose tests were dropped. Under --test-force-exit a file whose process exits early
// (process.exit in a test, an exit from a timer) is reported as one passing test named after the file and its
// own tests vanish; a file that registers no test passes the same way. run-tests.mjs reads that line and fails
// the run. A test registered only after the file's last test ended (from a timer) is never seen by anyone.

import { writeFileSync } from 'node:fs';

/** The per-file accounting of a stream of test events; `summary()` names the files whose tests were dropped. */
export class TestCounts {
  /** file → { enqueued, finished, own } */
  files = new Map();

  /** Takes one event of the test runner's stream. */
  add(event) {
    const data = event.data ?? {};
    const file = data.file;
    if (typeof file !== 'string') return;
    let counts = this.files.get(file);
    if (!counts) {
      counts = { enqueued: 0, finished: 0, own: 0 };
      this.files.set(file, counts);
    }
    // The runner's own test for the file (its process) is named after it: it says nothing of the file's tests.
    if (data.nesting === 0 && data.name === file) return;
    if (event.type === 'test:enqueue') counts.enqueued++;
    else if (event.type === 'test:pass' || event.type === 'test:fail') {
      counts.finished++;
      counts.own++;
    }
  }

  /** Each file whose tests were dropped, with why (empty when every test enqueued finished). */
  summary(expectedFiles = []) {
    const problems = [];
    for (const file of expectedFiles)
      if (!this.files.has(file)) problems.push({ file, why: 'the runner reported nothing of this file' });
    for (const [file, { enqueued, finished, own }] of this.files) {
      if (own === 0)
        problems.push({
          file,
          why: 'no test of this file reported a result (exited early, or registers none)',
        });
      else if (finished < enqueued)
        problems.push({
          file,
          why: `${enqueued - finished} of its ${enqueued} tests never finished (the file exited early)`,
        });
    }
    return problems;
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
    if (out && event.type === 'test:complete' && event.data?.nesting === 0) writeFileSync(out, line(counts));
  }
  yield line(counts);
}
