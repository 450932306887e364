// The OCPP plug-in's parts read from files: the points lists' OCPP column (measurands, phases, messages, and
// file:line errors listing the known names), `server.ocpp` with its problems, the password hashes, and
// `pointyard ocpp hash-password` / `id-tag`.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { formatDiagnostic } from '../../src/points/diagnostics.js';
import { parsePointsList } from '../../src/points/parse.js';
import { ocppMappingOf, parseOcppMapping } from '../../src/protocols/ocpp/ocpp-column.js';
import { ocppSettings } from '../../src/protocols/ocpp/ocpp-settings.js';
import {
  hashPassword,
  parsePasswordHash,
  passwordMatchesHash,
} from '../../src/protocols/ocpp/password-hash.js';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { loadSiteText } from '../../src/site/load.js';
import type { Site } from '../../src/site/model.js';
import { openStore } from '../../src/store/open.js';

const root = mkdtempSync(join(tmpdir(), 'pointyard-ocpp-settings-'));
after(() => rmSync(root, { recursive: true, force: true }));

const list = (cells: string) => `# Points de Charger

## Synthèse
- **Total points mesure** : 2
- **Total points commande** : 1
- **Total points état** : 1

## Points de Mesure (Capteurs)
| Point | Tag Haystack | Unité | Plage Typique | Fréquence | Description |
|---|---|---|---|---|---|
| Power L2 | sensor-elec-power-point | kW | 0-22 kW | 1s | Puissance |
| Energy | sensor-elec-energy-point | kWh | 0-999999 kWh | 10s | Énergie |

## Points de Commande (Actionneurs/Consignes)
| Point | Tag Haystack | Unité | Plage | Type | Description |
|---|---|---|---|---|---|
| Charge Enable | cmd-point | - | ENABLE/DISABLE | Binaire | Charge |

## Points d'État
| Point | Tag Haystack | Type | Valeurs | Description |
|---|---|---|---|---|
| Charger Status | status-point | Enum | AVAILABLE/CHARGING | État |

## Mappings Protocoles
| Point | OCPP |
|---|---|
${cells}
`;

