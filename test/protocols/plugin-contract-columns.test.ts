// The plug-in contract, points-list side: a plug-in defined here (a KNX group-address column and an export)
// and registered only in this test is read like the built-in ones: its column's addresses land on the points,
// a bad cell is an error at its row, two points on one address clash, points without one get one, its
// addresses become Haystack tags and its export is offered. No core file knows it; without it, the same
// column is kept verbatim as any unknown column is.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressColumn, type LineMessage } from '../../src/points/address-column.js';
import { formatDiagnostic } from '../../src/points/diagnostics.js';
import { exportFormats } from '../../src/points/exports/index.js';
import { exportJson, importJson } from '../../src/points/exports/json.js';
import { bool, record, str } from '../../src/points/exports/json-shape.js';
import type { Point } from '../../src/points/model.js';
import { parsePointsList } from '../../src/points/parse.js';
import { pointRecord } from '../../src/protocols/haystack/point-records.js';
import type { ProtocolPlugin } from '../../src/protocols/plugin.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';

interface GroupAddress {
  group: string;
  /** The datapoint type named in brackets, `9.001`. */
  dpt: string | null;
  auto: boolean;
}

const LIMITS = [31, 7, 255] as const;
const NAMES = ['main', 'middle', 'sub'] as const;

/** `1/2/3` or `1/2/3 (DPT 9.001)` → the address, or what is wrong with it. */
function readGroup(cell: string): { group: string; dpt: string | null } | string {
  const m = /^\s*(\d+)\/(\d+)\/(\d+)\s*(?:\(DPT\s*([\d.]+)\))?\s*$/i.exec(cell);
  if (!m) return `cannot read KNX group address '${cell.trim()}' (expected e.g. 1/2/3)`;
  const parts = [m[1], m[2], m[3]].map(Number);
  for (const [i, part] of parts.entries()) {
    const limit = LIMITS[i] as number;
    if (part > limit)
      return `KNX group address '${cell.trim()}': ${NAMES[i]} group ${part} is above ${limit}`;
  }
  return { group: parts.join('/'), dpt: m[4] ?? null };
}

const knxColumn = addressColumn<{ group: string; dpt: string | null }, GroupAddress>({
  title: 'KNX Group Address',
  label: 'KNX',
  matches: (header) => header.startsWith('knx'),
  parse(cell, point) {
    const read = readGroup(cell);
    if (typeof read === 'string') return { ok: false, message: read };
    const warnings = read.dpt ? [] : [`'${point.name}': no DPT given for KNX ${read.group}`];
    return { ok: true, explicit: read, warnings };
  },
  clashes(entries) {
    const first = new Map<string, { name: string; line: number }>();
    const errors: LineMessage[] = [];
    for (const e of entries) {
      const earlier = first.get(e.explicit.group);
      if (earlier)
        errors.push({
          line: e.line,
          message: `KNX group address ${e.explicit.group} of '${e.point.name}' is already '${earlier.name}' (line ${earlier.line})`,
        });
      else first.set(e.explicit.group, { name: e.point.name, line: e.line });
    }
    return errors;
  },
  assign(requests) {
    // Points without an address take the free sub groups of 31/7, in list order.
    const taken = new Set(requests.flatMap((r) => (r.explicit ? [r.explicit.group] : [])));
    let sub = 0;
    return requests.map((r) => {
      if (r.explicit) return { ok: true, address: { ...r.explicit, auto: false } };
      while (taken.has(`31/7/${sub}`)) sub++;
      if (sub > 255) return { ok: false, message: `no free KNX group left for '${r.point.name}'` };
      taken.add(`31/7/${sub}`);
      return { ok: true, address: { group: `31/7/${sub}`, dpt: null, auto: true } };
    });
  },
  format: (address) => address.group,
  // Commands are written to their group, the others read from it (not the default: Cur on every point).
  access: (_address, point) => ({ read: point.kind !== 'command', write: point.kind === 'command' }),
  checkShape: record({
    group: str,
    dpt: (v, path, errors) => v === null || str(v, path, errors),
    auto: bool,
  }),
});

const knx: ProtocolPlugin = {
  name: 'knx',
  title: 'KNX',
  columns: [knxColumn],
  exports: [
    {
      name: 'knx-csv',
      write: (profile) => [
        {
          suffix: '_knx.csv',
          content: profile.points.map((p) => `${p.id},${(p.addresses.knx as GroupAddress).group}\n`).join(''),
        },
      ],
    },
  ],
};

const WITH_KNX = [...PROTOCOLS, knx];

