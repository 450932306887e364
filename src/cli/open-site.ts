// The `--site <file|demo>` option shared by the site commands: resolve, load, print problems.

import { behaviourFaultNames } from '../behaviours/registry.js';
import { formatDiagnostic } from '../points/diagnostics.js';
import { PROTOCOLS } from '../protocols/registry.js';
import { builtinSiteNames, loadSite, resolveSiteArg } from '../site/load.js';
import type { Site } from '../site/model.js';

/** The loaded site, or null after printing why not (exit code 2 for a usage error, 1 for a bad file). */
export function openSite(arg: string): Site | null {
  const file = resolveSiteArg(arg);
  if (!file) {
    const names = builtinSiteNames().join(', ') || 'none';
    process.stderr.write(
      `pointyard: '${arg}' is neither a site file nor a built-in site (built-in: ${names})\n`,
    );
    process.exitCode = 2;
    return null;
  }
  const { site, diagnostics } = loadSite(file, PROTOCOLS, { faultNames: behaviourFaultNames });
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!site) process.exitCode = 1;
  return site;
}
