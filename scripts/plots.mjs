// `npm run plots`: a day of the demo site, simulated, drawn per device type into docs/behaviour/*.svg.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'pointyard-plots-'));
const args = ['bin/pointyard.js', 'simulate', '--site', 'demo', '--duration', '24h', '--seed', '42'];
args.push('--start', '2026-01-05T00:00:00+01:00', '--out', out, '--plot', '--points', 'none');
const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);
mkdirSync('docs/behaviour', { recursive: true });
for (const file of readdirSync(join(out, 'plots'))) {
  copyFileSync(join(out, 'plots', file), join('docs/behaviour', file));
  console.log(`docs/behaviour/${file}`);
}
rmSync(out, { recursive: true, force: true });
