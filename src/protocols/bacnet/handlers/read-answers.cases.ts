// The requests the byte-for-byte tests of ReadPropertyMultiple and ReadProperty send (read-answers.test.ts),
// and the application they send them to: a device with one object of every type (fixtures/every-object.md)
// over a real runtime in virtual time, its points given values, statuses, written priorities and an alarm,
// so that every property of every object has something to say. `answerHex` is what the application answers
// (the ComplexACK's body, or the error's class and code), as hex.

import { fileURLToPath } from 'node:url';
import { VirtualClock } from '../../../core/clock.js';
import type { PointStatus } from '../../../core/point-status.js';
import type { Value } from '../../../core/value.js';
import { Runtime } from '../../../runtime/runtime.js';
import type { Services } from '../../../runtime/services/services.js';
import { loadSiteText } from '../../../site/load.js';
import { pointKey } from '../../../site/model.js';
import { MemoryStore } from '../../../store/memory/memory-store.js';
import type { Alarm } from '../../../store/store.js';
import { PROTOCOLS } from '../../registry.js';
import type { BacnetOutbound, BacnetPeer, ConfirmedAnswer } from '../application.js';
import { bacnetAddressOf } from '../bacnet-address.js';
import { createBacnetApplicationWith } from '../bacnet-application.js';
import { BACNET_OBJECT_TYPES } from '../bacnet-map.js';
import {
  ConfirmedService,
  decodeConfirmedRequest,
  encodePropertyValue,
  encodeReadProperty,
  encodeReadPropertyMultiple,
  encodeWriteProperty,
  MAX_INSTANCE,
  type ObjectId,
  ObjectType,
  PropertyId as P,
  type ReadAccessSpecification,
  type ReadPropertyRequest,
} from '../codec/index.js';

const SITE = `site: {id: every-object, name: Every Object, tz: Europe/Paris}
devices: [{id: ahu-1, profile: ./every-object.md, bacnetInstance: 1234}]
`;
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** Monday 5 January 2026, 10:15:30.25 UTC. */
const NOW = Date.UTC(2026, 0, 5, 10, 15, 30, 250);
const PEER: BacnetPeer = { address: '127.0.0.1:47809', routedFrom: null };

/** A request of a case: ReadPropertyMultiple or ReadProperty. */
export type ReadCase =
  | { name: string; rpm: ReadAccessSpecification[] }
  | { name: string; rp: ReadPropertyRequest };

/** The fixture device's Device object. */
const DEVICE: ObjectId = { type: ObjectType.DEVICE, instance: 1234 };
/** An object of the fixture device by its BACnet name (AI0, MSO0…). */
const id = (text: string): ObjectId => {
  const m = /^([A-Z]+)(\d+)$/.exec(text);
  if (!m) throw new Error(text);
  return {
    type: BACNET_OBJECT_TYPES[m[1] as keyof typeof BACNET_OBJECT_TYPES].number,
    instance: Number(m[2]),
  };
};
const OBJECTS = [
  'AI0',
  'AI1',
  'AO0',
  'AV3',
  'BO0',
  'BV1',
  'BO1',
  'MSO0',
  'CSV0',
  'BI0',
  'MSI0',
  'MSV0',
  'DTV0',
  'CSV1',
  'MSV1',
];
const every = (property: number) => OBJECTS.map((o) => ({ object: id(o), properties: [{ property }] }));
const pvAndFlags = (o: string) => ({
  object: id(o),
  properties: [{ property: P.PRESENT_VALUE }, { property: P.STATUS_FLAGS }],
});

