// BACnet EDE (Engineering Data Exchange, B.I.G.-EU layout 2.2): the semicolon list of objects that BACnet
// tools import, plus its companion state-text file for binary and multi-state objects.

import type { ExportFormat, ExportOptions } from '../../points/exports/export-format.js';
import { isWritable, type Point, type Profile } from '../../points/model.js';
import { bacnetAddressOf } from './bacnet-address.js';
import { BACNET_OBJECT_TYPES } from './bacnet-map.js';
import { engineeringUnit } from './bacnet-units.js';

/** `deviceInstance`: the device object the objects belong to; `timestamp`: TIMESTAMP_OF_LAST_CHANGE. */
export type EdeOptions = Omit<ExportOptions, 'plugins'>;

export interface EdeFiles {
  /** `<project>_EDE.csv` */
  ede: string;
  /** `<project>_StateTexts.csv` */
  stateTexts: string;
}

const COLUMNS =
  '# keyname;device obj.-instance;object-name;object-type;object-instance;description;present-value-default;min-present-value;max-present-value;settable;supports COV;hi-limit;low-limit;state-text-reference;unit-code;vendor-specific-address';
const MANDATORY = `#${['mandatory', 'mandatory', 'mandatory', 'mandatory', 'mandatory', ...Array(11).fill('optional')].join(';')}`;
/** Texts of a momentary action's binary output: it rests inactive and pulses to its action word. */
const ACTION_INACTIVE = 'IDLE';

/** The format has no quoting: separators and line breaks inside a field become spaces. */
const field = (value: string | number | null): string =>
  value === null ? '' : String(value).replace(/[;\r\n]+/g, ' ');

/** State texts of a binary or multi-state point, in BACnet order (inactive/active, or states 1..n). */
function stateTexts(p: Point): string[] | null {
  if (p.type === 'bool') return [p.falseText ?? 'FALSE', p.trueText ?? 'TRUE'];
  if (p.type === 'action') return [ACTION_INACTIVE, p.action ?? 'ACTIVE'];
  if (p.type === 'enum') return p.enum ?? [];
  return null;
}

export function exportEde(profile: Profile, options: EdeOptions = {}): EdeFiles {
  const device = options.deviceInstance ?? 1;
  const references = new Map<string, number>();
  const stateRows: string[] = [];
  const reference = (texts: string[]): number => {
    const key = texts.join('\u0000');
    let ref = references.get(key);
    if (ref === undefined) {
      ref = references.size + 1;
      references.set(key, ref);
      stateRows.push([ref, ...texts].map(field).join(';'));
    }
    return ref;
  };
  const rows = [
    [
      profile.id,
      device,
      profile.name,
      8,
      device,
      profile.localName ?? profile.name,
      '',
      '',
      '',
      'N',
      'N',
      '',
      '',
      '',
      '',
      '',
    ],
    ...profile.points.map((p) => {
      const object = bacnetAddressOf(p);
      const texts = stateTexts(p);
      const analog = p.type === 'number';
      const multi = p.type === 'enum';
      return [
        `${profile.id}.${p.id}`,
        device,
        p.name,
        BACNET_OBJECT_TYPES[object.type].number,
        object.instance,
        p.description,
        '',
        analog ? p.min : multi ? 1 : '',
        analog ? p.max : multi ? (p.enum?.length ?? 0) : '',
        isWritable(p) ? 'Y' : 'N',
        'Y',
        '',
        '',
        texts ? reference(texts) : '',
        analog ? engineeringUnit(p.unit).number : '',
        p.id,
      ];
    }),
  ];
  const header = [
    '# Proposal_Engineering-Data-Exchange - B.I.G.-EU',
    `PROJECT_NAME;${field(profile.name)}`,
    'VERSION_OF_REFERENCEFILE;1',
    `TIMESTAMP_OF_LAST_CHANGE;${field(options.timestamp ?? new Date().toISOString().slice(0, 10))}`,
    `AUTHOR_OF_LAST_CHANGE;${field(options.author ?? 'Pointyard')}`,
    'VERSION_OF_LAYOUT;2.2',
    MANDATORY,
    COLUMNS,
  ];
  const width = Math.max(2, ...[...references.keys()].map((k) => k.split('\u0000').length));
  const textHeader = ['#Reference Number', 'Text 1 or Inactive-Text', 'Text 2 or Active-Text'];
  for (let i = 3; i <= width; i++) textHeader.push(`Text ${i}`);
  return {
    ede: `${[...header, ...rows.map((r) => r.map(field).join(';'))].join('\r\n')}\r\n`,
    stateTexts: `${['#State Text Reference', textHeader.join(';'), ...stateRows].join('\r\n')}\r\n`,
  };
}

/** `profile export --format ede`: the object list and its state texts. */
export const EDE_EXPORT: ExportFormat = {
  name: 'ede',
  write(profile, options) {
    const files = exportEde(profile, options);
    return [
      { suffix: '_EDE.csv', content: files.ede },
      { suffix: '_StateTexts.csv', content: files.stateTexts },
    ];
  },
};
