// Site file (YAML) → Site. Reads the whole file, reports every problem with its line in one pass, and
// returns a site only when there is no error. See docs/site-file.md for the format and the rules.

import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Diagnostic, DiagnosticList } from '../points/diagnostics.js';
import { readText } from '../points/read-text.js';
import { assignDeviceNumbers, checkExplicitNumbers } from './device-numbers.js';
import { defaultName, readDevices } from './devices.js';
import { displayPath } from './display-path.js';
import type { Device, Site } from './model.js';
import { ProfileResolver } from './profiles.js';
import { schemaErrors } from './schema.js';
import { schemaProblems } from './schema-messages.js';
import type { FaultNames } from './scripted-faults.js';
import { checkHistoryRetention, checkStoreEngine, readServer, readStore } from './settings.js';
import { readSiteSection } from './site-info.js';
import type { SitePlugin } from './site-plugin.js';
import { isMapping } from './values.js';
import { type Path, readYaml } from './yaml.js';

/** The folder of built-in sites: `demo` is `sites/demo.yaml`. */
export const BUILTIN_SITES_DIR = fileURLToPath(new URL('../../sites/', import.meta.url));

export interface SiteLoad {
  /** Null when any error was found: nothing is loaded from a bad file. */
  site: Site | null;
  /** The site file's errors and warnings by line, then those of the points lists it names. */
  diagnostics: Diagnostic[];
}

/** What the reader is handed besides the plug-ins. */
export interface SiteReadOptions {
  /**
   * The faults each device's behaviour models (the behaviours' registry: `behaviourFaultNames`), to check
   * the names of scripted faults; absent, they are not checked.
   */
  faultNames?: FaultNames;
}

/** Reads and loads one site file; an unreadable file is reported like any other error. */
export function loadSite(
  file: string,
  plugins: readonly SitePlugin[],
  options: SiteReadOptions = {},
): SiteLoad {
  const read = readText(file);
  if (!read.ok) return { site: null, diagnostics: [read.diagnostic] };
  return loadSiteText(read.text, file, dirname(resolve(file)), plugins, options);
}

/**
 * Loads a site from its text. `file` names it in messages and in `Site.file`; profile files and the store
 * path are relative to `baseDir`; `plugins` read the protocols' parts; `options` hand it the rest. Never
 * throws.
 */
export function loadSiteText(
  text: string,
  file: string,
  baseDir: string,
  plugins: readonly SitePlugin[],
  options: SiteReadOptions = {},
): SiteLoad {
  const diag = new DiagnosticList(file);
  const yaml = readYaml(text, diag);
  if (!yaml) return { site: null, diagnostics: diag.all };
  const root = yaml.value;
  const problems = schemaProblems(schemaErrors(root, plugins), root);
  for (const problem of problems) diag.error(yaml.lineOf(problem.path), problem.message);
  // Values the schema rejected are skipped by the checks below (a missing or unknown field rejects none).
  const rejected = new Set(
    problems
      .filter((p) => p.keyword !== 'required' && p.keyword !== 'additionalProperties')
      .map((p) => key(p.path)),
  );
  const usable = (path: Path) => !rejected.has(key(path));
  const section = (name: string) => (isMapping(root) && usable([name]) ? root[name] : undefined);

  const info = readSiteSection(section('site'), diag, yaml.lineOf, usable);
  checkStoreEngine(section('store'), diag, yaml.lineOf);
  checkHistoryRetention(section('store'), diag, yaml.lineOf);
  const profiles = new ProfileResolver(baseDir, plugins);
  const drafts = readDevices(section('devices'), {
    diag,
    lineOf: yaml.lineOf,
    usable,
    profiles,
    plugins,
    faultNames: options.faultNames,
  });
  checkExplicitNumbers(drafts, plugins, diag, yaml.lineOf);
  const numbers = diag.hasErrors
    ? null
    : assignDeviceNumbers(drafts, plugins, section('site'), usable, diag, yaml.lineOf);
  const diagnostics = [...diag.all, ...profiles.diagnostics()];
  if (diag.hasErrors || !info || !numbers) return { site: null, diagnostics };

  const devices = drafts.map((draft, i): Device => {
    const profile = draft.profile?.profile;
    // Without errors every draft has its profile and its source (a numbering that ran out has said so).
    if (!draft.profile || !profile || !draft.source)
      throw new Error(`device '${draft.id}' is incomplete without an error`);
    return {
      id: draft.id,
      name: draft.name ?? defaultName(profile.name, draft.id),
      profileRef: draft.profile.ref,
      profile,
      parameters: draft.parameters,
      source: draft.source,
      numbers: numbers[i] ?? {},
      faults: draft.faults,
    };
  });
  return {
    site: {
      site: info,
      devices,
      server: readServer(section('server')),
      store: readStore(section('store'), baseDir),
      file,
    },
    diagnostics,
  };
}

/**
 * The site file a `--site` argument names: an existing file, else a built-in site by name (`demo`).
 * Null when it is neither.
 */
export function resolveSiteArg(arg: string, dir = BUILTIN_SITES_DIR): string | null {
  if (isFile(arg)) return arg;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(arg)) return null;
  const path = join(dir, `${arg}.yaml`);
  return isFile(path) ? displayPath(path) : null;
}

/** Names of the built-in sites (`demo`…), for usage messages. */
export function builtinSiteNames(dir = BUILTIN_SITES_DIR): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => name.slice(0, -'.yaml'.length))
      .sort();
  } catch {
    return [];
  }
}

function key(path: Path): string {
  return path.join('/');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
