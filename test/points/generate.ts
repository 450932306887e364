// fast-check generators of valid points lists, rendered as Markdown in the user's format, for property tests.
import fc from 'fast-check';

const UNITS = [
  'kW',
  'V',
  'A',
  'kWh',
  'Hz',
  '°C',
  '%',
  'm',
  'mm',
  'L',
  'L/min',
  'bar',
  'min',
  'h',
  's',
  'ms',
  'ppm',
  'count',
  '€',
  'req/s',
  '%/h',
  '-',
];
const FREQUENCIES = [
  '100ms',
  '1s',
  '5s',
  '30s',
  '1min',
  '5min',
  '15min',
  '1h',
  'Sur demande',
  'Sur événement',
];
const TAGS = [
  'sensor-temp-point',
  'sensor-elec-power-point',
  'sensor-point',
  'cmd-point',
  'cmd-sp-point',
  'status-point',
];
const WORDS = ['OK', 'FAULT', 'ALARM', 'LOW', 'HIGH', 'AUTO', 'MANUAL', 'IDLE', 'RUNNING', 'STOPPED'];

export interface GeneratedRow {
  kind: 'sensor' | 'command' | 'status';
  cells: string[];
  /** Mapping cells (BACnet, Modbus, Extra) or null for an unmapped point. */
  mapping: [string, string, string] | null;
}

/** A number as a points list writes it: decimal comma, explicit sign sometimes. */
const written = (n: number, plus: boolean) => `${n > 0 && plus ? '+' : ''}${String(n).replace('.', ',')}`;

const range = fc
  .tuple(
    fc.integer({ min: -1000, max: 1000 }),
    fc.integer({ min: 0, max: 5000 }),
    fc.boolean(),
    fc.constantFrom('', ' kW', '°C', '%'),
  )
  .map(([lo, span, sep, suffix]) => {
    const min = lo / 10;
    const max = (lo + span) / 10;
    return `${written(min, false)}${sep ? ' à ' : '-'}${written(max, sep)}${suffix}`;
  });

const enumWords = fc
  .uniqueArray(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 5 })
  .map((w) => w.join('/'));

const sensorCells = fc
  .tuple(
    fc.constantFrom(...TAGS.slice(0, 3)),
    fc.constantFrom(...UNITS),
    range,
    fc.constantFrom(...FREQUENCIES),
  )
  .map(([tag, unit, r, f]) => [tag, unit, r, f]);

const commandCells = fc.oneof(
  fc.tuple(fc.constantFrom(...UNITS), range).map(([unit, r]) => ['cmd-sp-point', unit, r, 'Analog']),
  fc
    .constantFrom('ENABLE/DISABLE', 'ON/OFF', 'LOCK/UNLOCK', 'OPEN/CLOSE')
    .map((w) => ['cmd-point', '-', w, 'Binaire']),
  fc.constantFrom('RESET', 'TRIGGER', 'STOP', 'SEND').map((w) => ['cmd-point', '-', w, 'Binaire']),
  enumWords.map((w) => ['cmd-point', '-', w, 'Enum']),
  fc.constant(['cmd-point', '-', 'PROFILE_ID', 'String']),
);

const statusCells = fc.oneof(
  enumWords.map((w) => ['status-point', 'Enum', w]),
  fc.constantFrom('TRUE/FALSE', 'FALSE/TRUE').map((w) => ['status-point', 'Boolean', w]),
  fc.constant(['status-point', 'String', 'Alphanumeric']),
  fc.constant(['status-point', 'Timestamp', 'ISO8601']),
);

