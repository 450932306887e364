// What the bench `cluster scale` reads of a process from /proc (Linux): CPU time used so far (its own, or a
// PostgreSQL server's: the postmaster, its live backends and the ones it has reaped) and resident memory.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The fields of /proc/<pid>/stat after the command's name (which may hold spaces): [0] is the state. */
function statFields(pid: number): string[] | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone
  }
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds used by `pid` (user + system); with `children`, plus those of the children it has reaped. */
export function cpuSeconds(pid: number, children = false): number {
  const f = statFields(pid);
  if (f === null) throw new Error(`no process ${pid}`);
  // Fields 14–17 of proc(5): utime, stime, cutime, cstime (here from index 11).
  const own = Number(f[11]) + Number(f[12]);
  const reaped = children ? Number(f[13]) + Number(f[14]) : 0;
  return (own + reaped) / TICKS_PER_SECOND;
}

/** CPU seconds used by the PostgreSQL server whose data folder is `dataDir`: every process of it, reaped ones too. */
export function postgresCpuSeconds(dataDir: string): number {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    // [1] is the parent's pid.
    if (f !== null && Number(f[1]) === postmaster)
      total += (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND;
  }
  return total;
}

/** Resident memory of `pid`, MiB. */
export function rssMiB(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!line) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(line[1]) / 1024;
}
