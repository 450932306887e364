// `pointyard fault <device> <fault> [--clear]`: injects or clears a fault on a running site through its
// Haystack API (the `fault` op, admins only); `pointyard fault --list`: the faults each device models and
// those active now (the `faults` op).

import { Command } from 'commander';
import { HStr } from 'haystack-core';
import { type ApiFlags, openApi, reportFailure, withApiOptions } from './api-session.js';

interface FaultFlags extends ApiFlags {
  clear?: boolean;
  list?: boolean;
}

const str = (text: string) => HStr.make(text).toZinc();

async function list(flags: FaultFlags, device: string | undefined): Promise<void> {
  const api = await openApi(flags);
  const grid = await api.call(
    'faults',
    device ? `ver:"3.0"\ndevice\n${str(device)}\n` : 'ver:"3.0"\nempty\n',
  );
  const byDevice = new Map<string, { known: string[]; active: string[] }>();
  for (const row of grid.getRows()) {
    const id = String(row.get('device')?.toJSON());
    const fault = String(row.get('fault')?.toJSON());
    const entry = byDevice.get(id) ?? { known: [], active: [] };
    entry.known.push(fault);
    if (row.get('active')?.toJSON() === true) entry.active.push(fault);
    byDevice.set(id, entry);
  }
  for (const [id, f] of byDevice) {
    const active = f.active.length > 0 ? `  active: ${f.active.join(', ')}` : '';
    process.stdout.write(`${id}: ${f.known.join(', ')}${active}\n`);
  }
}

async function run(device: string | undefined, fault: string | undefined, flags: FaultFlags): Promise<void> {
  if (flags.list) return reportFailure(() => list(flags, device));
  if (!device || !fault) {
    process.stderr.write('pointyard: name a device and a fault, or use --list\n');
    process.exitCode = 2;
    return;
  }
  return reportFailure(async () => {
    const api = await openApi(flags);
    const clear = flags.clear ? ',T' : ',F';
    await api.call('fault', `ver:"3.0"\ndevice,fault,clear\n${str(device)},${str(fault)}${clear}\n`);
    process.stdout.write(`${fault} ${flags.clear ? 'cleared on' : 'injected into'} ${device}\n`);
  });
}

export function faultCommand(): Command {
  return withApiOptions(
    new Command('fault')
      .description('inject or clear a fault on a device of a running site (through its Haystack API)')
      .argument('[device]', 'device id (with --list: only this device)')
      .argument('[fault]', 'fault name (see --list)')
      .option('--clear', 'clear the fault instead of injecting it')
      .option('--list', 'list each device’s faults and those active now'),
  ).action(run);
}
