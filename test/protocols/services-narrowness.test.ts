// Protocols see the services facade, not the runtime's insides: the Haystack ops (and the records, watches
// and history modules they use) and the Modbus server import nothing from the runtime but the facade
// (runtime/services/); the shared types of src/core are open to them, and nothing from the store is.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const HAYSTACK = 'src/protocols/haystack';
const MODBUS = 'src/protocols/modbus';

/** The protocol modules the facade serves (tests left out: they may build a runtime). */
function protocolModules(): string[] {
  const ts = (dir: string, keep: (name: string) => boolean = () => true) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && keep(name))
      .map((name) => join(dir, name));
  return [
    ...ts(join(HAYSTACK, 'ops')),
    ...ts(HAYSTACK, (name) => name === 'records.ts' || name === 'watches.ts' || name.startsWith('his-')),
    ...ts(MODBUS),
  ];
}

/** The module paths `file` imports or re-exports from. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => m[1] as string);
}

/** Why importing `path` reaches past the facade, or null. */
function pastTheFacade(path: string): string | null {
  if (/(^|\/)store\//.test(path)) return 'the store';
  const runtime = /(^|\/)runtime\/(.+)$/.exec(path);
  if (!runtime) return null;
  const inside = runtime[2] as string;
  return inside.startsWith('services/') ? null : 'the runtime';
}

test('every module the facade serves is found, and their imports are read', () => {
  const files = protocolModules();
  for (const expected of ['ops/point-write.ts', 'ops/his-write.ts', 'records.ts', 'watches.ts', 'server.ts'])
    assert.ok(
      files.some((f) => f.endsWith(expected)),
      expected,
    );
  assert.ok(importsOf(join(MODBUS, 'request-handler.ts')).includes('../../runtime/services/services.js'));
});

test('Haystack ops and the Modbus server import only the services facade from the runtime, nothing from the store', () => {
  const reaching: string[] = [];
  for (const file of protocolModules())
    for (const path of importsOf(file)) {
      const why = pastTheFacade(path);
      if (why) reaching.push(`${file} imports ${path} (${why})`);
    }
  assert.deepEqual(reaching, []);
});
