// The site file's `store.auditRetentionDays`: kept as written, absent when not written, refused unless a
// positive number of days (and so `store.alarmReportRetentionDays`); `store.engine`: a known name or a database URL, kept as written.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDiagnostic } from '../points/diagnostics.js';
import { PROTOCOLS } from '../protocols/registry.js';
import { loadSiteText } from './load.js';

const FIXTURES = 'test/fixtures/sites';
const HEAD = 'site: {id: test, name: Test, tz: Europe/Paris}\ndevices: [{id: a, profile: ./gate.md}]\n';
const load = (store: string) => loadSiteText(`${HEAD}store: ${store}\n`, 'site.yaml', FIXTURES, PROTOCOLS);

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

describe('site file: store.alarmReportRetentionDays', () => {
  test('as written beside the audit retention, or absent (the runtime then keeps 365 days)', () => {
    assert.deepEqual(load('{alarmReportRetentionDays: 30, auditRetentionDays: 90}').site?.store, {
      engine: 'sqlite',
      path: null,
      auditRetentionDays: 90,
      alarmReportRetentionDays: 30,
    });
    assert.deepEqual(load('{alarmReportRetentionDays: 0.5}').site?.store, {
      engine: 'sqlite',
      path: null,
      alarmReportRetentionDays: 0.5,
    });
  });

  test('zero, a negative number or text is an error that names the field', () => {
    for (const bad of ['0', '-3', 'forever']) {
      const { site, diagnostics } = load(`{alarmReportRetentionDays: ${bad}}`);
      assert.equal(site, null, `alarmReportRetentionDays: ${bad} was accepted`);
      assert.match(diagnostics.map(formatDiagnostic).join('\n'), /alarmReportRetentionDays/);
    }
  });
});

describe('site file: store.engine', () => {
  test('sqlite when absent; a known name or a database URL as written', () => {
    assert.equal(load('{path: ./data}').site?.store.engine, 'sqlite');
    assert.equal(load('{engine: memory}').site?.store.engine, 'memory');
    assert.equal(
      load("{engine: 'postgres://db.example/site'}").site?.store.engine,
      'postgres://db.example/site',
    );
  });

  test('an unknown name is an error at its line that names the known engines', () => {
    const { site, diagnostics } = load('\n  engine: mongo');
    assert.equal(site, null);
    assert.deepEqual(diagnostics.map(formatDiagnostic), [
      "site.yaml:4: store.engine 'mongo' is not a known engine (expected sqlite, memory, postgres)",
    ]);
  });
});
