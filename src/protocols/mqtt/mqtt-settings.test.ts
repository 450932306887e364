import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Site } from '../../site/model.js';
import { mqttSettings } from './mqtt-settings.js';

const site = (mqtt: Record<string, unknown>) =>
  ({ file: null, site: { id: 'demo' }, server: { mqtt } }) as unknown as Site;

test('the embedded broker speaks MQTT 3.1.1: protocolVersion is for an external broker', () => {
  assert.deepEqual(mqttSettings(site({ protocolVersion: 5 }), {}).problems, [
    'protocolVersion is for an external broker: give its url too',
  ]);
  const external = mqttSettings(site({ url: 'mqtt://broker:1883', protocolVersion: 5 }), {});
  assert.deepEqual(external.problems, []);
  assert.equal(external.settings?.protocolVersion, 5);
});

test('anonymous is read (the default) or none', () => {
  assert.equal(mqttSettings(site({}), {}).settings?.broker.kind, 'embedded');
  const none = mqttSettings(site({ anonymous: 'none' }), {}).settings?.broker;
  assert.equal(none?.kind === 'embedded' && none.anonymous, 'none');
  assert.deepEqual(mqttSettings(site({ anonymous: 'write' }), {}).problems, [
    'anonymous must be none or read, not "write"',
  ]);
});
