// The profiles a site's devices name: a built-in profile id, or a points-list file relative to the site
// file. Each one is read and parsed once however many devices use it.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../points/diagnostics.js';
import { BUILTIN_PROFILES_DIR, builtinProfiles } from '../points/load.js';
import type { Profile } from '../points/model.js';
import { parsePointsList } from '../points/parse.js';
import type { PointsPlugin } from '../points/points-plugin.js';
import { displayPath } from './display-path.js';

/**
 * Built-in profiles by id, per plug-in list and folder: shipped files, parsed once per process (profiles are
 * never mutated).
 */
const BUILTINS = new WeakMap<readonly PointsPlugin[], Map<string, Map<string, Profile>>>();

export interface ResolvedProfile {
  /** What `Device.profileRef` holds: the built-in id, or the file's absolute path. */
  ref: string;
  /** Null when the profile cannot be used; `problem` says why. */
  profile: Profile | null;
  /** Why there is no profile, for the line of the device that names it. */
  problem: string | null;
  /** The points list's own errors and warnings (a file's), to report once. */
  diagnostics: Diagnostic[];
}

/** A file reference has a `/` or a points-list extension; anything else is a built-in profile id. */
export function isProfileFile(ref: string): boolean {
  return /[/\\]/.test(ref) || /\.(md|txt|markdown)$/i.test(ref);
}

/** Resolves the profile references of one site file, caching each file and the built-in profiles. */
export class ProfileResolver {
  private readonly cache = new Map<string, ResolvedProfile>();

  constructor(
    private readonly baseDir: string,
    private readonly plugins: readonly PointsPlugin[],
    private readonly builtinDir = BUILTIN_PROFILES_DIR,
  ) {}

  /** The diagnostics of every points-list file resolved so far, each file once, in first-use order. */
  diagnostics(): Diagnostic[] {
    return [...this.cache.values()].flatMap((r) => r.diagnostics);
  }

  resolve(ref: string): ResolvedProfile {
    const key = isProfileFile(ref) ? resolve(this.baseDir, ref) : ref;
    let resolved = this.cache.get(key);
    if (!resolved) {
      resolved = isProfileFile(ref) ? this.fromFile(ref, key) : this.builtin(ref);
      this.cache.set(key, resolved);
    }
    return resolved;
  }

  private builtin(id: string): ResolvedProfile {
    const profile = this.builtinMap().get(id) ?? null;
    const problem = profile ? null : `unknown profile '${id}' (${this.choices()})`;
    return { ref: id, profile, problem, diagnostics: [] };
  }

  private fromFile(ref: string, path: string): ResolvedProfile {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : (err as Error).message;
      return {
        ref: path,
        profile: null,
        problem: `cannot read profile '${ref}': ${reason} (${this.choices()})`,
        diagnostics: [],
      };
    }
    const shown = displayPath(path);
    const { profile, diagnostics } = parsePointsList(text, shown, this.plugins);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const problem = profile
      ? null
      : `profile '${ref}' is not a valid points list: ${errors} error${errors === 1 ? '' : 's'} in ${shown}`;
    return { ref: path, profile, problem, diagnostics };
  }

  private builtinMap(): Map<string, Profile> {
    let byDir = BUILTINS.get(this.plugins);
    if (!byDir) {
      byDir = new Map();
      BUILTINS.set(this.plugins, byDir);
    }
    let builtins = byDir.get(this.builtinDir);
    if (!builtins) {
      builtins = new Map(
        builtinProfiles(this.plugins, this.builtinDir).flatMap((l) =>
          l.profile ? [[l.profile.id, l.profile] as const] : [],
        ),
      );
      byDir.set(this.builtinDir, builtins);
    }
    return builtins;
  }

  private choices(): string {
    return `built-in profiles: ${[...this.builtinMap().keys()].join(', ')}; or a points-list file such as ./my-device.md`;
  }
}
