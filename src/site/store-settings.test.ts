// The site file's `store.auditRetentionDays`: kept as written, absent when not written, refused unless a
// positive number of days.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDiagnostic } from '../points/diagnostics.js';
import { loadSiteText } from './load.js';

const FIXTURES = 'test/fixtures/sites';
const HEAD = 'site: {id: test, name: Test, tz: Europe/Paris}\ndevices: [{id: a, profile: ./gate.md}]\n';
const load = (store: string) => loadSiteText(`${HEAD}store: ${store}\n`, 'site.yaml', FIXTURES);

describe('site file: store.auditRetentionDays', () => {
  test('as written, or absent (the runtime then keeps 365 days)', () => {
    assert.deepEqual(load('{auditRetentionDays: 90}').site?.store, {
      engine: 'sqlite',
      path: null,
      auditRetentionDays: 90,
    });
    assert.deepEqual(load('{engine: sqlite}').site?.store, { engine: 'sqlite', path: null });
  });

  test('zero, a negative number or text is an error that names the field', () => {
    for (const bad of ['0', '-3', 'forever']) {
      const { site, diagnostics } = load(`{auditRetentionDays: ${bad}}`);
      assert.equal(site, null, `auditRetentionDays: ${bad} was accepted`);
      assert.match(diagnostics.map(formatDiagnostic).join('\n'), /auditRetentionDays/);
    }
  });
});
