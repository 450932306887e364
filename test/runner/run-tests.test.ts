// scripts/run-tests.mjs through a real run of it on small test files written for each case: a file whose
// tests were dropped under --test-force-exit (its process exited early, or it registers no test) fails the
// run with its name, where Node's runner alone would count it as one passing test.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'pointyard-run-tests-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FILES = {
  'fine.test.ts': `import { test } from 'node:test';\ntest('fine', () => {});\n`,
  'skipped.test.ts': `import { describe, test } from 'node:test';\ndescribe('peer missing', { skip: 'no peer' }, () => { test('never', () => {}); });\n`,
  'exits-in-a-test.test.ts': `import { test } from 'node:test';\ntest('one', () => {});\ntest('two', () => { process.exit(0); });\ntest('three', () => {});\n`,
  'exits-mid-way.test.ts': `import { test } from 'node:test';\ntest('first', () => {});\ntest('second', async () => { await new Promise((r) => setTimeout(r, 50)); process.exit(0); });\n`,
  'no-test.test.ts': `export const nothing = 1;\n`,
  'fails.test.ts': `import { test } from 'node:test';\ntest('fails', () => { throw new Error('wrong'); });\n`,
};
for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);

function withoutTestContext(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

/** Runs the runner on `names` (files of the case folder); its exit code and what it wrote. */
function run(...names: (keyof typeof FILES)[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['scripts/run-tests.mjs', ...names.map((n) => join(dir, n))], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Without this the runner would take itself for a file of this test run and run no file.
    env: withoutTestContext(),
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, output });
    }),
  );
}

describe('scripts/run-tests.mjs', () => {
  test('passes files whose tests all finished, a skipped group included', async () => {
    const { code, output } = await run('fine.test.ts', 'skipped.test.ts');
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /tests dropped/);
  });

  test('fails a file whose process exits inside a test (its tests would vanish)', async () => {
    const { code, output } = await run('fine.test.ts', 'exits-in-a-test.test.ts');
    assert.equal(code, 1, output);
    assert.match(
      output,
      /tests dropped: \S*exits-in-a-test\.test\.ts: no test of this file reported a result/,
    );
  });

  test('warns of a file that exits in the middle of a test, after others reported', async () => {
    const { output } = await run('exits-mid-way.test.ts');
    assert.match(
      output,
      /tests maybe dropped: \S*exits-mid-way\.test\.ts: 1 of its tests started and never finished/,
    );
  });

  test('fails a file that registers no test', async () => {
    const { code, output } = await run('no-test.test.ts', 'fine.test.ts');
    assert.equal(code, 1, output);
    assert.match(output, /tests dropped: \S*no-test\.test\.ts/);
    assert.doesNotMatch(output, /tests dropped: \S*fine\.test\.ts/);
  });

  test('a failing test still fails the run (and is no dropped test)', async () => {
    const { code, output } = await run('fails.test.ts');
    assert.equal(code, 1, output);
    assert.doesNotMatch(output, /tests dropped/);
  });
});