/** Cases answered with the points as `settle` leaves them. */
export const CASES: ReadCase[] = [
  { name: 'ALL of every object', rpm: every(P.ALL) },
  { name: 'REQUIRED of every object', rpm: every(P.REQUIRED) },
  { name: 'OPTIONAL of every object', rpm: every(P.OPTIONAL) },
  {
    name: 'ALL, REQUIRED, OPTIONAL of the Device object',
    rpm: [
      { object: DEVICE, properties: [{ property: P.ALL }] },
      {
        object: { type: ObjectType.DEVICE, instance: MAX_INSTANCE },
        properties: [{ property: P.REQUIRED }, { property: P.OPTIONAL }],
      },
    ],
  },
  { name: 'Present_Value and Status_Flags of every object', rpm: OBJECTS.map(pvAndFlags) },
  {
    name: 'errors in the middle',
    rpm: [
      pvAndFlags('AI0'),
      { object: id('AV9'), properties: [{ property: P.PRESENT_VALUE }, { property: P.ALL }] },
      {
        object: id('MSO0'),
        properties: [
          { property: P.PRESENT_VALUE },
          { property: P.POLARITY },
          { property: P.STATE_TEXT, arrayIndex: 0 },
          { property: P.STATE_TEXT, arrayIndex: 2 },
          { property: P.STATE_TEXT, arrayIndex: 4 },
          { property: P.PRESENT_VALUE, arrayIndex: 1 },
          { property: P.PRIORITY_ARRAY, arrayIndex: 10 },
          { property: P.PRIORITY_ARRAY, arrayIndex: 17 },
          { property: 9999 },
          { property: P.STATUS_FLAGS },
        ],
      },
      {
        object: DEVICE,
        properties: [
          { property: P.OBJECT_LIST, arrayIndex: 0 },
          { property: P.OBJECT_LIST, arrayIndex: 3 },
          { property: P.OBJECT_LIST, arrayIndex: 99 },
          { property: P.PROPERTY_LIST, arrayIndex: 2 },
        ],
      },
      { object: { type: ObjectType.DEVICE, instance: 99 }, properties: [{ property: P.OBJECT_NAME }] },
      pvAndFlags('MSI0'),
    ],
  },
  { name: 'ReadProperty Present_Value of AO0', rp: { object: id('AO0'), property: P.PRESENT_VALUE } },
  { name: 'ReadProperty Priority_Array of CSV0', rp: { object: id('CSV0'), property: P.PRIORITY_ARRAY } },
  {
    name: 'ReadProperty Priority_Array[0] of AV3',
    rp: { object: id('AV3'), property: P.PRIORITY_ARRAY, arrayIndex: 0 },
  },
  {
    name: 'ReadProperty State_Text[3] of MSI0',
    rp: { object: id('MSI0'), property: P.STATE_TEXT, arrayIndex: 3 },
  },
  {
    name: 'ReadProperty Object_List of the Device object',
    rp: { object: { type: ObjectType.DEVICE, instance: MAX_INSTANCE }, property: P.OBJECT_LIST },
  },
  { name: 'ReadProperty Property_List of BV1', rp: { object: id('BV1'), property: P.PROPERTY_LIST } },
  {
    name: 'ReadProperty Units[1] of AI0: not an array',
    rp: { object: id('AI0'), property: P.UNITS, arrayIndex: 1 },
  },
  { name: 'ReadProperty an unknown property', rp: { object: id('AI0'), property: P.STATE_TEXT } },
  { name: 'ReadProperty an unknown object', rp: { object: id('AO7'), property: P.PRESENT_VALUE } },
];

/** Cases answered after `breakDateTime`: a value the codec cannot encode is an error among values. */
export const BROKEN_CASES: ReadCase[] = [
  {
    name: 'a value that cannot be encoded, in the middle',
    rpm: [
      pvAndFlags('AI0'),
      {
        object: id('DTV0'),
        properties: [
          { property: P.OBJECT_NAME },
          { property: P.PRESENT_VALUE },
          { property: P.STATUS_FLAGS },
        ],
      },
      { object: id('DTV0'), properties: [{ property: P.ALL }] },
      pvAndFlags('CSV1'),
    ],
  },
  {
    name: 'ReadProperty of a value that cannot be encoded',
    rp: { object: id('DTV0'), property: P.PRESENT_VALUE },
  },
];

