// The site file's `store.historyRetentionDays` and `store.rollupRetentionDays`: kept as written, absent when
// not written (history is then kept forever), refused unless positive days, and roll-ups kept at least as
// long as the samples they sum up.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDiagnostic } from '../points/diagnostics.js';
import { PROTOCOLS } from '../protocols/registry.js';
import { loadSiteText } from './load.js';

const FIXTURES = 'test/fixtures/sites';
const HEAD = 'site: {id: test, name: Test, tz: Europe/Paris}\ndevices: [{id: a, profile: ./gate.md}]\n';
const load = (store: string) => loadSiteText(`${HEAD}store: ${store}\n`, 'site.yaml', FIXTURES, PROTOCOLS);
const messages = (store: string) => load(store).diagnostics.map(formatDiagnostic).join('\n');

describe('site file: store.historyRetentionDays and store.rollupRetentionDays', () => {
  test('as written, or absent (everything kept)', () => {
    assert.deepEqual(load('{historyRetentionDays: 30, rollupRetentionDays: 730}').site?.store, {
      engine: 'sqlite',
      path: null,
      historyRetentionDays: 30,
      rollupRetentionDays: 730,
    });
    assert.deepEqual(load('{historyRetentionDays: 30}').site?.store, {
      engine: 'sqlite',
      path: null,
      historyRetentionDays: 30,
    });
    assert.deepEqual(load('{engine: sqlite}').site?.store, { engine: 'sqlite', path: null });
  });

  test('zero, a negative number or text is an error that names the field', () => {
    for (const field of ['historyRetentionDays', 'rollupRetentionDays'])
      for (const bad of ['0', '-3', 'forever']) {
        const { site } = load(`{${field}: ${bad}}`);
        assert.equal(site, null, `${field}: ${bad} was accepted`);
        assert.match(messages(`{${field}: ${bad}}`), new RegExp(field));
      }
  });

  test('roll-ups kept a shorter time than the samples (or than forever) is an error at its line', () => {
    for (const store of ['{historyRetentionDays: 30, rollupRetentionDays: 7}', '{rollupRetentionDays: 7}']) {
      assert.equal(load(store).site, null, store);
      assert.match(messages(store), /site\.yaml:3: .*rollupRetentionDays \(7\) must be at least/);
    }
    assert.notEqual(load('{historyRetentionDays: 30, rollupRetentionDays: 30}').site, null);
  });
});
