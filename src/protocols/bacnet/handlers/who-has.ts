// Who-Has (clause 16.9): a device that has the object named (by identifier or by name), within the instance
// range when one is given, answers I-Have.
import type { UnconfirmedAnswer } from '../application.js';
import { encodeIHave, UnconfirmedService, type WhoHas } from '../codec/index.js';
import type { DeviceObjects } from '../objects/device-objects.js';
import { isDeviceObject } from '../objects/read-property-value.js';

export function whoHas(d: DeviceObjects, request: WhoHas): UnconfirmedAnswer[] {
  const { range } = request;
  if (range && (d.id.instance < range.low || d.id.instance > range.high)) return [];
  let found: { id: typeof d.id; name: string } | undefined;
  if ('objectId' in request) {
    const { objectId } = request;
    if (isDeviceObject(d, objectId) && objectId.instance === d.id.instance)
      found = { id: d.id, name: d.bacnet.name };
    else {
      const object = d.pointObject(objectId);
      if (object) found = { id: object.id, name: object.name };
    }
  } else {
    const id = d.idOfName(request.objectName);
    if (id) found = { id, name: request.objectName };
  }
  if (!found) return [];
  const body = encodeIHave({ device: d.id, object: found.id, objectName: found.name });
  return [{ service: UnconfirmedService.I_HAVE, body }];
}
