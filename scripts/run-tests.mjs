// Runs every *.test.ts under src/ and test/ with Node's test runner (Node 20 has no --test globs).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

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
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    // A test that never ends fails after 5 minutes, and a file whose tests are done exits even if something
    // (a socket, a timer) was left open, so that one leak cannot hang the whole run.
    '--test-timeout=300000',
    '--test-force-exit',
    ...files,
  ],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
