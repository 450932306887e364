// Where a gateway device's requests go beyond its B/IP address: as the source writes it (`dnet`/`dadr` for a
// device behind a router, none for one on the IP network), or, with `whoIs`, as the device's I-Am says
// (bacnet-client.ts `whoIs`), found once per connection: a new connection after a lost link asks again,
// in case the device moved. No I-Am in time is a lost link, like an unanswered request.

import type { BacnetSource } from '../device-source.js';
import type { BacnetClient, RoutedTo } from './bacnet-client.js';

export class DeviceRoute {
  private readonly written: RoutedTo | null;
  /** The route the device's I-Am gave, and on which connection. */
  private found: { on: BacnetClient; routed: RoutedTo | null } | null = null;

  constructor(private readonly source: BacnetSource) {
    this.written =
      source.dnet !== null && source.dadr !== null
        ? { network: source.dnet, mac: Uint8Array.from(Buffer.from(source.dadr, 'hex')) }
        : null;
  }

  /** The device's route for requests on `client`. */
  async of(client: BacnetClient): Promise<RoutedTo | null> {
    if (!this.source.whoIs) return this.written;
    if (this.found?.on === client) return this.found.routed;
    const routed = await client.whoIs(this.source.instance);
    this.found = { on: client, routed };
    return routed;
  }
}
