// A new points list whose System Enable is named in French ("Activation Système") is the site's System
// Enable as the built-in "System Enable" is: on by default, and while it is off the other devices pause and
// only it can be written. The list has a title of its own, so it runs the generic behaviour.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VirtualClock } from '../../src/core/clock.js';
import { slug } from '../../src/points/text.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { systemEnableKey } from '../../src/runtime/system-enable-key.js';
import type { WriteRequest } from '../../src/runtime/write-path.js';
import type { Site } from '../../src/site/model.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { builtinText, parsedProfile, renamePoints } from '../support/renamed-list.js';
import { makeSite, T0 } from './site-fixture.js';

/** The parking server's list, retitled, with its System Enable named `name`; an EV charger beside it. */
function siteWith(name: string): Site {
  const site = makeSite([
    ['controller', 'parking-management-server'],
    ['ev', 'ev-charger-level-2', { behaviour: 'generic' }],
  ]);
  const text = renamePoints(
    builtinText('parking-management-server'),
    { 'System Enable': name },
    'Contrôleur de site',
  );
  const controller = site.devices[0];
  assert.ok(controller);
  controller.profile = parsedProfile(text);
  controller.profileRef = 'controleur-de-site.md';
  return site;
}

for (const name of ['Activation Système', 'Activation du système']) {
  describe(`System Enable named '${name}'`, () => {
    test('is the site System Enable, on until written off', async () => {
      const site = siteWith(name);
      const key = `controller.${slug(name)}`;
      assert.equal(systemEnableKey(site), key);
      const runtime = await Runtime.open({
        site,
        store: new MemoryStore(),
        clock: new VirtualClock(T0),
        seed: 1,
      });
      try {
        assert.equal(runtime.points.value(runtime.points.indexOf(key) as number), true);
        assert.equal(runtime.activeDevices(), 2);
      } finally {
        await runtime.stop();
      }
    });

    test('while it is off, only it can be written and the other devices pause', async () => {
      const site = siteWith(name);
      const key = `controller.${slug(name)}`;
      const store = new MemoryStore();
      const runtime = await Runtime.open({ site, store, clock: new VirtualClock(T0), seed: 1 });
      const write = (req: Pick<WriteRequest, 'key' | 'value' | 'level'>) =>
        runtime.writes.write({ who: 'alice', role: 'admin', via: 'test', ...req });
      try {
        assert.deepEqual(await write({ key, value: 'DISABLE', level: 8 }), {
          ok: true,
          value: false,
          level: 8,
        });
        const refused = await write({ key: 'ev.max-current-limit', value: 10 });
        assert.equal(refused.ok, false);
        assert.equal(!refused.ok && refused.code, 'disabled');
        assert.equal(
          runtime.activeDevices(),
          1,
          'the charger pauses; the controller holding the switch runs',
        );
        assert.equal(
          runtime.points.value(runtime.points.indexOf('ev.max-current-limit') as number),
          19,
          'the refused write changed nothing',
        );
        assert.deepEqual(await write({ key, value: null, level: 8 }), { ok: true, value: true, level: 17 });
        assert.equal((await write({ key: 'ev.max-current-limit', value: 10 })).ok, true);
        assert.equal(runtime.activeDevices(), 2);
      } finally {
        await runtime.stop();
      }
    });
  });
}
