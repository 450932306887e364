import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VERSION } from '../../version.js';
import { ascii, identityObjects, readDeviceId } from './device-id.js';
import { decodeResponse } from './responses.js';

const identity = {
  profileId: 'pir-detector',
  profileName: 'PIR Detector',
  localName: 'Détecteur infrarouge passif',
  deviceId: 'pir-1',
  deviceName: 'PIR Zone 1',
  siteName: 'Parc Confluence Sud',
};

function read(objects: Map<number, Buffer>, code: number, objectId = 0) {
  const answer = readDeviceId(objects, code, objectId);
  assert.ok(Buffer.isBuffer(answer), JSON.stringify(answer));
  const r = decodeResponse(answer);
  assert.ok(r.kind === 'device-id');
  return r;
}

describe('FC 43/14 device identification', () => {
  const objects = identityObjects(identity);

  test('basic: vendor, product code (profile id), revision (Pointyard version)', () => {
    const r = read(objects, 1);
    assert.deepEqual(
      [...r.objects],
      [
        [0, 'Pointyard'],
        [1, 'pir-detector'],
        [2, VERSION],
      ],
    );
    assert.equal(r.conformity, 0x83);
    assert.equal(r.moreFollows, false);
  });

  test('regular adds product name, model (local name, in ASCII) and the device name', () => {
    const r = read(objects, 2);
    assert.equal(r.objects.get(4), 'PIR Detector');
    assert.equal(r.objects.get(5), 'Detecteur infrarouge passif');
    assert.equal(r.objects.get(6), 'PIR Zone 1');
    assert.equal(r.objects.has(0x80), false);
  });

  test('extended adds the device id and the site name; a stream may start at a later object', () => {
    const r = read(objects, 3, 0x80);
    assert.deepEqual(
      [...r.objects],
      [
        [0x80, 'pir-1'],
        [0x81, 'Parc Confluence Sud'],
      ],
    );
  });

  test('a stream from an object that does not exist restarts at object 0', () => {
    assert.equal(read(objects, 1, 0x03).objects.get(0), 'Pointyard');
  });

  test('individual access: one object, or exception 02 when there is none', () => {
    assert.deepEqual([...read(objects, 4, 6).objects], [[6, 'PIR Zone 1']]);
    const missing = readDeviceId(objects, 4, 0x03);
    assert.ok(!Buffer.isBuffer(missing) && missing.exception === 2);
  });

  test('objects that do not fit one answer follow in the next (more follows, next object id)', () => {
    const long = identityObjects({ ...identity, profileName: 'P'.repeat(200), deviceName: 'D'.repeat(200) });
    const first = read(long, 2);
    assert.equal(first.objects.get(4), 'P'.repeat(200));
    assert.equal(first.moreFollows, true);
    assert.equal(first.nextObjectId, 5);
    const rest = read(long, 2, first.nextObjectId);
    assert.deepEqual([...rest.objects.keys()], [5, 6]);
    assert.equal(rest.objects.get(6), 'D'.repeat(200));
    assert.equal(rest.moreFollows, false);
  });

  test('ASCII only: accents dropped, other characters ?', () => {
    assert.equal(ascii('Détecteur €').toString('latin1'), 'Detecteur ?');
  });
});
