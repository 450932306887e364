// The settings of every plug-in's server for one start: each from the site file's `server.<name>` and the
// command line's options, with the problems found, by plug-in name.

import type { Site } from '../site/model.js';
import type { ProtocolPlugin } from './plugin.js';
import type { CommonOptions, OptionValues } from './server-service.js';

export interface ServerSettings {
  /** Each plug-in's settings by name; null: not served. */
  settings: Record<string, unknown>;
  /** What cannot be used, as `server.<name>: <problem>` lines. */
  problems: string[];
}

export function serverSettingsOf(
  plugins: readonly ProtocolPlugin[],
  site: Site,
  options: OptionValues,
  common: CommonOptions,
): ServerSettings {
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const plugin of plugins) {
    if (!plugin.server) continue;
    const made = plugin.server.settings(site, options, common);
    settings[plugin.name] = made.settings;
    for (const problem of made.problems) problems.push(`server.${plugin.name}: ${problem}`);
  }
  return { settings, problems };
}
