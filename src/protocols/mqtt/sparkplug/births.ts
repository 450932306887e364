// The payloads of births and deaths (specification 3.0, sections 6.4.18–6.4.21 and 7): NBIRTH with the node's
// metrics, DBIRTH with every point of a device as a metric (name, alias, datatype, value, timestamp and its
// properties), NDEATH with the session's bdSeq, DDEATH with none. Their `seq` is appended by the finalizer.

import type { Point, PointsService } from '../../../runtime/services/services.js';
import type { Site } from '../../../site/model.js';
import type { MetricCatalog } from './catalog.js';
import { setMetricValue } from './datatypes.js';
import { DataType, encodePayload, type Metric, type PropertySet, type PropertyValue } from './payload.js';

/** The node metrics a host writes in an NCMD. */
export const NODE_CONTROL = {
  rebirth: 'Node Control/Rebirth',
  nextServer: 'Node Control/Next Server',
  scanRate: 'Node Control/Scan Rate',
} as const;

export const BD_SEQ = 'bdSeq';

function bdSeqMetric(bdSeq: number, timestamp: number): Metric {
  return { name: BD_SEQ, timestamp, datatype: DataType.Int64, longValue: bdSeq };
}

export function nodeBirth(site: Site, catalog: MetricCatalog, bdSeq: number, now: number): Buffer {
  const text = (name: string, value: string): Metric => ({
    name,
    timestamp: now,
    datatype: DataType.String,
    stringValue: value,
  });
  return encodePayload({
    timestamp: now,
    metrics: [
      bdSeqMetric(bdSeq, now),
      { name: NODE_CONTROL.rebirth, timestamp: now, datatype: DataType.Boolean, booleanValue: false },
      { name: NODE_CONTROL.nextServer, timestamp: now, datatype: DataType.Boolean, booleanValue: false },
      // DDATA goes out on change, not at a scan rate: 0.
      { name: NODE_CONTROL.scanRate, timestamp: now, datatype: DataType.Int64, longValue: 0 },
      text('Properties/Site Id', site.site.id),
      text('Properties/Site Name', site.site.name),
      text('Properties/Time Zone', site.site.tz),
      {
        name: 'Properties/Devices',
        timestamp: now,
        datatype: DataType.UInt32,
        intValue: catalog.devices.length,
      },
    ],
  });
}

export function nodeDeath(bdSeq: number, now: number): Buffer {
  return encodePayload({ timestamp: now, metrics: [bdSeqMetric(bdSeq, now)] });
}

export function deviceDeath(now: number): Buffer {
  return encodePayload({ timestamp: now, metrics: [] });
}

const str = (value: string): PropertyValue => ({ type: DataType.String, stringValue: value });

/** A point's properties: what a host needs to show and check it. */
export function pointProperties(point: Point, status: string, writable: boolean): PropertySet {
  const keys: string[] = [];
  const values: PropertyValue[] = [];
  const add = (key: string, value: PropertyValue) => {
    keys.push(key);
    values.push(value);
  };
  add('displayName', str(point.name));
  if (point.unit !== null) add('engUnit', str(point.unit));
  if (point.min !== null) add('engLow', { type: DataType.Double, doubleValue: point.min });
  if (point.max !== null) add('engHigh', { type: DataType.Double, doubleValue: point.max });
  if (point.enum !== null) add('enumStates', str(JSON.stringify(point.enum)));
  if (point.tags.length > 0) add('tags', str(point.tags.join(' ')));
  add('kind', str(point.kind));
  add('writable', { type: DataType.Boolean, booleanValue: writable });
  add('status', str(status));
  if (point.description !== null) add('description', str(point.description));
  return { keys, values };
}

export function deviceBirth(
  points: PointsService,
  catalog: MetricCatalog,
  deviceId: string,
  now: number,
): Buffer {
  const device = catalog.device(deviceId);
  const metrics: Metric[] = [];
  for (const index of device?.indices ?? []) {
    const { point } = points.entry(index);
    const state = points.read(index);
    const type = catalog.dataType(index);
    const metric: Metric = {
      name: point.id,
      alias: catalog.alias[index] as number,
      timestamp: state.ts,
      datatype: type,
      properties: pointProperties(point, state.status, point.kind === 'command'),
    };
    if (points.hasValue(index)) setMetricValue(metric, type, state.value);
    else metric.isNull = true;
    metrics.push(metric);
  }
  return encodePayload({ timestamp: now, metrics });
}
