// `pointyard fault <device> <fault> [--clear]`: injects or clears a fault on a running site;
// `pointyard fault --list`: the faults each device models and those active now.

import { resolve } from 'node:path';
import { Command } from 'commander';
import { sendControl } from '../control/control-client.js';

interface FaultFlags {
  clear?: boolean;
  list?: boolean;
  data: string;
}

async function run(device: string | undefined, fault: string | undefined, flags: FaultFlags): Promise<void> {
  const dataDir = resolve(flags.data);
  try {
    if (flags.list || !device || !fault) {
      if (!flags.list) {
        process.stderr.write('pointyard: name a device and a fault, or use --list\n');
        process.exitCode = 2;
        return;
      }
      const response = await sendControl(dataDir, { op: 'faults' });
      if (!response.ok) throw new Error(response.error);
      for (const [id, f] of Object.entries(response.faults ?? {})) {
        const active = f.active.length > 0 ? `  active: ${f.active.join(', ')}` : '';
        process.stdout.write(`${id}: ${f.known.join(', ') || '(none)'}${active}\n`);
      }
      return;
    }
    const response = await sendControl(dataDir, { op: 'fault', device, fault, clear: flags.clear ?? false });
    if (!response.ok) {
      process.stderr.write(`pointyard: ${response.error}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${response.message}\n`);
  } catch (err) {
    process.stderr.write(`pointyard: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

export function faultCommand(): Command {
  return new Command('fault')
    .description('inject or clear a fault on a device of a running site (pointyard start)')
    .argument('[device]', 'device id')
    .argument('[fault]', 'fault name (see --list)')
    .option('--clear', 'clear the fault instead of injecting it')
    .option('--list', 'list each device’s faults and those active now')
    .option('--data <dir>', 'data folder of the running site', 'data')
    .action(run);
}
