// The Who-Is the gateway's client has sent and the I-Am each waits for, by device instance: an I-Am settles
// every wait for its instance; a wait not settled in time fails, and so does every wait when the client
// closes. The route each I-Am gives is its NPDU source (SNET/SADR), or none for a device on the IP network.

import type { RoutedTo } from './routed-to.js';

interface Wait {
  found(routed: RoutedTo | null): void;
  failed(err: Error): void;
}

export class IAmWaits {
  private readonly waits = new Map<number, Wait[]>();

  /** Waits for the I-Am of `instance`; fails with `timeout()`'s error after `ms` (wall time). */
  wait(
    instance: number,
    ms: number,
    timeout: () => Error,
  ): { done: Promise<RoutedTo | null>; fail: (err: Error) => void } {
    let fail: (err: Error) => void = () => {};
    const done = new Promise<RoutedTo | null>((resolve, reject) => {
      const list = this.waits.get(instance) ?? [];
      this.waits.set(instance, list);
      const end = () => {
        clearTimeout(timer);
        const at = list.indexOf(wait);
        if (at >= 0) list.splice(at, 1);
        if (list.length === 0 && this.waits.get(instance) === list) this.waits.delete(instance);
      };
      const wait: Wait = {
        found: (routed) => {
          end();
          resolve(routed);
        },
        failed: (err) => {
          end();
          reject(err);
        },
      };
      const timer = setTimeout(() => wait.failed(timeout()), ms);
      list.push(wait);
      fail = wait.failed;
    });
    return { done, fail };
  }

  /** The I-Am of `instance` came, with its route. */
  found(instance: number, routed: RoutedTo | null): void {
    for (const wait of [...(this.waits.get(instance) ?? [])]) wait.found(routed);
  }

  /** Every wait fails (the client closes). */
  failAll(err: Error): void {
    for (const list of [...this.waits.values()]) for (const wait of [...list]) wait.failed(err);
  }
}