/** A valid points list with 1–12 points of each kind, some explicitly mapped. */
export const pointsListArbitrary = fc
  .record({
    sensors: fc.array(fc.tuple(sensorCells, fc.boolean()), { minLength: 1, maxLength: 12 }),
    commands: fc.array(fc.tuple(commandCells, fc.boolean()), { minLength: 0, maxLength: 12 }),
    statuses: fc.array(fc.tuple(statusCells, fc.boolean()), { minLength: 0, maxLength: 12 }),
    extra: fc.constantFrom('KNX', 'M-Bus', 'Zigbee'),
    local: fc.option(fc.constantFrom('Pompe', 'Centrale de traitement d’air'), { nil: null }),
  })
  .map(({ sensors, commands, statuses, extra, local }) => {
    let n = 0;
    const mappings: string[] = [];
    const row = (cells: readonly string[], mapped: boolean, kind: GeneratedRow['kind']) => {
      n++;
      const name = `Point ${n} ${kind}`;
      if (mapped)
        mappings.push(
          `| ${name.toUpperCase()} | ${bacnetFor(kind, cells, n)} | ${modbusFor(kind, cells, n)} | ${extra}-${n} |`,
        );
      return `| ${name} | ${cells.join(' | ')} | Description ${n} |`;
    };
    const title = `# Points de Generated Device${local ? ` (${local})` : ''}`;
    return [
      title,
      '',
      '## Synthèse',
      `- **Total points mesure** : ${sensors.length}`,
      `- **Total points commande** : ${commands.length}`,
      `- **Total points état** : ${statuses.length}`,
      '',
      '## Points de Mesure (Capteurs)',
      '| Point | Tag Haystack | Unité | Plage Typique | Fréquence | Description |',
      '|---|---|---|---|---|---|',
      ...sensors.map(([c, m]) => row(c, m, 'sensor')),
      '',
      '## Points de Commande (Actionneurs/Consignes)',
      '| Point | Tag Haystack | Unité | Plage | Type | Description |',
      '|---|---|---|---|---|---|',
      ...commands.map(([c, m]) => row(c, m, 'command')),
      '',
      "## Points d'État",
      '| Point | Tag Haystack | Type | Valeurs | Description |',
      '|---|---|---|---|---|',
      ...statuses.map(([c, m]) => row(c, m, 'status')),
      '',
      '## Mappings Protocoles',
      `| Point | BACnet Object | Modbus Register | ${extra} |`,
      '|---|---|---|---|',
      ...mappings,
      '',
      '## Sources',
      '- [Datasheet](https://example.com/datasheet)',
      '',
    ].join('\n');
  });

/** An explicit object that fits the point, on instance 100+n so that none collide. */
function bacnetFor(kind: GeneratedRow['kind'], cells: readonly string[], n: number): string {
  const type = kind === 'sensor' ? 'number' : (cells[kind === 'command' ? 3 : 1] ?? '');
  const words = cells[2]?.split('/') ?? [];
  if (type === 'number') return `AI${100 + n}`;
  if (type === 'Analog') return `AV${100 + n}`;
  if (type === 'Binaire' || type === 'Boolean')
    return words.length === 2 || words.length === 1 ? `BV${100 + n}` : '-';
  if (type === 'Enum') return `MSV${100 + n}`;
  return '-';
}

/** An explicit register that fits the point, 4 registers apart per point so that none overlap. */
function modbusFor(kind: GeneratedRow['kind'], cells: readonly string[], n: number): string {
  const type = kind === 'sensor' ? 'number' : (cells[kind === 'command' ? 3 : 1] ?? '');
  const base = 4 * n + 1;
  const ref = (digit: number, offset: number) => `${digit}${String(offset).padStart(4, '0')}`;
  const registers = kind === 'command' ? 4 : 3;
  if (type === 'number' || type === 'Analog')
    return `${ref(registers, base)}-${ref(registers, base + 1)} (Float)`;
  if (type === 'Binaire' || type === 'Boolean') return ref(kind === 'command' ? 0 : 1, n);
  if (type === 'Enum') return ref(registers, base);
  if (type === 'Timestamp') return `${ref(registers, base)}-${ref(registers, base + 1)}`;
  return '-';
}
