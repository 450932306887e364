// A point's BACnet object: what the BACnet plug-in's column puts in `point.addresses.bacnet`.

import type { Point } from '../../points/model.js';

export type BacnetType = 'AI' | 'AO' | 'AV' | 'BI' | 'BO' | 'BV' | 'MSI' | 'MSO' | 'MSV' | 'CSV' | 'DTV';

export interface BacnetAddress {
  type: BacnetType;
  instance: number;
  /** true when Pointyard chose the object, false when the points list gave it. */
  auto: boolean;
}

/** The key of BACnet objects in `point.addresses` (the plug-in's name). */
export const BACNET = 'bacnet';

/** A point's BACnet object; every point read with the BACnet plug-in has one. */
export function bacnetAddressOf(point: Pick<Point, 'id' | 'addresses'>): BacnetAddress {
  const address = point.addresses[BACNET] as BacnetAddress | undefined;
  if (!address) throw new Error(`point '${point.id}' has no BACnet object (read without the BACnet plug-in)`);
  return address;
}