/** A small points list; `light` is the Light Switch's KNX cell (row 28). */
const doc = (light = '1/2/1 (DPT 1.001)') => `# Points de KNX Room

## Synthèse
- **Total points mesure** : 2
- **Total points commande** : 1
- **Total points état** : 1

## Points de Mesure (Capteurs)
| Point | Tag Haystack | Unité | Plage Typique | Fréquence | Description |
|-------|--------------|-------|---------------|-----------|-------------|
| Room Temperature | sensor-air-temp-point | °C | 10-35°C | 30s | Température |
| Room Humidity | sensor-air-humidity-point | %RH | 20-80 %RH | 1min | Humidité |

## Points de Commande (Actionneurs/Consignes)
| Point | Tag Haystack | Unité | Plage | Type | Description |
|-------|--------------|-------|-------|------|-------------|
| Light Switch | cmd-point | - | ON/OFF | Binaire | Éclairage |

## Points d'État
| Point | Tag Haystack | Type | Valeurs | Description |
|-------|--------------|------|---------|-------------|
| Window Contact | status-point | Boolean | FALSE/TRUE | Fenêtre |

## Mappings Protocoles
| Point | BACnet Object | KNX Group Address | Modbus Register | M-Bus |
|-------|---------------|-------------------|-----------------|-------|
| Room Temperature | AI0 | 1/1/1 (DPT 9.001) | 30010-30011 (Float) | - |
| Light Switch | BO0 | ${light} | 40010 | - |
| Window Contact | - | 1/3/1 | - | Primary 3 |
`;

const pointNamed = (points: Point[], name: string): Point => {
  const point = points.find((p) => p.name === name);
  assert.ok(point, name);
  return point;
};

describe('a plug-in column registered in a test', () => {
  test('its addresses land on the points, explicit or assigned, beside the built-in ones', () => {
    const { profile, diagnostics } = parsePointsList(doc(), 'knx.md', WITH_KNX);
    assert.ok(profile, diagnostics.map(formatDiagnostic).join('\n'));
    const temperature = pointNamed(profile.points, 'Room Temperature');
    assert.deepEqual(Object.keys(temperature.addresses), ['bacnet', 'knx', 'modbus', 'ocpp']);
    assert.deepEqual(temperature.addresses.knx, { group: '1/1/1', dpt: '9.001', auto: false });
    assert.deepEqual(temperature.addresses.bacnet, { type: 'AI', instance: 0, auto: false });
    assert.equal((temperature.addresses.modbus as { reference: string }).reference, '30010');
    assert.deepEqual(pointNamed(profile.points, 'Light Switch').addresses.knx, {
      group: '1/2/1',
      dpt: '1.001',
      auto: false,
    });
    assert.deepEqual(pointNamed(profile.points, 'Room Humidity').addresses.knx, {
      group: '31/7/0',
      dpt: null,
      auto: true,
    });
    // The column it reads is not kept verbatim; the one nobody reads still is.
    assert.deepEqual(temperature.protocols, {});
    assert.deepEqual(pointNamed(profile.points, 'Window Contact').protocols, { 'M-Bus': 'Primary 3' });
    // Its warning, at the row.
    assert.deepEqual(diagnostics.map(formatDiagnostic), [
      "knx.md:29: warning: 'Window Contact': no DPT given for KNX 1/3/1",
    ]);
  });

  test('a bad cell is an error at its row, and nothing is loaded', () => {
    const { profile, diagnostics } = parsePointsList(doc('1/9/1'), 'knx.md', WITH_KNX);
    assert.equal(profile, null);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), [
      "knx.md:28: KNX group address '1/9/1': middle group 9 is above 7",
    ]);
    const unreadable = parsePointsList(doc('light'), 'knx.md', WITH_KNX);
    assert.equal(unreadable.profile, null);
    assert.deepEqual(unreadable.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), [
      "knx.md:28: cannot read KNX group address 'light' (expected e.g. 1/2/3)",
    ]);
  });

  test('two points on one address clash at the later row', () => {
    const { profile, diagnostics } = parsePointsList(doc('1/1/1 (DPT 1.001)'), 'knx.md', WITH_KNX);
    assert.equal(profile, null);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), [
      "knx.md:28: KNX group address 1/1/1 of 'Light Switch' is already 'Room Temperature' (line 27)",
    ]);
  });

  test('its addresses are Haystack tags, its export is offered, its JSON shape is checked', () => {
    const { profile } = parsePointsList(doc(), 'knx.md', WITH_KNX);
    assert.ok(profile);
    const light = pointRecord(profile, pointNamed(profile.points, 'Light Switch'), WITH_KNX);
    assert.equal(light.get('knxCur'), undefined, 'its column says a command is written only');
    assert.equal(light.get('knxWrite')?.toString(), '1/2/1');
    assert.equal(light.get('bacnetWrite')?.toString(), 'BO0');
    assert.equal(light.get('bacnetCur')?.toString(), 'BO0');
    const window = pointRecord(profile, pointNamed(profile.points, 'Window Contact'), WITH_KNX);
    assert.equal(window.get('knxCur')?.toString(), '1/3/1');
    assert.equal(window.get('knxWrite'), undefined, 'a status point is not written');

    const formats = exportFormats(WITH_KNX);
    assert.deepEqual([...formats.keys()], ['json', 'zinc', 'trio', 'modbus-csv', 'ede', 'knx-csv']);
    assert.deepEqual(formats.get('knx-csv')?.write(profile, { plugins: WITH_KNX }), [
      {
        suffix: '_knx.csv',
        content: 'room-temperature,1/1/1\nroom-humidity,31/7/0\nlight-switch,1/2/1\nwindow-contact,1/3/1\n',
      },
    ]);
    assert.equal(exportFormats(PROTOCOLS).has('knx-csv'), false);

    const back = importJson(exportJson(profile), WITH_KNX);
    assert.ok(back.ok, back.ok ? '' : back.errors.join('\n'));
    assert.deepEqual(back.profile, profile);
    const damaged = JSON.parse(exportJson(profile));
    damaged.points[0].addresses.knx.auto = 'no';
    const bad = importJson(JSON.stringify(damaged), WITH_KNX);
    assert.deepEqual(bad.ok ? [] : bad.errors, [
      'profile.points[0].addresses.knx.auto: expected true or false',
    ]);
    const unknown = importJson(exportJson(profile), PROTOCOLS);
    assert.equal(unknown.ok, false);
    assert.ok(!unknown.ok && unknown.errors.includes('profile.points[0].addresses.knx: unknown field'));
  });
});

