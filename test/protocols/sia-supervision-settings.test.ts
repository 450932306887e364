// The receiver's supervision settings as the site file gives them: every configured account under
// `receiver.supervision`, an account's own interval or `supervision: false`, its device; and a message
// naming the key for each mistake.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROTOCOLS } from '../../src/protocols/registry.js';
import { siaSettings } from '../../src/protocols/sia/sia-settings.js';
import { loadSite } from '../../src/site/load.js';
import { makeSite } from '../runtime/site-fixture.js';

function read(receiver: Record<string, unknown>) {
  const site = makeSite([
    ['pir-1', 'pir-detector'],
    ['pms', 'parking-management-server'],
  ]);
  site.server.sia = { receiver };
  return siaSettings(site, {}, undefined, {});
}

test('every account supervised, one with its own interval, one left out, devices mapped', () => {
  const { settings, problems } = read({
    supervision: { intervalS: 60, graceS: 30 },
    accounts: {
      '1001': { device: 'pir-1' },
      '1002': null,
      '1003': { supervision: { intervalS: 600 } },
      '1004': { supervision: false },
    },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(settings?.receiver?.supervision?.accounts, [
    { account: '1001', device: 'pir-1', intervalMs: 60_000, graceMs: 30_000 },
    { account: '1002', device: null, intervalMs: 60_000, graceMs: 30_000 },
    { account: '1003', device: null, intervalMs: 600_000, graceMs: 30_000 },
  ]);
});

test('no supervision: none; the grace defaults to half the interval', () => {
  assert.equal(read({ accounts: { '1001': {} } }).settings?.receiver?.supervision, null);
  const { settings } = read({ accounts: { '1001': { supervision: { intervalS: 90 } } } });
  assert.deepEqual(settings?.receiver?.supervision?.accounts, [
    { account: '1001', device: null, intervalMs: 90_000, graceMs: 45_000 },
  ]);
});

test('mistakes are named', () => {
  assert.deepEqual(
    read({
      supervision: { intervalS: 0, grace: 3 },
      accounts: { '1001': { device: 'pir-9' }, '1002': { device: 'pms' } },
    }).problems,
    [
      'receiver.supervision.grace is not a supervision setting (known: intervalS, graceS)',
      'receiver.supervision.intervalS must be an integer from 1 to 604800, not 0',
      'receiver.accounts.1001.device: no device "pir-9" in the site (devices: pir-1, pms)',
      "receiver.accounts.1001.device: the account is not supervised (set receiver.supervision or the account's supervision)",
      'receiver.accounts.1002.device: pms has no Communication Status point to show the link',
      "receiver.accounts.1002.device: the account is not supervised (set receiver.supervision or the account's supervision)",
    ],
  );
  assert.deepEqual(read({ supervision: {} }).problems, [
    'receiver.supervision.intervalS is required (seconds)',
  ]);
});

test('the demo: every detector’s account supervised (60 s + 30 s) on its detector; NULL every 60 s', () => {
  const site = loadSite('sites/demo.yaml', PROTOCOLS).site;
  assert.ok(site, 'the demo site loads');
  const { settings, problems } = siaSettings(site, {}, undefined, {});
  assert.deepEqual(problems, []);
  assert.deepEqual(
    settings?.receiver?.supervision?.accounts,
    [1, 2, 3, 4, 5, 6].map((n) => ({
      account: `100${n}`,
      device: `pir-${n}`,
      intervalMs: 60_000,
      graceMs: 30_000,
    })),
  );
  assert.equal(settings?.transmitter?.supervisionS, 60);
});
