// FC 43 / MEI 14, Read Device Identification: the objects of each device (vendor Pointyard, product code =
// profile id, revision = Pointyard's version, product name = profile name, model = its local name, user
// application = the device's name; private objects 0x80 device id, 0x81 site name), stream access by
// category (1 basic, 2 regular, 3 extended) and individual access (4).

import { VERSION } from '../../version.js';
import { EXCEPTION, FC, MEI_READ_DEVICE_ID } from './constants.js';
import type { ModbusFault } from './read-tables.js';

/** Basic, regular and extended identification, stream and individual access. */
const CONFORMITY = 0x83;
/** Room for objects in one PDU: 253 bytes less the 7 before them. */
const OBJECT_ROOM = 246;
/** Stream access reads the objects up to the last of its category. */
const LAST_OF_CATEGORY: Record<number, number> = { 1: 0x02, 2: 0x7f, 3: 0xff };

export interface Identity {
  profileId: string;
  profileName: string;
  localName: string | null;
  deviceId: string;
  deviceName: string;
  siteName: string;
}

/** ASCII only, as the spec wants: accents dropped (`Détecteur` → `Detecteur`), anything else `?`. */
export function ascii(text: string): Buffer {
  const plain = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return Buffer.from(plain.replace(/[^\x20-\x7e]/g, '?'), 'latin1');
}

/** The objects of a device by id, in id order. */
export function identityObjects(identity: Identity): Map<number, Buffer> {
  return new Map([
    [0x00, ascii('Pointyard')],
    [0x01, ascii(identity.profileId)],
    [0x02, ascii(VERSION)],
    [0x04, ascii(identity.profileName)],
    [0x05, ascii(identity.localName ?? identity.profileName)],
    [0x06, ascii(identity.deviceName)],
    [0x80, ascii(identity.deviceId)],
    [0x81, ascii(identity.siteName)],
  ]);
}

/** The answer to read device id `code` from `objectId`, or the exception. */
export function readDeviceId(
  objects: Map<number, Buffer>,
  code: number,
  objectId: number,
): Buffer | ModbusFault {
  if (code === 4) {
    const value = objects.get(objectId);
    if (!value)
      return {
        exception: EXCEPTION.illegalDataAddress,
        message: `no device identification object ${objectId}`,
      };
    return answer(code, [[objectId, value.subarray(0, OBJECT_ROOM - 2)]], false, 0);
  }
  const last = LAST_OF_CATEGORY[code] as number;
  const ids = [...objects.keys()].filter((id) => id <= last);
  // An object id the category does not have restarts the stream at object 0.
  const start = ids.includes(objectId) ? objectId : 0;
  const chosen: Array<[number, Buffer]> = [];
  let room = OBJECT_ROOM;
  for (const id of ids) {
    if (id < start) continue;
    const value = (objects.get(id) as Buffer).subarray(0, OBJECT_ROOM - 2);
    if (value.length + 2 > room) return answer(code, chosen, true, id);
    chosen.push([id, value]);
    room -= value.length + 2;
  }
  return answer(code, chosen, false, 0);
}

function answer(
  code: number,
  objects: Array<[number, Buffer]>,
  moreFollows: boolean,
  nextObjectId: number,
): Buffer {
  const size = objects.reduce((sum, [, v]) => sum + 2 + v.length, 0);
  const out = Buffer.allocUnsafe(7 + size);
  out[0] = FC.encapsulatedInterface;
  out[1] = MEI_READ_DEVICE_ID;
  out[2] = code;
  out[3] = CONFORMITY;
  out[4] = moreFollows ? 0xff : 0x00;
  out[5] = nextObjectId;
  out[6] = objects.length;
  let at = 7;
  for (const [id, value] of objects) {
    out[at] = id;
    out[at + 1] = value.length;
    out.set(value, at + 2);
    at += 2 + value.length;
  }
  return out;
}
