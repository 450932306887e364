// The site's points as Sparkplug metrics, computed once: each device's metrics, each point's alias and data
// type, and the look-ups a command needs (alias → point, device and name → point).
//
// Aliases are unique in the edge node and the same at every start of the same site file:
// alias = device's position in the site × 2^20 + point's position in its profile. Appending a device or a
// point at the end of its list changes no other alias.

import type { PointsService } from '../../../runtime/services/services.js';
import { dataTypeOf } from './datatypes.js';
import type { DataTypeCode } from './payload.js';

const POINTS_PER_DEVICE = 2 ** 20;

export interface CatalogDevice {
  readonly id: string;
  /** Store indices of its points, in profile order. */
  readonly indices: number[];
  /** Metric name (the point's id) → store index. */
  readonly byName: Map<string, number>;
}

export class MetricCatalog {
  readonly devices: CatalogDevice[] = [];
  private readonly byId = new Map<string, CatalogDevice>();
  /** By store index: the device's position in `devices`, the alias, the data type. */
  readonly deviceOf: Int32Array;
  readonly alias: Float64Array;
  readonly type: Uint8Array;
  private readonly byAlias = new Map<number, number>();

  constructor(points: Pick<PointsService, 'size' | 'entry'>) {
    const n = points.size;
    this.deviceOf = new Int32Array(n);
    this.alias = new Float64Array(n);
    this.type = new Uint8Array(n);
    const ordinals = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const { device, point } = points.entry(i);
      let found = this.byId.get(device.id);
      if (!found) {
        found = { id: device.id, indices: [], byName: new Map() };
        this.byId.set(device.id, found);
        ordinals.set(device.id, this.devices.length);
        this.devices.push(found);
      }
      const deviceOrdinal = ordinals.get(device.id) as number;
      const pointOrdinal = Math.max(0, device.profile.points.indexOf(point));
      const alias = deviceOrdinal * POINTS_PER_DEVICE + pointOrdinal;
      found.indices.push(i);
      found.byName.set(point.id, i);
      this.deviceOf[i] = deviceOrdinal;
      this.alias[i] = alias;
      this.type[i] = dataTypeOf(point);
      this.byAlias.set(alias, i);
    }
  }

  device(id: string): CatalogDevice | undefined {
    return this.byId.get(id);
  }

  /** The store index of the metric with this alias, or undefined. */
  indexOfAlias(alias: number): number | undefined {
    return this.byAlias.get(alias);
  }

  dataType(index: number): DataTypeCode {
    return this.type[index] as DataTypeCode;
  }
}
