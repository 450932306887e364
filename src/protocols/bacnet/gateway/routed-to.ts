// Where a gateway request goes beyond the B/IP address it is sent to.

/** Where a request goes beyond the B/IP address: a device behind a router. */
export interface RoutedTo {
  network: number;
  mac: Uint8Array;
}
