// The server page's generic rendering of an interface's status (ui/src/format/status-facts.ts): nested
// objects flattened into groups, keys in words, times in the site's zone when the key names a moment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusFacts, valueText, words } from '../../ui/src/format/status-facts.js';
import { setSiteZone } from '../../ui/src/format/time.js';

// 15:39:00 in Paris (summer time) this year: a time of this year is written without its year.
const YEAR = new Date().getFullYear();
const T = Date.UTC(YEAR, 5, 6, 13, 39, 0);

test('nested objects become groups in order; lists of objects a group per item; skipped paths left out', () => {
  const groups = statusFacts(
    {
      clients: 2,
      broker: { kind: 'external', url: 'mqtt://10.0.0.5:1883' },
      link: { connected: true, since: T, backlog: { messages: 3, bytes: 2048, oldest: T, dropped: 0 } },
      publishers: [{ topics: 'pointyard/lyon/#', messages: 12345 }, { hostApplications: ['scada-1', 'ha'] }],
      tags: [],
    },
    'Europe/Paris',
    new Set(['link.connected']),
  );
  assert.deepEqual(
    groups.map((g) => [g.title, g.facts.map((f) => `${f.path}=${f.label}: ${f.text}`)]),
    [
      ['', ['clients=Clients: 2', 'tags=Tags: none']],
      ['Broker', ['broker.kind=Kind: external', 'broker.url=URL: mqtt://10.0.0.5:1883']],
      ['Link', ['link.since=Since: 6 Jun, 15:39:00']],
      [
        'Link › Backlog',
        [
          'link.backlog.messages=Messages: 3',
          'link.backlog.bytes=Bytes: 2.0 kB',
          'link.backlog.oldest=Oldest: 6 Jun, 15:39:00',
          'link.backlog.dropped=Dropped: 0',
        ],
      ],
      [
        'Publishers › #1',
        ['publishers.0.topics=Topics: pointyard/lyon/#', 'publishers.0.messages=Messages: 12,345'],
      ],
      ['Publishers › #2', ['publishers.1.hostApplications=Host applications: scada-1, ha']],
    ],
  );
});

test('values: booleans, moments only where the key names one and the number can be one, units, text times', () => {
  const zone = 'Europe/Paris';
  setSiteZone(zone); // what the page does once it has read the site: times written as text follow it
  assert.equal(valueText('connected', false, zone), 'no');
  assert.equal(valueText('connectedAt', T, zone), '6 Jun, 15:39:00');
  assert.equal(valueText('lastSeenAt', T, zone), '6 Jun, 15:39:00');
  assert.equal(valueText('since', 0, zone), '0', 'not a moment: shown as the number it is');
  assert.equal(valueText('published', T, zone), T.toLocaleString('en-GB'), 'a count, whatever its size');
  assert.equal(valueText('uptime', { _kind: 'number', val: 12.5, unit: 's' }, zone), '12.5 s');
  assert.equal(valueText('startedAt', `${YEAR}-06-06T13:39:00Z`, zone), '6 Jun, 15:39:00');
  assert.equal(
    valueText('lastError', 'connect ECONNREFUSED 127.0.0.1:1883', zone),
    'connect ECONNREFUSED 127.0.0.1:1883',
  );
  assert.equal(words('lastError'), 'Last error');
  assert.equal(words('host_applications'), 'Host applications');
  assert.equal(words('0'), '#1');
  assert.equal(words('clientId'), 'Client ID');
});