describe('the OCPP column', () => {
  test('measurands with and without a phase, and messages', () => {
    assert.deepEqual(parseOcppMapping('MeterValues.Energy.Active.Import.Register'), {
      kind: 'measurand',
      measurand: 'Energy.Active.Import.Register',
      phase: null,
    });
    assert.deepEqual(parseOcppMapping('MeterValues.Power.Active.Import.L2'), {
      kind: 'measurand',
      measurand: 'Power.Active.Import',
      phase: 'L2',
    });
    assert.deepEqual(parseOcppMapping('MeterValues.Voltage.L1-N'), {
      kind: 'measurand',
      measurand: 'Voltage',
      phase: 'L1-N',
    });
    assert.deepEqual(parseOcppMapping('UnlockConnector'), { kind: 'message', message: 'UnlockConnector' });
    const { profile, diagnostics } = parsePointsList(
      list('| Power L2 | MeterValues.Power.Active.Import.L2 |\n| Charger Status | StatusNotification |'),
      'charger.md',
      PROTOCOLS,
    );
    assert.ok(profile, diagnostics.map(formatDiagnostic).join('\n'));
    const point = (name: string) => profile.points.find((p) => p.name === name) as (typeof profile.points)[0];
    assert.deepEqual(ocppMappingOf(point('Power L2')), {
      kind: 'measurand',
      measurand: 'Power.Active.Import',
      phase: 'L2',
    });
    assert.equal(ocppMappingOf(point('Energy')), null, 'no cell: no OCPP address');
    assert.deepEqual(point('Charger Status').protocols, {}, 'read by the plug-in, not kept verbatim');
  });

  test('an unknown name is an error at its line listing the known ones, and nothing is loaded', () => {
    const cases: Array<[string, RegExp]> = [
      [
        '| Power L2 | MeterValues.Power.Wobble |',
        /.*'Power\.Wobble' is not an OCPP 1\.6 measurand \(known: Current\.Export, .*Voltage\)/,
      ],
      ['| Power L2 | MeterValues.Voltage.L4 |', /.*'L4' is not an OCPP 1\.6 phase \(known: L1, L2, L3, N, /],
      [
        '| Charger Status | StatusNotify |',
        /.*'StatusNotify' is neither .* nor an OCPP 1\.6 message \(known: StatusNotification, RemoteStartTransaction, .*\)/,
      ],
      [
        '| Charger Status | MeterValues.Voltage |',
        /'Charger Status': a measurand needs a number point, not enum/,
      ],
    ];
    for (const [row, expected] of cases) {
      const text = list(row);
      const line = text.split('\n').indexOf(row) + 1;
      const { profile, diagnostics } = parsePointsList(text, 'charger.md', PROTOCOLS);
      assert.equal(profile, null, row);
      assert.match(diagnostics.map(formatDiagnostic).join('\n'), expected);
      assert.ok(
        diagnostics.some((d) => formatDiagnostic(d).startsWith(`charger.md:${line}: `)),
        row,
      );
    }
  });
});

const siteWith = (ocpp: string): Site => {
  const text = `site: { id: s, name: S, tz: UTC }\ndevices:\n  - { id: p, profile: parking-management-server }\nserver:\n  ocpp: ${ocpp}\n`;
  const { site, diagnostics } = loadSiteText(text, join(root, 'site.yaml'), root, PROTOCOLS);
  if (!site) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return site;
};

describe('server.ocpp', () => {
  test('defaults, flags over the file, and off', () => {
    const { settings, problems } = ocppSettings(siteWith('{}'), {});
    assert.deepEqual(problems, []);
    assert.equal(settings?.port, 9000);
    assert.equal(settings?.path, '/ocpp');
    assert.equal(settings?.autoAccept, false);
    assert.equal(settings?.tls, null);
    assert.equal(ocppSettings(siteWith('{ port: 9100 }'), { port: 0 }).settings?.port, 0);
    assert.equal(ocppSettings(siteWith('{}'), { enabled: false }).settings, null);
    assert.equal(ocppSettings(siteWith('{ enabled: false }'), {}).settings, null);
    const tls = ocppSettings(siteWith('{ tls: { cert: c.pem, key: k.pem } }'), {}).settings?.tls;
    assert.deepEqual(
      tls,
      { cert: join(root, 'c.pem'), key: join(root, 'k.pem') },
      'files beside the site file',
    );
  });

  test('a plain password, a bad port or an unknown key is a problem that says what to do', async () => {
    const hash = await hashPassword('a-good-password', 1000);
    const { settings, problems } = ocppSettings(
      siteWith(
        `{ port: 70000, colour: red, chargePoints: { CP-1: { password: "${hash}" }, CP-2: { password: hunter22 } } }`,
      ),
      {},
    );
    assert.deepEqual(Object.keys(settings?.chargePoints ?? {}), ['CP-1']);
    assert.deepEqual(problems, [
      'colour is not a CSMS setting (known: enabled, host, port, path, autoAccept, heartbeatInterval, callTimeoutMs, messageLog, chargePoints, tls, idTags, chargers)',
      'port must be an integer from 0 to 65535, not 70000',
      'chargePoints.CP-2.password must be a hash made by `pointyard ocpp hash-password` (pbkdf2-sha256$…), never the password itself',
    ]);
  });
});

describe('password hashes', () => {
  test('the simulated chargers: on by default for the built-in CSMS; a foreign one with its password from the environment', () => {
    const built = ocppSettings(siteWith('{ idTags: [RFID-1, RFID-2] }'), {});
    assert.deepEqual(built.problems, []);
    assert.deepEqual(built.settings?.idTags, ['RFID-1', 'RFID-2']);
    assert.deepEqual(built.settings?.chargers, {
      url: null,
      password: null,
      ca: null,
      meterValueSampleInterval: 60,
    });
    assert.equal(ocppSettings(siteWith('{ chargers: { enabled: false } }'), {}).settings?.chargers, null);
    // No built-in CSMS, but a foreign one: the chargers alone run.
    process.env.POINTYARD_TEST_CSMS_PASSWORD = 'from-the-environment';
    const foreign = ocppSettings(
      siteWith(
        '{ enabled: false, chargers: { url: "wss://csms.example/ocpp/", passwordEnv: POINTYARD_TEST_CSMS_PASSWORD } }',
      ),
      {},
    );
    assert.equal(foreign.settings?.serveCsms, false);
    assert.equal(foreign.settings?.chargers?.url, 'wss://csms.example/ocpp');
    assert.equal(foreign.settings?.chargers?.password, 'from-the-environment');
    assert.equal(ocppSettings(siteWith('{ enabled: false }'), {}).settings, null, 'nothing of OCPP runs');
    const bad = ocppSettings(
      siteWith(
        '{ idTags: [""], chargers: { url: "http://x", passwordEnv: POINTYARD_NOT_SET_ANYWHERE, ca: nope.pem } }',
      ),
      {},
    );
    assert.equal(bad.problems.length, 4);
    assert.match(bad.problems[0] ?? '', /^idTags must be a list of id tags of 1 to 20 characters/);
    assert.match(bad.problems[1] ?? '', /^chargers.url must be a ws:\/\/ or wss:\/\/ URL/);
    assert.match(bad.problems[2] ?? '', /POINTYARD_NOT_SET_ANYWHERE" is not set/);
    assert.match(bad.problems[3] ?? '', /^chargers.ca must be a PEM file/);
  });

  test('a hash checks its password and no other; a salt each time', async () => {
    const a = await hashPassword('correct horse', 1000);
    const b = await hashPassword('correct horse', 1000);
    assert.notEqual(a, b);
    assert.ok(parsePasswordHash(a));
    assert.equal(await passwordMatchesHash(a, 'correct horse'), true);
    assert.equal(await passwordMatchesHash(a, Buffer.from('correct horse')), true);
    assert.equal(await passwordMatchesHash(a, 'correct horsE'), false);
    assert.equal(
      await passwordMatchesHash('correct horse', 'correct horse'),
      false,
      'a plain text is no hash',
    );
  });

  test('pointyard ocpp hash-password prints a hash of the password; id-tag manages the store', async () => {
    const hashed = spawnSync(
      process.execPath,
      ['bin/pointyard.js', 'ocpp', 'hash-password', '--password-stdin'],
      {
        input: 'the-charge-point-key\n',
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.equal(hashed.status, 0, hashed.stderr);
    const hash = hashed.stdout.trim();
    assert.equal(await passwordMatchesHash(hash, 'the-charge-point-key'), true);
    assert.ok(!hashed.stdout.includes('the-charge-point-key'));

    const data = join(root, 'data');
    await (await openStore({ engine: 'sqlite', path: data })).close();
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/pointyard.js', 'ocpp', 'id-tag', ...args, '--data', data], {
        encoding: 'utf8',
        timeout: 60_000,
      });
    assert.equal(cli('add', 'CARD-7', '--expires', '2027-01-31T00:00:00Z').status, 0);
    assert.equal(cli('add', 'CARD-8', '--status', 'Blocked').status, 0);
    assert.equal(cli('add', 'A CARD WITH SPACES').status, 1);
    assert.equal(cli('remove', 'CARD-8').status, 0);
    assert.equal(cli('remove', 'CARD-8').status, 1);
    assert.equal(cli('list').stdout, 'CARD-7\tAccepted\t2027-01-31T00:00:00.000Z\t-\n');
    assert.ok(readFileSync(join(data, 'pointyard.db')).length > 0);
  });
});
