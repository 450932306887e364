// The special-roles vocabulary over the seed points lists (expectations worked out by hand from the
// documents), over the same lists with their points named in French, and over generated lists.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { builtinProfiles } from '../../src/points/load.js';
import type { Profile } from '../../src/points/model.js';
import { parsePointsList } from '../../src/points/parse.js';
import {
  communicationWords,
  pointsWithRole,
  roleOf,
  rolesOf,
  type SpecialRole,
} from '../../src/points/special-roles.js';
import { slug } from '../../src/points/text.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { builtinText, parsedProfile, renamePoints } from '../support/renamed-list.js';
import { pointsListArbitrary } from './generate.js';

const ROLES: SpecialRole[] = [
  'system-enable',
  'enable-switch',
  'communication-status',
  'alarm-flag',
  'occupied-total',
  'revenue-today',
  'transactions-today',
  'active-power',
];

/** Point ids of each role, per seed profile, read off the documents by hand. */
const SEED_ROLES: Record<string, Record<SpecialRole, string[]>> = {
  'parking-management-server': {
    'system-enable': ['system-enable'],
    'enable-switch': ['system-enable'],
    'communication-status': [],
    'alarm-flag': ['security-alert'],
    'occupied-total': ['total-occupied'],
    'revenue-today': ['revenue-today'],
    'transactions-today': ['transactions-today'],
    'active-power': [],
  },
  'ev-charger-level-2': {
    'system-enable': [],
    'enable-switch': ['charge-enable', 'load-management-enable'],
    'communication-status': [],
    'alarm-flag': ['ground-fault'],
    'occupied-total': [],
    'revenue-today': [],
    'transactions-today': [],
    'active-power': ['active-power'],
  },
  'level-sensor': {
    'system-enable': [],
    'enable-switch': [],
    'communication-status': ['communication-status'],
    'alarm-flag': ['high-level-alarm', 'low-level-alarm'],
    'occupied-total': [],
    'revenue-today': [],
    'transactions-today': [],
    'active-power': [],
  },
  'dhw-tank': {
    'system-enable': [],
    'enable-switch': ['heating-enable', 'schedule-enable'],
    'communication-status': ['communication-status'],
    'alarm-flag': ['high-temperature-alarm', 'low-temperature-alarm'],
    'occupied-total': [],
    'revenue-today': [],
    'transactions-today': [],
    'active-power': [],
  },
  'pir-detector': {
    'system-enable': [],
    'enable-switch': ['led-enable'],
    'communication-status': ['communication-status'],
    'alarm-flag': ['alarm-status', 'masked-status', 'tamper-status'],
    'occupied-total': [],
    'revenue-today': [],
    'transactions-today': [],
    'active-power': [],
  },
};

const ids = (profile: Profile, role: SpecialRole) => pointsWithRole(profile, role).map((p) => p.id);

describe('special roles in the seed points lists', () => {
  const profiles = builtinProfiles(PROTOCOLS).map((l) => l.profile as Profile);

  test('every seed is covered', () => {
    assert.deepEqual(profiles.map((p) => p.id).sort(), Object.keys(SEED_ROLES).sort());
  });

  for (const [id, expected] of Object.entries(SEED_ROLES)) {
    test(`${id}: the points of each role`, () => {
      const profile = profiles.find((p) => p.id === id) as Profile;
      for (const role of ROLES) assert.deepEqual(ids(profile, role), expected[role], role);
    });
  }

  test('Communication Status words: OK when the device answers, FAULT when it is lost', () => {
    for (const profile of profiles)
      for (const point of pointsWithRole(profile, 'communication-status'))
        assert.deepEqual(communicationWords(point), { ok: 'OK', fault: 'FAULT' });
  });

  test('System Enable is first of all the System Enable (an enable switch too)', () => {
    const server = profiles.find((p) => p.id === 'parking-management-server') as Profile;
    const point = server.points.find((p) => p.id === 'system-enable');
    assert.ok(point);
    assert.equal(roleOf(point), 'system-enable');
    assert.deepEqual(rolesOf(point), ['system-enable', 'enable-switch']);
    assert.equal(roleOf(server.points.find((p) => p.id === 'emergency-mode') as never), null);
  });
});

