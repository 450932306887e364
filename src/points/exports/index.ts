// Every export format of `pointyard profile export`, by name.

import type { Profile } from '../model.js';
import { type EdeOptions, exportEde } from './ede.js';
import { exportTrio, exportZinc } from './haystack.js';
import { exportJson } from './json.js';
import { exportModbusCsv } from './modbus-csv.js';

export type ExportOptions = EdeOptions;

/** Files an export writes: name suffix → content. The first is what goes to standard output. */
export type ExportFiles = Array<{ suffix: string; content: string }>;

export const EXPORT_FORMATS: Record<string, (profile: Profile, options: ExportOptions) => ExportFiles> = {
  json: (p) => [{ suffix: '.json', content: exportJson(p) }],
  'modbus-csv': (p) => [{ suffix: '_modbus.csv', content: exportModbusCsv(p) }],
  ede: (p, o) => {
    const files = exportEde(p, o);
    return [
      { suffix: '_EDE.csv', content: files.ede },
      { suffix: '_StateTexts.csv', content: files.stateTexts },
    ];
  },
  zinc: (p) => [{ suffix: '.zinc', content: exportZinc(p) }],
  trio: (p) => [{ suffix: '.trio', content: exportTrio(p) }],
};