test('two plug-ins offering one export format or one address key are refused', () => {
  const twin: ProtocolPlugin = { name: 'twin', title: 'Twin', exports: knx.exports };
  assert.throws(
    () => exportFormats([...WITH_KNX, twin]),
    /export format 'knx-csv' of plug-in 'twin' is offered twice/,
  );
  const clash: ProtocolPlugin = { name: 'clash', title: 'Clash', columns: [{ ...knxColumn, key: 'knx' }] };
  assert.throws(
    () => parsePointsList(doc(), 'knx.md', [...WITH_KNX, clash]),
    /two address columns have the key 'knx'/,
  );
});

describe('the same list without the plug-in', () => {
  test('the column is kept verbatim, as any column no plug-in reads', () => {
    for (const light of ['1/2/1 (DPT 1.001)', '1/9/1', '1/1/1']) {
      const { profile, diagnostics } = parsePointsList(doc(light), 'knx.md', PROTOCOLS);
      assert.ok(profile, diagnostics.map(formatDiagnostic).join('\n'));
      assert.deepEqual(diagnostics, []);
      const temperature = pointNamed(profile.points, 'Room Temperature');
      assert.deepEqual(Object.keys(temperature.addresses), ['bacnet', 'modbus', 'ocpp']);
      assert.deepEqual(temperature.protocols, { 'KNX Group Address': '1/1/1 (DPT 9.001)' });
      assert.deepEqual(pointNamed(profile.points, 'Light Switch').protocols, { 'KNX Group Address': light });
      assert.deepEqual(pointNamed(profile.points, 'Window Contact').protocols, {
        'KNX Group Address': '1/3/1',
        'M-Bus': 'Primary 3',
      });
      assert.equal(
        pointRecord(profile, temperature, PROTOCOLS).get('knxGroupAddress')?.toString(),
        '1/1/1 (DPT 9.001)',
      );
    }
  });

  test('no column of its own: a plug-in without columns changes nothing', () => {
    const bare: ProtocolPlugin = { name: 'bare', title: 'Bare' };
    const a = parsePointsList(doc(), 'knx.md', PROTOCOLS);
    const b = parsePointsList(doc(), 'knx.md', [...PROTOCOLS, bare]);
    assert.deepEqual(b, a);
  });
});

test('a column that matches no header leaves every point its assigned address', () => {
  // The KNX plug-in with the list's KNX column renamed: nothing explicit, every point assigned.
  const renamed = doc().replace('KNX Group Address', 'Group Address');
  const { profile } = parsePointsList(renamed, 'knx.md', WITH_KNX);
  assert.ok(profile);
  assert.deepEqual(
    profile.points.map((p) => (p.addresses.knx as GroupAddress).group),
    ['31/7/0', '31/7/1', '31/7/2', '31/7/3'],
  );
});