describe('special roles of the same lists with their points named in French', () => {
  const cases: Array<[profile: string, from: string, to: string, role: SpecialRole]> = [
    ['parking-management-server', 'System Enable', 'Activation Système', 'system-enable'],
    ['parking-management-server', 'System Enable', 'Activation du système', 'system-enable'],
    ['parking-management-server', 'System Enable', 'SYSTEME ACTIVATION', 'system-enable'],
    ['parking-management-server', 'System Enable', 'Enable System', 'system-enable'],
    ['dhw-tank', 'Heating Enable', 'Activation chauffage', 'enable-switch'],
    ['pir-detector', 'LED Enable', 'Activation LED', 'enable-switch'],
    ['level-sensor', 'Communication Status', 'État communication', 'communication-status'],
    ['dhw-tank', 'Communication Status', 'Statut de communication', 'communication-status'],
    ['pir-detector', 'Tamper Status', 'Alarme sabotage', 'alarm-flag'],
    ['parking-management-server', 'Total Occupied', 'Total places occupées', 'occupied-total'],
    ['parking-management-server', 'Revenue Today', 'Revenu journalier', 'revenue-today'],
    ['parking-management-server', 'Transactions Today', 'Transactions du jour', 'transactions-today'],
    ['ev-charger-level-2', 'Active Power', 'Puissance active', 'active-power'],
  ];
  for (const [id, from, to, role] of cases) {
    test(`${id}: '${to}' is found as '${from}' was`, () => {
      const before = parsedProfile(builtinText(id));
      const after = parsedProfile(renamePoints(builtinText(id), { [from]: to }));
      assert.deepEqual(
        ids(after, role),
        ids(before, role).map((x) => (x === slug(from) ? slug(to) : x)),
      );
      const point = after.points.find((p) => p.name === to);
      assert.ok(point, to);
      assert.equal(roleOf(point), role);
    });
  }

  test('French words of a lost link: DÉFAUT is the fault word wherever it is listed', () => {
    assert.deepEqual(communicationWords({ enum: ['OK', 'DÉFAUT'] }), { ok: 'OK', fault: 'DÉFAUT' });
    assert.deepEqual(communicationWords({ enum: ['OK', 'DEGRADE', 'PERTE_LIAISON'] }), {
      ok: 'OK',
      fault: 'PERTE_LIAISON',
    });
    assert.deepEqual(communicationWords({ enum: ['ONLINE', 'OFFLINE'] }), { ok: 'ONLINE', fault: 'OFFLINE' });
  });

  test('a name with a role word but the wrong kind or type has no role', () => {
    assert.equal(roleOf({ name: 'System Enable', kind: 'status', type: 'bool' }), null);
    assert.equal(roleOf({ name: 'System Enable', kind: 'command', type: 'enum' }), null);
    assert.equal(roleOf({ name: 'Communication Status', kind: 'status', type: 'string' }), null);
    assert.equal(roleOf({ name: 'Fault Reset', kind: 'command', type: 'action' }), null);
  });
});

/** A generated list where the first point matching `row` is renamed `name`; null when there is none. */
function withRenamedRow(text: string, row: RegExp, name: string): string | null {
  const match = row.exec(text);
  if (!match) return null;
  return renamePoints(text, { [match[1] as string]: name });
}

const BOOL_COMMAND = /^\| (Point \d+ command) \| cmd-point \| - \| [A-Z]+\/[A-Z]+ \| Binaire \|/m;
const ENUM_STATUS = /^\| (Point \d+ status) \| status-point \| Enum \|/m;

describe('special roles of generated points lists', () => {
  test('generated names ("Point 3 command") give no role', () => {
    fc.assert(
      fc.property(pointsListArbitrary, (text) => {
        const profile = parsedProfile(text);
        for (const role of ROLES) assert.deepEqual(ids(profile, role), [], role);
      }),
      { numRuns: 100 },
    );
  });

  test('a boolean command named as a System Enable, in English or French, is the one System Enable', () => {
    const names = ['System Enable', 'Activation Système', 'activation du systeme', 'Système : activation'];
    fc.assert(
      fc.property(pointsListArbitrary, fc.constantFrom(...names), (text, name) => {
        const renamed = withRenamedRow(text, BOOL_COMMAND, name);
        fc.pre(renamed !== null);
        const profile = parsedProfile(renamed as string);
        assert.deepEqual(ids(profile, 'system-enable'), [slug(name)]);
        assert.deepEqual(ids(profile, 'enable-switch'), [slug(name)]);
      }),
      { numRuns: 100 },
    );
  });

  test('an enum status named État communication is the Communication Status, with two of its words', () => {
    fc.assert(
      fc.property(pointsListArbitrary, (text) => {
        const renamed = withRenamedRow(text, ENUM_STATUS, 'État communication');
        fc.pre(renamed !== null);
        const { profile } = parsePointsList(renamed as string, 'generated.md', PROTOCOLS);
        assert.ok(profile);
        const [point, ...others] = pointsWithRole(profile, 'communication-status');
        assert.ok(point);
        assert.deepEqual(others, []);
        assert.equal(point.id, 'etat-communication');
        const list = point.enum as string[];
        const { ok, fault } = communicationWords(point);
        assert.equal(ok, list[0]);
        // FAULT is the only word of the generator's that says a lost link.
        assert.equal(fault, list.includes('FAULT') ? 'FAULT' : list[1]);
      }),
      { numRuns: 100 },
    );
  });
});
