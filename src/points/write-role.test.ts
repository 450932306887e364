// Who may write a point: derived from its action word, or given by the command table's optional Rôle column.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROTOCOLS } from '../protocols/registry.js';
import { parsePointsList } from './parse.js';

const list = (commandHeader: string, commandRows: string[]) => `# Points de Test Vault

## Synthèse
- **Total points mesure** : 1
- **Total points commande** : ${commandRows.length}
- **Total points état** : 1

## Points de Mesure (Capteurs)
| Point | Tag Haystack | Unité | Plage Typique | Fréquence | Description |
|-------|--------------|-------|---------------|-----------|-------------|
| Temperature | sensor-temp-point | °C | 0-50 | 10s | Température |

## Points de Commande (Actionneurs/Consignes)
${commandHeader}
${commandHeader.replace(/[^|]/g, '-')}
${commandRows.join('\n')}

## Points d'État
| Point | Tag Haystack | Type | Valeurs | Description |
|-------|--------------|------|---------|-------------|
| Vault Status | status-point | Enum | OK/FAULT | État |

## Mappings Protocoles
| Point | BACnet Object | Modbus Register |
|-------|---------------|-----------------|
| Temperature | AI0 | 30001 |
`;

const rolesOf = (text: string) => {
  const { profile, diagnostics } = parsePointsList(text, 'vault.md', PROTOCOLS);
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  return Object.fromEntries((profile?.points ?? []).map((p) => [p.id, p.writeRole]));
};

test('without a Rôle column: a backup, restore or report action is an admin’s, the rest an operator’s', () => {
  const header = '| Point | Tag Haystack | Unité | Plage | Type | Description |';
  assert.deepEqual(
    rolesOf(
      list(header, [
        '| Vault Backup | cmd-point | - | backup | Binaire | Sauvegarde |',
        '| Vault Restore | cmd-point | - | RESTORE | Binaire | Restauration |',
        '| Vault Report | cmd-point | - | GENERATE | Binaire | Rapport |',
        '| Vault Reset | cmd-point | - | RESET | Binaire | Remise à zéro |',
        '| Vault Enable | cmd-point | - | ENABLE/DISABLE | Binaire | Marche |',
        '| Vault Setpoint | cmd-sp-point | °C | 5-30 | Analog | Consigne |',
      ]),
    ),
    {
      temperature: null,
      'vault-backup': 'admin',
      'vault-restore': 'admin',
      'vault-report': 'admin',
      'vault-reset': 'operator',
      'vault-enable': 'operator',
      'vault-setpoint': 'operator',
      'vault-status': null,
    },
  );
});

test('a Rôle column sets it per command (French or English words); a blank or - cell keeps the rule', () => {
  const header = '| Point | Tag Haystack | Unité | Plage | Type | Rôle | Description |';
  assert.deepEqual(
    rolesOf(
      list(header, [
        '| Vault Unlock | cmd-point | - | OPEN | Binaire | Administrateur | Ouverture |',
        '| Vault Setpoint | cmd-sp-point | °C | 5-30 | Analog | admin | Consigne |',
        '| Vault Backup | cmd-point | - | BACKUP | Binaire | opérateur | Sauvegarde |',
        '| Vault Report | cmd-point | - | GENERATE | Binaire | - | Rapport |',
        '| Vault Reset | cmd-point | - | RESET | Binaire |  | Remise à zéro |',
      ]),
    ),
    {
      temperature: null,
      'vault-unlock': 'admin',
      'vault-setpoint': 'admin',
      'vault-backup': 'operator',
      'vault-report': 'admin',
      'vault-reset': 'operator',
      'vault-status': null,
    },
  );
});

test('a role that is not operator or admin is an error at its line', () => {
  const header = '| Point | Tag Haystack | Unité | Plage | Type | Role | Description |';
  const text = list(header, ['| Vault Reset | cmd-point | - | RESET | Binaire | viewer | Remise à zéro |']);
  const { diagnostics } = parsePointsList(text, 'vault.md', PROTOCOLS);
  const line = text.split('\n').findIndex((l) => l.startsWith('| Vault Reset')) + 1;
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.message]),
    [
      [
        line,
        "cannot read role 'viewer' of 'Vault Reset' (expected operator or admin; a viewer writes nothing)",
      ],
    ],
  );
});
