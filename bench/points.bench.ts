// Points-list figures: parsing the seeds and a large synthetic list, and exporting it.

import { readFileSync } from 'node:fs';
import { exportJson } from '../src/points/exports/json.js';
import { builtinProfiles } from '../src/points/load.js';
import { parsePointsList } from '../src/points/parse.js';
import { exportZinc } from '../src/protocols/haystack/point-records.js';
import { PROTOCOLS } from '../src/protocols/registry.js';
import { type Figure, measure, round3 } from './harness.js';
import { syntheticPointsList } from './points-list-text.js';

export function pointsBench(): Figure[] {
  const group = 'Points lists';
  const seeds = builtinProfiles(PROTOCOLS).map((l) => readFileSync(l.file, 'utf8'));
  const seedTiming = measure(() => {
    for (const text of seeds) parsePointsList(text, 'seed.md', PROTOCOLS);
  });
  const big = syntheticPointsList(3000);
  const bigTiming = measure(() => parsePointsList(big, 'big.md', PROTOCOLS), 2000);
  const profile = parsePointsList(big, 'big.md', PROTOCOLS).profile;
  if (!profile) throw new Error('the synthetic points list did not parse');
  const jsonTiming = measure(() => exportJson(profile));
  const zincTiming = measure(() => exportZinc(profile, PROTOCOLS));
  const pts = profile.points.length;
  return [
    {
      group,
      name: 'parse the 5 seed lists',
      value: round3(seedTiming.p50Ms),
      unit: 'ms (p50)',
      note: `${seeds.length} files, 89 points`,
    },
    {
      group,
      name: `parse a ${pts}-point list`,
      value: round3(bigTiming.p50Ms),
      unit: 'ms (p50)',
      note: `p99 ${round3(bigTiming.p99Ms)} ms`,
    },
    {
      group,
      name: 'parse throughput',
      value: round3((pts * 1000) / bigTiming.p50Ms),
      unit: 'points/s',
      note: `${pts}-point list`,
    },
    { group, name: `export ${pts} points as JSON`, value: round3(jsonTiming.p50Ms), unit: 'ms (p50)' },
    {
      group,
      name: `export ${pts} points as Zinc`,
      value: round3(zincTiming.p50Ms),
      unit: 'ms (p50)',
      note: 'haystack-core encoder',
    },
  ];
}
