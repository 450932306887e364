// A device's Home Assistant discovery config, device-based (Home Assistant 2024.11 and later): one retained
// message on `<prefix>/device/<node id>/config` with the device (`dev`), its origin (`o`) and one component per
// point (`cmps`, keyed by the point's id). The node id is `pointyard_<site>_<device>`.

import type { Device } from '../../../site/model.js';
import { VERSION } from '../../../version.js';
import type { JsonTopics } from '../json/json-topics.js';
import { type Component, componentOf } from './ha-components.js';

export interface DeviceConfig {
  dev: Record<string, unknown>;
  o: Record<string, unknown>;
  cmps: Record<string, Component>;
  qos: number;
}

/** The node id of a device: unique across sites, made of the characters a discovery topic allows. */
export function nodeId(siteId: string, deviceId: string): string {
  return `pointyard_${siteId}_${deviceId}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The discovery topic of a device. */
export function configTopic(prefix: string, siteId: string, deviceId: string): string {
  return `${prefix}/device/${nodeId(siteId, deviceId)}/config`;
}

export function deviceConfig(siteId: string, device: Device, topics: JsonTopics): DeviceConfig {
  const node = nodeId(siteId, device.id);
  const cmps: Record<string, Component> = {};
  for (const point of device.profile.points)
    cmps[point.id] = componentOf(point, `${node}_${point.id}`, {
      state: topics.point(device.id, point.id),
      command: topics.set(device.id, point.id),
      availability: topics.status,
    });
  return {
    dev: {
      ids: [node],
      name: device.name,
      mf: 'Pointyard',
      mdl: device.profile.name,
      mdl_id: device.profile.id,
      sw: VERSION,
    },
    o: { name: 'Pointyard', sw: VERSION },
    cmps,
    qos: 1,
  };
}
