// Runs every *.test.ts under src/ and test/ with Node's test runner (Node 20 has no --test globs), and fails
// the run when a file's tests were dropped without a failure (test-count-reporter.mjs): under --test-force-exit
// a file whose process exits early, or that registers no test, would otherwise be counted as one passing test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COUNTS_FILE_VARIABLE, SUMMARY_MARK, TestCounts } from './test-count-reporter.mjs';

function find(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...find(path));
    else if (entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['src', 'test'];
const files = roots.flatMap((root) => (root.endsWith('.ts') ? [root] : find(root))).sort();
const countsDir = mkdtempSync(join(tmpdir(), 'pointyard-test-counts-'));
const countsFile = join(countsDir, 'counts.txt');
const reporter = fileURLToPath(new URL('./test-count-reporter.mjs', import.meta.url));
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${reporter}`,
    // It writes its counts itself (COUNTS_FILE_VARIABLE): nothing goes to its destination.
    `--test-reporter-destination=${devNull}`,
    // A test that never ends fails after 5 minutes (POINTYARD_TEST_TIMEOUT_MS for a long run, e.g. the 20
    // cluster trials: the limit counts for a whole file too), and a file whose tests are done exits even if
    // something (a socket, a timer) was left open, so that one leak cannot hang the whole run.
    `--test-timeout=${Number(process.env.POINTYARD_TEST_TIMEOUT_MS) || 300_000}`,
    '--test-force-exit',
    ...files,
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, [COUNTS_FILE_VARIABLE]: countsFile },
  },
);

/** The files whose tests were dropped, from the reporter's last line (every file when it wrote none). */
function dropped() {
  let text = '';
  try {
    text = readFileSync(countsFile, 'utf8');
  } catch {
    // no file: the runner died before its reporters finished
  } finally {
    rmSync(countsDir, { recursive: true, force: true });
  }
  const line = text.split('\n').find((l) => l.startsWith(SUMMARY_MARK));
  if (line === undefined)
    return {
      certain: [
        { file: '(every file)', why: 'the test runner reported no file (it died, or found no test file)' },
      ],
      likely: [],
    };
  const counts = new TestCounts();
  counts.files = new Map(Object.entries(JSON.parse(line.slice(SUMMARY_MARK.length)).files));
  return counts.summary();
}

const { certain: problems, likely } = dropped();
for (const { file, why } of likely) process.stderr.write(`⚠ tests maybe dropped: ${file}: ${why}\n`);
for (const { file, why } of problems) process.stderr.write(`✖ tests dropped: ${file}: ${why}\n`);
if (problems.length > 0) {
  process.stderr.write(`✖ ${problems.length} test file(s) had tests dropped: the run fails\n`);
  process.exit(1);
}
process.exit(result.status ?? 1);
