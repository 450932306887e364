// Home Assistant discovery of the demo: one device-based config per device with every point as a component of
// the right platform, classes, unit and range, reading its JSON topic and commanding its `/set` topic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSite } from '../../../site/load.js';
import { PROTOCOLS } from '../../registry.js';
import { JsonTopics } from '../json/json-topics.js';
import { numberStep } from './ha-components.js';
import { configTopic, deviceConfig } from './ha-device-config.js';

const site = loadSite('sites/demo.yaml', PROTOCOLS).site;
assert.ok(site);
const topics = new JsonTopics('pointyard', site.site.id);
const configOf = (id: string) => {
  const device = site.devices.find((d) => d.id === id);
  assert.ok(device, id);
  return deviceConfig(site.site.id, device, topics);
};

test('a device config: the device, its origin and one component per point', () => {
  assert.equal(
    configTopic('homeassistant', site.site.id, 'dhw-tank'),
    'homeassistant/device/pointyard_lyon-confluence_dhw-tank/config',
  );
  const config = configOf('dhw-tank');
  assert.deepEqual(config.dev.ids, ['pointyard_lyon-confluence_dhw-tank']);
  assert.equal(config.dev.name, 'Staff Rooms Hot Water');
  assert.equal(config.o.name, 'Pointyard');
  const device = site.devices.find((d) => d.id === 'dhw-tank');
  assert.deepEqual(
    Object.keys(config.cmps),
    device?.profile.points.map((p) => p.id),
  );
  for (const [id, c] of Object.entries(config.cmps)) {
    assert.equal(c.unique_id, `pointyard_lyon-confluence_dhw-tank_${id}`);
    if (c.p !== 'button') assert.equal(c.state_topic, `pointyard/lyon-confluence/dhw-tank/${id}`);
    assert.equal((c.availability as { topic: string }[])[0]?.topic, 'pointyard/lyon-confluence/status');
  }
});

test('each kind of point maps to its platform', () => {
  const dhw = configOf('dhw-tank').cmps;
  assert.deepEqual(
    {
      p: dhw['supply-temperature']?.p,
      device_class: dhw['supply-temperature']?.device_class,
      state_class: dhw['supply-temperature']?.state_class,
      unit: dhw['supply-temperature']?.unit_of_measurement,
      value_template: dhw['supply-temperature']?.value_template,
    },
    {
      p: 'sensor',
      device_class: 'temperature',
      state_class: 'measurement',
      unit: '°C',
      value_template: '{{ value_json.val }}',
    },
  );
  // A tank's stored energy goes up and down; a charger's delivered energy is a meter.
  assert.equal(dhw['energy-stored']?.device_class, 'energy_storage');
  assert.equal(configOf('ev-charger-1').cmps['energy-delivered']?.state_class, 'total_increasing');
  const setpoint = dhw['temperature-setpoint'];
  assert.equal(setpoint?.p, 'number');
  assert.equal(setpoint?.command_topic, 'pointyard/lyon-confluence/dhw-tank/temperature-setpoint/set');
  assert.deepEqual([setpoint?.min, setpoint?.max, setpoint?.step], [50, 70, 0.1]);
  assert.equal(setpoint?.state_class, undefined);
  assert.equal(dhw['heating-enable']?.p, 'switch');
  assert.equal(dhw['legionella-cycle']?.p, 'button');
  assert.equal(dhw['legionella-cycle']?.state_topic, undefined);
  assert.equal(dhw['high-temperature-alarm']?.p, 'binary_sensor');
  assert.deepEqual(dhw['tank-status']?.options, ['HEATING', 'STANDBY', 'OFF', 'FAULT']);
  assert.equal(dhw['tank-status']?.device_class, 'enum');
  const pir = configOf('pir-1').cmps;
  assert.equal(pir.sensitivity?.p, 'select');
  assert.deepEqual(pir.sensitivity?.options, ['LOW', 'MEDIUM', 'HIGH']);
  const server = configOf('parking-server').cmps;
  assert.equal(server['last-backup-time']?.device_class, 'timestamp');
  assert.equal(server['tariff-profile']?.p, 'text');
  assert.equal(server['revenue-today']?.unit_of_measurement, 'EUR');
  assert.equal(server['total-occupied']?.unit_of_measurement, undefined);
});

test('number steps follow the range', () => {
  assert.equal(numberStep(0, 100), 1);
  assert.equal(numberStep(50, 70), 0.1);
  assert.equal(numberStep(0, 0.5), 0.01);
});
