// `pointyard profile list | validate | export`: the built-in profiles and any points list on disk.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type Diagnostic, formatDiagnostic } from '../points/diagnostics.js';
import { exportFormats } from '../points/exports/index.js';
import { builtinProfiles, type LoadedFile, loadPointsList, resolveProfile } from '../points/load.js';
import type { Profile } from '../points/model.js';
import { PROTOCOLS } from '../protocols/registry.js';

/** The formats of `profile export`: the core's JSON and the plug-ins'. */
const EXPORT_FORMATS = exportFormats(PROTOCOLS);

const counts = (p: Profile): string => {
  const n = (kind: string) => p.points.filter((point) => point.kind === kind).length;
  return `${n('sensor')} sensor, ${n('command')} command, ${n('status')} status`;
};

function printDiagnostics(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
}

function list(): void {
  const loaded = builtinProfiles(PROTOCOLS);
  const good = loaded.filter((l): l is LoadedFile & { profile: Profile } => l.profile !== null);
  const width = Math.max(2, ...good.map((l) => l.profile.id.length));
  const nameWidth = Math.max(4, ...good.map((l) => l.profile.name.length));
  process.stdout.write(`${'ID'.padEnd(width)}  ${'NAME'.padEnd(nameWidth)}  POINTS\n`);
  for (const { profile } of good) {
    process.stdout.write(
      `${profile.id.padEnd(width)}  ${profile.name.padEnd(nameWidth)}  ${counts(profile)}\n`,
    );
  }
  for (const bad of loaded.filter((l) => l.profile === null)) printDiagnostics(bad.diagnostics);
  if (good.length < loaded.length) process.exitCode = 1;
}

function validate(files: string[], options: { quiet?: boolean }): void {
  let bad = 0;
  for (const file of files) {
    const loaded = resolveProfile(file, PROTOCOLS) ?? loadPointsList(file, PROTOCOLS);
    const shown = options.quiet
      ? loaded.diagnostics.filter((d) => d.severity === 'error')
      : loaded.diagnostics;
    printDiagnostics(shown);
    if (loaded.profile)
      process.stdout.write(`ok ${file}: ${loaded.profile.id} (${counts(loaded.profile)})\n`);
    else bad++;
  }
  if (bad > 0) {
    process.stderr.write(`${bad} of ${files.length} points list${files.length === 1 ? '' : 's'} rejected\n`);
    process.exitCode = 1;
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
function writeAtomically(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

function exportProfile(
  fileOrId: string,
  options: { format: string; out?: string; deviceInstance?: number },
): void {
  const loaded = resolveProfile(fileOrId, PROTOCOLS);
  if (!loaded) {
    process.stderr.write(
      `pointyard: '${fileOrId}' is neither a file nor a built-in profile id (see \`pointyard profile list\`)\n`,
    );
    process.exitCode = 2;
    return;
  }
  printDiagnostics(loaded.diagnostics);
  if (!loaded.profile) {
    process.exitCode = 1;
    return;
  }
  // Commander has already refused a format not in the list.
  const format = EXPORT_FORMATS.get(options.format);
  if (!format) throw new Error(`unknown export format '${options.format}'`);
  const files = format.write(loaded.profile, { plugins: PROTOCOLS, deviceInstance: options.deviceInstance });
  if (options.out === undefined) {
    process.stdout.write(files[0]?.content ?? '');
    return;
  }
  mkdirSync(options.out, { recursive: true });
  for (const file of files) {
    const path = join(options.out, `${loaded.profile.id}${file.suffix}`);
    writeAtomically(path, file.content);
    process.stderr.write(`wrote ${path}\n`);
  }
}

function instanceNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 4_194_302)
    throw new InvalidArgumentError('expected a BACnet instance 0..4194302');
  return n;
}

export function profileCommand(): Command {
  const profile = new Command('profile').description('points lists: built-in profiles, validation, exports');
  profile.command('list').description('list the built-in profiles (id, name, point counts)').action(list);
  profile
    .command('validate')
    .description('check points lists; prints `ok <file>: <id> (…)` or every problem as file:line: message')
    .argument('<file...>', 'points list files (.md, .txt) or built-in profile ids')
    .option('-q, --quiet', 'print errors only, not warnings')
    .action(validate);
  profile
    .command('export')
    .description('export a profile as JSON, a Modbus register map, a BACnet EDE list, or Haystack records')
    .argument('<file-or-id>', 'a points list file or a built-in profile id')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices([...EXPORT_FORMATS.keys()])
        .makeOptionMandatory(),
    )
    .option(
      '-o, --out <dir>',
      'write the file(s) into this folder instead of standard output (EDE also writes its state texts)',
    )
    .option('--device-instance <n>', 'BACnet device instance for the EDE export', instanceNumber, 1)
    .action(exportProfile);
  return profile;
}