/** The application over the fixture device, and how to ask it. */
export async function readAnswers() {
  const { site, diagnostics } = loadSiteText(SITE, 'site.yaml', FIXTURES, PROTOCOLS);
  if (!site) throw new Error(`the fixture site does not load: ${JSON.stringify(diagnostics)}`);
  const clock = new VirtualClock(NOW);
  const runtime = await Runtime.open({ site, store: new MemoryStore(), clock, seed: 1 });
  const device = site.devices[0];
  if (!device) throw new Error('no device');
  const keyOf = (bacnet: string): string => {
    const point = device.profile.points.find((p) => {
      const a = bacnetAddressOf(p);
      return `${a.type}${a.instance}` === bacnet;
    });
    if (!point) throw new Error(`no point on ${bacnet}`);
    return pointKey(device.id, point.id);
  };
  const set = (bacnet: string, value: Value, status: PointStatus = 'ok') =>
    runtime.points.update(runtime.points.indexOf(keyOf(bacnet)) as number, value, clock.now(), status);
  // The open alarms the facade lists (the runtime does not run, so none is raised): one in force (Filter
  // Dirty) and one cleared, not yet acknowledged (Air Flow); only the one in force puts its object in alarm.
  const alarm = (bacnet: string, clearedAt: number | null, id: number): Alarm => {
    const key = keyOf(bacnet);
    const [deviceId, point] = key.split('.') as [string, string];
    return {
      id,
      key,
      device: deviceId,
      point,
      value: true,
      severity: 'alarm',
      state: clearedAt === null ? 'active' : 'cleared',
      raisedAt: NOW,
      ackedAt: null,
      ackedBy: null,
      reported: null,
      clearedAt,
    };
  };
  const alarms = [alarm('BI0', null, 1), alarm('AI1', NOW, 2)];
  const services: Services = {
    ...runtime.services,
    alarms: { ...runtime.services.alarms, open: () => alarms },
  };
  const outbound: BacnetOutbound = { unconfirmed() {}, confirmed: async () => true };
  const app = createBacnetApplicationWith(services, outbound, {
    vendorId: 999,
    vendorName: 'Fixture Vendor',
  });
  const bacnet = app.devices()[0];
  if (!bacnet) throw new Error('no BACnet device');

  async function ask(service: number, body: Uint8Array): Promise<ConfirmedAnswer> {
    const request = decodeConfirmedRequest(service, body);
    if (!request?.ok) throw new Error('the codec refuses the request');
    return app.confirmed(bacnet as NonNullable<typeof bacnet>, request.value, PEER);
  }

  async function write(bacnet: string, value: Parameters<typeof encodePropertyValue>[0], priority?: number) {
    const answer = await ask(
      ConfirmedService.WRITE_PROPERTY,
      encodeWriteProperty({
        object: id(bacnet),
        property: P.PRESENT_VALUE,
        value: encodePropertyValue(value),
        ...(priority ? { priority } : {}),
      }),
    );
    if (answer.kind !== 'simple-ack') throw new Error(`write to ${bacnet}: ${JSON.stringify(answer)}`);
  }

  return {
    /** Values, statuses and written priorities of every point. */
    async settle() {
      set('AI0', 21.5);
      set('AI1', 1234.5, 'fault');
      set('BI0', true, 'down');
      set('MSI0', 'COOLING', 'disabled');
      set('MSV0', 'SUMMER', 'stale');
      set('DTV0', '2026-03-29T01:30:00.000Z');
      set('CSV1', 'v1.2 — é', 'ok');
      set('MSV1', 'MANY', 'unknown');
      await write('AO0', [{ type: 'real', value: 42.25 }], 8);
      await write('AO0', [{ type: 'real', value: 12 }], 14);
      await write('AV3', [{ type: 'real', value: -2.5 }]);
      await write('BO0', [{ type: 'enumerated', value: 1 }], 11);
      await write('BV1', [{ type: 'enumerated', value: 0 }], 9);
      await write('MSO0', [{ type: 'unsigned', value: 3 }], 10);
      await write('CSV0', [{ type: 'characterString', value: 'Hello' }], 12);
    },
    /** Present_Value of the DateTime Value beyond what a BACnet Date can carry (year 2300). */
    breakDateTime() {
      set('DTV0', '2300-01-01T00:00:00.000Z');
    },
    /** The answer to `c` as hex: the ComplexACK's body, else `kind:class:code` (or the reject reason). */
    async answerHex(c: ReadCase): Promise<string> {
      const answer =
        'rpm' in c
          ? await ask(ConfirmedService.READ_PROPERTY_MULTIPLE, encodeReadPropertyMultiple(c.rpm))
          : await ask(ConfirmedService.READ_PROPERTY, encodeReadProperty(c.rp));
      switch (answer.kind) {
        case 'complex-ack':
          return Buffer.from(answer.body).toString('hex');
        case 'error':
          return `error:${answer.errorClass}:${answer.errorCode}`;
        default:
          return JSON.stringify(answer);
      }
    },
    async close() {
      app.close();
      await runtime.stop();
    },
  };
}
